"""Discovery's background work: price-drop fan-out and saved-search digests."""

import logging

from django.core.cache import cache

from discovery.services import notify_price_drop, send_saved_search_alerts
from listings.models import Listing
from marketplace.background import background_task

logger = logging.getLogger(__name__)

# One digest run at a time: two overlapping runs (a slow run and the next one
# from beat, or a redelivered one) could each mail a member the same items.
# Past this many seconds the lock lapses, so a run killed mid-way does not
# block the next ones; the members it had not reached are caught up then.
ALERT_RUN_LOCK_SECONDS = 14 * 60


@background_task("discovery.price_drop_alert")
def price_drop_alert(listing_id: int, old_cents: int, new_cents: int) -> int:
    """Tell every member who liked the listing of its price drop, once each
    (`discovery.services.notify_price_drop`); returns how many were told."""
    listing = Listing.objects.filter(pk=listing_id).first()
    if listing is None:
        return 0
    return notify_price_drop(listing=listing, old_cents=old_cents, new_cents=new_cents)


@background_task("discovery.send_saved_search_alerts")
def saved_search_alerts() -> dict[str, int]:
    """Each member's digest of new matches for their saved searches.

    Searches remember when they were last alerted, so a second run finds
    nothing new to send.
    """
    lock = "discovery:saved-search-alerts:running"
    if not cache.add(lock, 1, ALERT_RUN_LOCK_SECONDS):
        logger.info("Saved-search alerts already running; this run skipped.")
        return {"skipped": 1}
    try:
        summary = send_saved_search_alerts()
    finally:
        cache.delete(lock)
    return {
        "members": summary.members,
        "emails": summary.emails,
        "items": summary.items,
        "skipped searches": summary.skipped_searches,
    }
