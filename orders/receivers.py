"""What orders does when a lower app's hook fires.

Registered in `OrdersConfig.ready()`; docs/architecture.md lists every hook.
"""

import math

from django.utils.translation import ngettext

from accounts import hooks as account_hooks
from listings import hooks as listing_hooks
from marketplace.shared import fragment_key, shared_value
from orders import account_data, selectors
from orders.forms.checkout import OfferSettingsForm
from orders.services import (
    close_offers_between,
    close_offers_of_suspended_member,
    close_offers_on_withdrawn_listing,
    close_offers_priced_out,
)


def close_offers_of_blocked_members(*, blocker, blocked) -> None:
    """A block declines the open offers either member made on the other's items."""
    close_offers_between(blocker, blocked)


def close_offers_of_suspended(*, member) -> None:
    """A suspension declines the member's open offers, made or received."""
    close_offers_of_suspended_member(member)


def close_offers_above_new_price(*, listing, old_cents: int, new_cents: int) -> None:
    """A price cut declines the offers that buy-now now undercuts."""
    close_offers_priced_out(listing.pk, price_cents=new_cents)


def close_offers_of_withdrawn_listing(*, listing) -> None:
    """A paused or removed listing declines its open offers."""
    close_offers_on_withdrawn_listing(listing.pk)


def listing_has_trades(*, listing) -> bool:
    return listing.orders.exists() or listing.offers.exists()


def count_completed_sales(*, seller) -> int:
    return selectors.completed_sales(seller=seller).count()


def item_page_offers(*, request, listing, actions) -> dict:
    """The viewer's own open offer replaces "Make offer"; the seller sees the
    open offers, their automatic answers and the offer settings."""
    offers_open = actions.offer_settings
    return {
        "open_offer": (
            selectors.open_offer_of(listing=listing, buyer=request.user)
            if actions.buy
            else None
        ),
        "received_offers": (
            selectors.list_pending_offers_for_listing(listing=listing)
            if offers_open
            else []
        ),
        "offer_settings_form": (
            OfferSettingsForm.for_settings(selectors.offer_settings_of(listing))
            if offers_open
            else None
        ),
    }


def item_page_seller_card(*, request, listing, actions) -> dict:
    """The seller card's ratings, completed sales and ship time, the same
    numbers as on the profile (badges are on the seller)."""
    # The same for every viewer: shared for a few seconds (marketplace.shared).
    stats = shared_value(
        request,
        fragment_key("seller-stats", listing.seller_id),
        lambda: selectors.seller_stats(seller=listing.seller),
    )
    return {
        "seller_card": stats,
        "seller_ships_within": ships_within(stats.median_ship_hours),
    }


def selling_page_orders(*, request) -> dict:
    """/selling/: the seller's orders by what needs doing and offers received."""
    return {
        "order_groups": selectors.list_orders_grouped(user=request.user, role="seller"),
        "offers": selectors.list_offers(user=request.user, role="seller"),
    }


def ships_within(hours: float | None) -> str:
    """The profile's "Usually ships within N hours/days", rounded up; "" if unknown."""
    if hours is None:
        return ""
    if hours < 24:
        count = max(1, math.ceil(hours))
        return ngettext(
            "Usually ships within %(count)d hour",
            "Usually ships within %(count)d hours",
            count,
        ) % {"count": count}
    count = math.ceil(hours / 24)
    return ngettext(
        "Usually ships within %(count)d day",
        "Usually ships within %(count)d days",
        count,
    ) % {"count": count}


def profile_reputation(*, request, member) -> dict:
    """A profile's ratings and seller stats."""
    reputation = selectors.member_reputation(member=member)
    return {
        "reputation": reputation,
        "ships_within": ships_within(reputation.median_ship_hours),
    }


def register() -> None:
    account_hooks.member_blocked.register(close_offers_of_blocked_members)
    account_hooks.member_suspended.register(close_offers_of_suspended)
    account_hooks.profile_page_context.register(profile_reputation)
    listing_hooks.price_lowered.register(close_offers_above_new_price)
    listing_hooks.listing_withdrawn.register(close_offers_of_withdrawn_listing)
    listing_hooks.listing_has_trades.register(listing_has_trades)
    listing_hooks.completed_sales.register(count_completed_sales)
    listing_hooks.item_page_context.register(item_page_offers)
    listing_hooks.item_page_context.register(item_page_seller_card)
    listing_hooks.selling_page_context.register(selling_page_orders)
    # Trust: account data download and deletion (orders/account_data.py).
    account_hooks.member_data.register(account_data.member_orders_data)
    account_hooks.deletion_refusal.register(account_data.order_deletion_refusal)
    account_hooks.member_deleted.register(account_data.close_offers_of_deleted_member)
