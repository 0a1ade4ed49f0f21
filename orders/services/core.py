"""Shared parts of every purchase.

What the buyer gives, the quote, who may buy, order and offer events, emails.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Address
from listings.models import Listing
from listings.rules import SOLD, buy_refusal_kind
from marketplace.retry import atomic_with_retry, is_lost_lock
from marketplace.text import normalize_model_text
from notifications.models import Kind
from notifications.services import notify
from orders import ledger, payment_states
from orders.exceptions import (
    ItemSold,
    NotBuyable,
    OrderError,
    TryAgain,
)
from orders.models import (
    LedgerEntry,
    Offer,
    Order,
    OrderEvent,
)
from orders.payments import DeclineReason
from orders.pricing import Quote, quote

User = get_user_model()
Actor = Order.Actor
Account = LedgerEntry.Account


# --- What the buyer gives ------------------------------------------------------


@dataclass(frozen=True)
class ShippingAddress:
    full_name: str
    line1: str
    city: str
    state: str
    zip_code: str
    line2: str = ""

    def __post_init__(self):
        # The address forms' rule, for callers that skip them: one visible line.
        cleaned = normalize_model_text(Address, vars(self), error=OrderError)
        for name in Address.SINGLE_LINE_FIELDS:
            object.__setattr__(self, name, cleaned[name])

    @classmethod
    def from_address(cls, address) -> "ShippingAddress":
        return cls(
            full_name=address.full_name,
            line1=address.line1,
            line2=address.line2,
            city=address.city,
            state=address.state,
            zip_code=address.zip_code,
        )

    def as_fields(self) -> dict:
        return {
            "ship_name": self.full_name,
            "ship_line1": self.line1,
            "ship_line2": self.line2,
            "ship_city": self.city,
            "ship_state": self.state,
            "ship_zip": self.zip_code,
        }


@dataclass(frozen=True)
class Payment:
    """Card (a single-use token from the gateway's card form) or the balance."""

    source: str
    card_token: str = ""


def quote_for(listing: Listing, item_cents: int | None = None) -> Quote:
    """The buyer's total for `listing` at its price (or an offer's `item_cents`)."""
    item = listing.price_cents if item_cents is None else item_cents
    return quote(item, listing.buyer_shipping_cents)


def _offer_deadline() -> datetime:
    return timezone.now() + timedelta(hours=settings.OFFER_EXPIRY_HOURS)


def min_offer_cents(listing: Listing) -> int:
    """The lowest offer allowed: OFFER_MIN_PERCENT of the price, rounded up."""
    return -(-listing.price_cents * settings.OFFER_MIN_PERCENT // 100)


DECLINE_MESSAGES = {
    DeclineReason.CARD_DECLINED: _("Your card was declined. Try another card."),
    DeclineReason.INSUFFICIENT_FUNDS: _(
        "Your card was declined for insufficient funds. Try another card."
    ),
    DeclineReason.TOKEN_INVALID: _(
        "Your card details have expired or were already used. Enter your card again."
    ),
    DeclineReason.CARD_REQUIRED: _("Enter your card to pay."),
}


def _decline_message(reason: str) -> str:
    return DECLINE_MESSAGES.get(
        reason, _("The payment could not be authorized. Try another card.")
    )


# --- Eligibility ---------------------------------------------------------------


def check_can_buy(*, listing: Listing, buyer: User) -> None:
    """Refuse what listings.rules.buy_refusal refuses; raises NotBuyable
    (ItemSold when sold)."""
    kind, reason = buy_refusal_kind(listing, buyer)
    if kind == SOLD:
        raise ItemSold(reason)
    if reason:
        raise NotBuyable(reason)


# --- Notifications (the in-app entry and the email) ---------------------------


def _notify(
    to: User, *, kind: str, event: str, text: str, url: str, template: str, **context
) -> None:
    """Tell `to` about one event once (notifications.notify), emailing
    `orders/email/<template>` unless they turned `kind` off."""
    notify(
        recipient=to,
        kind=kind,
        event_key=event,
        text=text,
        url=url,
        email_template=f"orders/email/{template}",
        email_context=context,
    )


ORDER_HEADLINES = {
    Order.Status.SHIPPED: _("Your order has shipped"),
    Order.Status.COMPLETED: _("Order completed"),
    Order.Status.CANCELLED: _("Order cancelled"),
    Order.Status.DISPUTED: _("A problem was reported"),
    Order.Status.REFUNDED: _("Order refunded"),
}

ORDER_KINDS = {
    Order.Status.SHIPPED: Kind.ORDER_SHIPPED,
    Order.Status.COMPLETED: Kind.ORDER_COMPLETED,
    Order.Status.CANCELLED: Kind.ORDER_CANCELLED,
    Order.Status.DISPUTED: Kind.ORDER_DISPUTED,
    Order.Status.REFUNDED: Kind.ORDER_RESOLVED,
}


def _notify_order(order: Order, *, to_status: str, role: str, note: str) -> None:
    """Tell the other party (both, when staff or Nomi acted); once per status.

    Staff refunding or releasing the money is "problem resolved".
    """
    recipients = {
        Actor.BUYER: [order.seller],
        Actor.SELLER: [order.buyer],
    }.get(role, [order.buyer, order.seller])
    kind = ORDER_KINDS[to_status]
    headline = ORDER_HEADLINES[to_status]
    if role == Actor.STAFF and to_status == Order.Status.COMPLETED:
        kind, headline = Kind.ORDER_RESOLVED, _("Resolved: the seller is paid")
    for member in recipients:
        _notify(
            member,
            kind=kind,
            event=f"order:{order.pk}:{to_status}",
            text=f"{headline}: {order.title}",
            url=order.get_absolute_url(),
            template="order_update",
            order=order,
            headline=headline,
            note=note,
        )


OFFER_KINDS = {
    Offer.Status.PENDING: Kind.OFFER_RECEIVED,
    Offer.Status.COUNTERED: Kind.OFFER_COUNTERED,
    Offer.Status.ACCEPTED: Kind.OFFER_ACCEPTED,
    Offer.Status.DECLINED: Kind.OFFER_DECLINED,
    Offer.Status.EXPIRED: Kind.OFFER_EXPIRED,
}


def _notify_offer(offer: Offer, to: User, headline: str) -> None:
    """Tell `to` about the offer's new status (received, countered, accepted,
    declined, expired); once per status and member."""
    _notify(
        to,
        kind=OFFER_KINDS[offer.status],
        event=f"offer:{offer.pk}:{offer.status}",
        text=f"{headline}: {offer.listing.title}",
        url=offer.get_absolute_url(),
        template="offer_update",
        offer=offer,
        headline=headline,
    )


def _event(order, user, role, from_status, note="") -> None:
    OrderEvent.objects.create(
        order=order,
        actor=user,
        actor_role=role,
        from_status=from_status,
        to_status=order.status,
        note=note,
    )


def _close_offer(offer: Offer, status: str) -> None:
    """Close an open offer (row locked by the caller); release a balance hold now."""
    offer.status = status
    offer.open_buyer_id = None
    offer.answered_at = timezone.now()
    payment = payment_states.current_payment(offer=offer)
    holds = payment is not None and payment.status == payment_states.Status.AUTHORIZED
    if holds and not payment.paid_with_card:
        ledger.post_movement(
            kind=LedgerEntry.Kind.HOLD_RELEASE,
            offer=offer,
            legs=[
                ledger.Leg(Account.HOLD, -offer.authorized_cents, offer.buyer),
                ledger.Leg(Account.AVAILABLE, offer.authorized_cents, offer.buyer),
            ],
        )
        payment_states.void_confirmed(offer=offer)
    elif holds:
        payment_states.void_due(offer=offer)
    offer.save()


def _short_transaction(work):
    """Run `work()` in a transaction, again when it loses a lock (atomic_with_retry).

    For answers and order moves that touch a few rows: a lock lost on every
    attempt is TryAgain (nothing was kept), never a 500.
    """
    try:
        return atomic_with_retry(work)
    except DatabaseError as error:
        if is_lost_lock(error):
            raise TryAgain(
                _("Nomi could not save this just now; nothing changed. Try again.")
            ) from error
        raise


def _order_with(**lookup) -> Order | None:
    """The order a first submit made, if the database answers."""
    try:
        return Order.objects.filter(**lookup).first()
    except DatabaseError:
        return None


def _gave_up(listing_pk: int) -> OrderError:
    """What a buyer is told when the database gave up on their sale.

    The item was just sold if another sale won the lock, else try again.
    """
    try:
        sold = Listing.objects.filter(
            pk=listing_pk, status=Listing.Status.SOLD
        ).exists()
    except DatabaseError:
        sold = False
    if sold:
        return ItemSold(_("This item was just sold."))
    return TryAgain(
        _("Nomi could not finish this just now and nothing was charged. Try again.")
    )
