"""What listings adds when an accounts hook fires.

Registered in `ListingsConfig.ready()`; docs/architecture.md lists every hook.
"""

from urllib.parse import urlencode

from accounts import hooks as account_hooks
from accounts.selectors import iso
from listings.models import Listing
from listings.search import SearchParams, search_listings
from listings.selectors import public_listing_counts
from listings.services import withdraw_member_listings


def profile_listings(*, request, member) -> dict:
    """A profile's listings: the "on sale" or "sold" tab, newest first, paged."""
    tab = "sold" if request.GET.get("tab") == "sold" else "on_sale"
    params = SearchParams(
        seller_id=member.pk,
        status=tab,
        sort="newest",
        cursor=request.GET.get("cursor", "")[:200],
    )
    result = search_listings(params, with_counts=False)

    def link(cursor):
        query = urlencode([("tab", tab), ("cursor", cursor)]) if cursor else ""
        return f"{request.path}?{query}" if query else ""

    return {
        "tab": tab,
        "counts": public_listing_counts(seller=member),
        "listings": result.listings,
        "notices": result.notices,
        "next_url": link(result.next_cursor),
        "previous_url": link(result.previous_cursor),
    }


def member_listings_data(*, member) -> dict:
    """The member's listings for their data download (photos by file name)."""
    listings = (
        Listing.objects.filter(seller=member)
        .select_related("category", "shipping_tier")
        .prefetch_related("photos")
        .order_by("created_at", "id")
    )
    return {
        "listings": [
            {
                "id": listing.pk,
                "title": listing.title,
                "description": listing.description,
                "category": listing.category.name,
                "brand": listing.brand_name,
                "condition": listing.condition,
                "size": listing.size,
                "colour": listing.colour,
                "price_cents": listing.price_cents,
                "shipping_payer": listing.shipping_payer,
                "shipping_cents": listing.shipping_cents,
                "ships_from_zip": listing.ships_from_zip,
                "status": listing.status,
                "like_count": listing.like_count,
                "created_at": iso(listing.created_at),
                "published_at": iso(listing.published_at),
                "photos": [photo.image.name for photo in listing.photos.all()],
            }
            for listing in listings
        ]
    }


def withdraw_listings_of_deleted_member(*, member) -> None:
    withdraw_member_listings(seller=member)


def register() -> None:
    account_hooks.profile_page_context.register(profile_listings)
    account_hooks.member_data.register(member_listings_data)
    account_hooks.member_deleted.register(withdraw_listings_of_deleted_member)
