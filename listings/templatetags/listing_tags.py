from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.filter
def thumb_height(photo, width) -> int:
    """Height of `photo` scaled to `width`, for the <img height> attribute."""
    return photo.thumb_height(int(width))


@register.filter
def at_most(number, limit) -> bool:
    """`{{ forloop.counter|at_most:8 }}`: true for the first `limit` items."""
    return int(number) <= int(limit)


# A card is the same for every viewer until its listing changes: its key holds
# everything on it that can change (the listing's update time, likes, status).
CARD_SECONDS = 600
CARD_TEMPLATE = "_partials/_listing_card.html"


def _card_key(listing, eager: bool) -> str:
    return (
        f"listing-card-3:{listing.pk}:{listing.updated_at.timestamp():.6f}:"
        f"{listing.like_count}:{listing.status}:{int(eager)}:{get_language()}"
    )


@register.simple_tag
def listing_cards(listings, eager_count=0) -> SafeString:
    """The `<li>` cards of `listings`, the first `eager_count` with eager images.

    Cards are cached one by one and fetched together (one cache round trip for
    the page); only the missing ones go through the template engine.
    """
    listings = list(listings)
    eager_count = int(eager_count)
    keys = [
        _card_key(listing, number <= eager_count)
        for number, listing in enumerate(listings, start=1)
    ]
    found = cache.get_many(keys)
    missing = {}
    html = []
    for number, (listing, key) in enumerate(zip(listings, keys, strict=True), 1):
        if key not in found:
            found[key] = missing[key] = get_template(CARD_TEMPLATE).render(
                {"listing": listing, "eager": number <= eager_count}
            )
        html.append(found[key])
    if missing:
        cache.set_many(missing, CARD_SECONDS)
    # Each card was rendered by the template engine, escaped where it must be.
    return SafeString("".join(html))
