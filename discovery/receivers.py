"""What discovery does when a listings hook fires.

Registered in `DiscoveryConfig.ready()`; docs/architecture.md lists every hook.
"""

from discovery.selectors import is_liked
from discovery.services import notify_price_drop
from listings import hooks as listing_hooks


def item_page_heart(*, request, listing, actions) -> dict:
    """Whether the viewer's heart on the item page is filled."""
    return {"liked": is_liked(user=request.user, listing=listing)}


def register() -> None:
    # notify_price_drop takes the hook's arguments as they are.
    listing_hooks.price_lowered.register(notify_price_drop)
    listing_hooks.item_page_context.register(item_page_heart)
