"""What a member may do with a listing now, and why not.

Services enforce with these functions (orders.services.check_can_buy raises
`buy_refusal`'s message), views and templates display with `listing_actions`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.selectors import is_blocked_between
from listings import visibility

# Why a listing cannot be bought, in the order they are checked.
ACCOUNT, OWN, SOLD, NOT_ON_SALE, HELD, SELLER_SUSPENDED, BLOCKED, AWAY = (
    "account",
    "own",
    "sold",
    "not_on_sale",
    "held",
    "seller_suspended",
    "blocked",
    "away",
)


def listing_limit(completed_sales: int) -> int:
    """How many listings a seller with `completed_sales` may have on sale or
    paused at once: ACTIVE_LISTING_LIMIT_BASE plus ACTIVE_LISTING_LIMIT_PER_SALE
    per completed sale."""
    return (
        settings.ACTIVE_LISTING_LIMIT_BASE
        + settings.ACTIVE_LISTING_LIMIT_PER_SALE * completed_sales
    )


def _account_refusal(member) -> str | None:
    if not member.is_active:
        return _("Your account is suspended.")
    if not member.is_verified:
        return _("Verify your email before you buy or make offers.")
    return None


def _item_refusal(listing, member) -> tuple[str, str] | tuple[None, None]:
    """Why `member` cannot buy `listing` for reasons of the item or the people."""
    if member.pk is not None and listing.seller_id == member.pk:
        return OWN, _("This is your own listing; you cannot buy it.")
    if listing.is_sold:
        return SOLD, _("This item was just sold.")
    if not listing.is_on_sale:
        return NOT_ON_SALE, _("This item is not on sale.")
    if listing.held_for_review_at is not None:
        return HELD, _("This item is under review by Nomi staff.")
    seller = listing.seller
    if not seller.is_active:
        return SELLER_SUSPENDED, _("This seller's account is suspended.")
    if member.is_authenticated and is_blocked_between(member, seller):
        return BLOCKED, _("You cannot buy from or make offers to this member.")
    if seller.on_vacation:
        return AWAY, _("The seller is away until %(date)s; try again after that.") % {
            "date": seller.vacation_until.strftime("%B %-d")
        }
    return None, None


def buy_refusal_kind(listing, member) -> tuple[str, str] | tuple[None, None]:
    """(kind, message) of the first reason `member` may not buy `listing`."""
    if message := _account_refusal(member):
        return ACCOUNT, message
    return _item_refusal(listing, member)


def buy_refusal(listing, member) -> str | None:
    """Why `member` may not buy or make an offer on `listing` now, or None.

    An active, verified member; not their own item; the item on sale; the
    seller active and not away; neither member has blocked the other.
    """
    return buy_refusal_kind(listing, member)[1]


@dataclass(frozen=True)
class ListingActions:
    """What the viewing member may do with a listing now (the item page)."""

    is_owner: bool
    # "Buy now" and "Make offer" are offered: nothing about the item or the
    # people stands in the way (a visitor logs in, an unverified member
    # verifies, on the way to checkout, which checks `buy_refusal` again).
    buy: bool
    buy_refusal: str | None
    blocked: bool
    seller_away: bool
    like: bool
    edit: bool
    publish: bool
    pause: bool
    resume: bool
    offer_settings: bool


def listing_actions(listing, member) -> ListingActions:
    """The item page's actions for `member` (anonymous visitors included)."""
    owner = member.is_authenticated and member.pk == listing.seller_id
    kind, item_refusal = _item_refusal(listing, member)
    account_refusal = _account_refusal(member) if member.is_authenticated else None
    status = listing.Status
    to_sale = owner and listing.seller_can_move_to(status.ON_SALE)
    return ListingActions(
        is_owner=owner,
        buy=kind is None,
        buy_refusal=(account_refusal or item_refusal)
        if member.is_authenticated
        else None,
        blocked=kind == BLOCKED,
        seller_away=listing.seller.on_vacation,
        like=not owner and visibility.is_viewable(listing),
        edit=owner and not (listing.is_sold or listing.is_removed),
        publish=to_sale and listing.is_draft,
        pause=owner and listing.seller_can_move_to(status.PAUSED),
        resume=to_sale and listing.is_paused,
        offer_settings=owner and (listing.is_on_sale or listing.is_paused),
    )
