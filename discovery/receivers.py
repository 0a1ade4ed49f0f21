"""What discovery does when a listings hook fires.

Registered in `DiscoveryConfig.ready()`; docs/architecture.md lists every hook.
"""

from accounts import hooks as account_hooks
from accounts.selectors import iso
from discovery import tasks
from discovery.models import Like, SavedSearch
from discovery.selectors import is_liked
from discovery.services import forget_member, is_notable_price_drop
from listings import hooks as listing_hooks
from marketplace.background import dispatch


def item_page_heart(*, request, listing, actions) -> dict:
    """Whether the viewer's heart on the item page is filled."""
    return {"liked": is_liked(user=request.user, listing=listing)}


def member_discovery_data(*, member) -> dict:
    """The member's likes and saved searches for their data download."""
    return {
        "likes": [
            {
                "listing_id": like.listing_id,
                "title": like.listing.title,
                "price_cents_at_like": like.price_cents_at_like,
                "liked_at": iso(like.created_at),
            }
            for like in Like.objects.filter(user=member)
            .select_related("listing")
            .order_by("created_at", "id")
        ],
        "saved_searches": [
            {
                "name": search.name,
                "query": search.query,
                "email_alerts": search.email_alerts,
                "saved_at": iso(search.created_at),
            }
            for search in SavedSearch.objects.filter(user=member).order_by(
                "created_at", "id"
            )
        ],
    }


def queue_price_drop_alert(*, listing, old_cents: int, new_cents: int) -> None:
    """Tell the likers of a price drop once the edit commits: the fan-out runs
    on a worker (or after commit in-process), not in the seller's request."""
    if is_notable_price_drop(old_cents=old_cents, new_cents=new_cents):
        dispatch(tasks.price_drop_alert, listing.pk, old_cents, new_cents)


def forget_deleted_member(*, member) -> None:
    forget_member(member=member)


def register() -> None:
    account_hooks.member_data.register(member_discovery_data)
    account_hooks.member_deleted.register(forget_deleted_member)
    listing_hooks.price_lowered.register(queue_price_drop_alert)
    listing_hooks.item_page_context.register(item_page_heart)
