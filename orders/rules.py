"""What a member may do with an offer or an order now, and why not.

Services enforce with these functions (raising OrderError with the refusal),
views and templates display with `offer_actions` and `order_actions`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import is_blocked_between
from orders.models import Offer, Order

Actor = Order.Actor

# --- Offers ------------------------------------------------------------------------

# Who answers an offer through each endpoint, and in which state: the seller
# answers a pending offer, the buyer a counter. Offer.TRANSITIONS says which
# moves exist at all; this says which one each endpoint makes, so the buyer
# cannot accept their own counter through the seller's "accept".
SELLER_ANSWERS = (Offer.Status.PENDING, frozenset({Actor.SELLER, Actor.SYSTEM}))
BUYER_ANSWERS = (Offer.Status.COUNTERED, frozenset({Actor.BUYER, Actor.SYSTEM}))


ROLE_REFUSALS = {
    Offer.Status.PENDING: _("Only the seller can accept, decline or counter an offer."),
    Offer.Status.COUNTERED: _("Only the buyer can accept or decline a counter offer."),
}


def offer_role(offer: Offer, member) -> str:
    """The member's role in the offer; SYSTEM for None (Nomi), "" for others."""
    if member is None:
        return Actor.SYSTEM
    if member.pk == offer.buyer_id:
        return Actor.BUYER
    if member.pk == offer.listing.seller_id:
        return Actor.SELLER
    return ""


def offer_answer_refusal(
    offer: Offer,
    *,
    member,
    answers: tuple,
    to: str | None = None,
    now: datetime | None = None,
) -> str | None:
    """Why `member` may not answer `offer` through the endpoint `answers`, or None.

    `answers` is SELLER_ANSWERS or BUYER_ANSWERS. Without `to` only the role is
    checked; with it, the offer's state too; with `now`, its expiry too.
    """
    from_status, roles = answers
    role = offer_role(offer, member)
    if not role:
        return _("This offer is not yours.")
    if role not in roles:
        return ROLE_REFUSALS[from_status]
    if to is None:
        return None
    if offer.status != from_status or not offer.can_move(to, role):
        return _("This offer is %(state)s; it can no longer be answered that way.") % {
            "state": offer.get_status_display().lower()
        }
    if now is not None and offer.expires_at <= now:
        return _("This offer has expired.")
    return None


def acceptance_refusal(offer: Offer) -> str | None:
    """Why an accepted offer or counter can no longer become an order, or None.

    Checked under the locks at acceptance (the item was claimed just before):
    the buyer was suspended since the offer, or either member blocked the
    other. Who may make the offer in the first place is
    `listings.rules.buy_refusal`.
    """
    if not offer.buyer.is_active:
        return _("The buyer's account is suspended.")
    if is_blocked_between(offer.buyer, offer.listing.seller):
        return _("This offer cannot be accepted: one of you blocked the other.")
    return None


def dispute_photo_room(already: int) -> int:
    """How many more photos a problem report may carry, with `already` in it:
    at most DISPUTE_MAX_PHOTOS in all (staging and the report both ask)."""
    return max(0, settings.DISPUTE_MAX_PHOTOS - already)


def offer_is_live(offer: Offer, now: datetime) -> bool:
    """Open and not yet past its deadline (expire_offers closes it later)."""
    return offer.is_open and offer.expires_at > now


@dataclass(frozen=True)
class OfferActions:
    """What the viewing member may do with an offer now."""

    is_buyer: bool
    live: bool
    seller_answer: bool  # accept, decline or counter
    buyer_answer: bool  # accept or decline the counter
    waiting_for_seller: bool
    waiting_for_buyer: bool


def offer_actions(offer: Offer, member, now: datetime) -> OfferActions:
    """The offer page's answers for `member` (the buyer or the item's seller)."""
    is_buyer = member.pk == offer.buyer_id
    live = offer_is_live(offer, now)

    def may(answers) -> bool:
        refusal = offer_answer_refusal(
            offer, member=member, answers=answers, to=Offer.Status.ACCEPTED, now=now
        )
        return refusal is None

    return OfferActions(
        is_buyer=is_buyer,
        live=live,
        seller_answer=may(SELLER_ANSWERS),
        buyer_answer=may(BUYER_ANSWERS),
        waiting_for_seller=is_buyer and live and offer.is_pending,
        waiting_for_buyer=not is_buyer and live and offer.is_countered,
    )


# --- Orders ------------------------------------------------------------------------


def move_refusal(order: Order, *, to: str, role: str) -> str | None:
    """Why `role` may not move `order` to `to` now (table and payment), or None."""
    if not order.can_move(to, role):
        return _("This order is %(state)s; that is not possible now.") % {
            "state": order.get_status_display().lower()
        }
    if not order.payment_captured:
        return _("The payment is still being processed; try again.")
    return None


def cancel_refusal(order: Order, member, now: datetime) -> str | None:
    """Why `member` may not cancel `order` now, or None.

    The seller any time before shipping; the buyer once the ship-by date passed.
    """
    role = order.role_of(member)
    if not role:
        return _("This order is not yours.")
    if refusal := move_refusal(order, to=Order.Status.CANCELLED, role=role):
        return refusal
    if role == Actor.BUYER and not order.ship_deadline_passed(now):
        return _("You can cancel if the item has not shipped by %(date)s.") % {
            "date": timezone.localtime(order.ship_by).strftime("%B %-d")
        }
    return None


def report_refusal(order: Order, member) -> str | None:
    """Why `member` may not report a problem with `order` now, or None."""
    if order.role_of(member) != Actor.BUYER:
        return _("Only the buyer can report a problem with an order.")
    if not order.can_move(Order.Status.DISPUTED, Actor.BUYER):
        return _("This order is %(state)s; a problem can no longer be reported.") % {
            "state": order.get_status_display().lower()
        }
    if not order.payment_captured:
        return _("The payment is still being processed; try again.")
    return None


@dataclass(frozen=True)
class OrderActions:
    """What the viewing member may do to the order right now."""

    ship: bool = False
    cancel: bool = False
    confirm: bool = False
    report: bool = False
    rate: bool = False
    # The payment is still being captured: nothing can happen yet.
    processing: bool = False
    # The buyer of a paid order may cancel from then on (shown before it).
    buyer_can_cancel_from: datetime | None = None
    cancel_refusal: str | None = None
    report_refusal: str | None = None

    def offers(self, name: str) -> bool:
        return getattr(self, name)


def order_actions(
    order: Order, member, now: datetime, *, rated: bool | None = None
) -> OrderActions:
    """The order page's actions for its buyer or seller; services check again.

    `rated`: whether the member already rated the order (read when not given).
    """
    role = order.role_of(member)
    paid = order.status == Order.Status.PAID
    cancel = cancel_refusal(order, member, now)
    report = report_refusal(order, member)
    processing = paid and not order.payment_captured
    if rated is None:
        rated = order.rating_window_open(now) and (
            order.ratings.filter(rater=member).exists()
        )
    return OrderActions(
        ship=move_refusal(order, to=Order.Status.SHIPPED, role=role) is None,
        cancel=cancel is None,
        confirm=move_refusal(order, to=Order.Status.COMPLETED, role=role) is None
        and role == Actor.BUYER,
        report=report is None,
        rate=not processing and order.rating_window_open(now) and not rated,
        processing=processing,
        buyer_can_cancel_from=order.ship_by if role == Actor.BUYER and paid else None,
        cancel_refusal=cancel,
        report_refusal=report,
    )


# --- The order page's stepper -------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of an order's progress: finished, current (the one under way or
    where it stopped) or still ahead. `stopped` marks where an order left the
    usual path (cancelled, refunded, a problem reported)."""

    key: str
    label: str
    done: bool = False
    current: bool = False
    stopped: bool = False


def _pipeline() -> list[tuple[str, str]]:
    return [
        ("paid", _("Paid")),
        ("shipped", _("Shipped")),
        ("delivered", _("Delivered")),
        ("rated", _("Rated")),
    ]


# How many of the usual steps each status has finished.
_STEPS_DONE = {
    Order.Status.PAID: 1,
    Order.Status.SHIPPED: 2,
    Order.Status.COMPLETED: 3,
}


def order_steps(order: Order, *, rated: bool = False, now=None) -> list[Step]:
    """Paid → Shipped → Delivered → Rated for the order's state, as steps.

    `rated`: the viewing member already rated the order. A completed order is
    fully done once the viewer rated or the rating window closed. A cancelled,
    refunded or disputed order stops after the steps it reached, with one
    step saying so.
    """
    pipeline = _pipeline()
    status = order.status
    if status in _STEPS_DONE:
        done = _STEPS_DONE[status]
        if status == Order.Status.COMPLETED and (
            rated or not order.rating_window_open(now)
        ):
            done = len(pipeline)
        return [
            Step(key, label, done=i < done, current=i == done)
            for i, (key, label) in enumerate(pipeline)
        ]
    reached = 2 if order.shipped_at else 1
    stop_label = {
        Order.Status.CANCELLED: _("Cancelled"),
        Order.Status.REFUNDED: _("Refunded"),
        Order.Status.DISPUTED: _("Problem reported"),
    }.get(status, order.get_status_display())
    steps = [Step(key, label, done=True) for key, label in pipeline[:reached]]
    return [*steps, Step(str(status), stop_label, current=True, stopped=True)]
