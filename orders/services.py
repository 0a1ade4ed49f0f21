"""Writes for buying: checkout, offers, order transitions, deadlines, payouts, ratings.

Money rule: no database lock is held while the payment gateway is called.
A purchase authorizes first, claims the item in a short transaction (one
conditional UPDATE of the listing's status, with the order's unique
`live_listing_id` as the backstop), then captures, or voids if the claim
failed. Every gateway call has a key derived from the object it belongs to,
so a retry (a resubmitted form, process_deadlines) repeats nothing.
"""

import contextlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import is_blocked_between
from listings.models import Listing
from marketplace.emails import send_templated_email
from marketplace.fees import percent_of, selling_fee_cents
from marketplace.pagecache import bump_data_version
from marketplace.templatetags.money import money
from marketplace.text import normalize_text_fields, plain_text
from orders import ledger
from orders.exceptions import (
    AmountError,
    ItemSold,
    NotBuyable,
    OrderError,
    PaymentDeclined,
    RatingError,
    StaleAttempt,
    TryAgain,
    WithdrawalError,
)
from orders.models import (
    Dispute,
    LedgerEntry,
    Offer,
    Order,
    OrderEvent,
    PaymentSource,
    Rating,
    Withdrawal,
)
from orders.payments import (
    CardDetails,
    DeclineReason,
    IdempotencyConflict,
    get_gateway,
)
from orders.retry import atomic_with_retry, is_lost_lock

logger = logging.getLogger(__name__)
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
        names = ("full_name", "line1", "line2", "city", "zip_code")
        cleaned = normalize_text_fields(vars(self), single_line=names, error=OrderError)
        for name in names:
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
    """Card (validated details) or the member's available balance."""

    source: str
    card: CardDetails | None = None


@dataclass(frozen=True)
class Quote:
    """What the buyer pays, as shown before they confirm."""

    item_cents: int
    shipping_cents: int
    buyer_fee_cents: int

    @property
    def total_cents(self) -> int:
        return self.item_cents + self.shipping_cents + self.buyer_fee_cents


def quote_for(listing: Listing, item_cents: int | None = None) -> Quote:
    """The buyer's total for `listing` at its price (or an offer's `item_cents`)."""
    item = listing.price_cents if item_cents is None else item_cents
    return Quote(
        item_cents=item,
        shipping_cents=listing.buyer_shipping_cents,
        buyer_fee_cents=percent_of(item, settings.BUYER_FEE_PERCENT),
    )


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
}


def _decline_message(reason: str) -> str:
    return DECLINE_MESSAGES.get(
        reason, _("The payment could not be authorized. Try another card.")
    )


# --- Eligibility ---------------------------------------------------------------


def check_can_buy(*, listing: Listing, buyer: User) -> None:
    """Refuse own items, unverified, suspended or blocked members, unavailable
    items; raises NotBuyable (ItemSold when sold)."""
    if not buyer.is_active:
        raise NotBuyable(_("Your account is suspended."))
    if not buyer.is_verified:
        raise NotBuyable(_("Verify your email before you buy or make offers."))
    if listing.seller_id == buyer.pk:
        raise NotBuyable(_("This is your own listing; you cannot buy it."))
    if listing.status == Listing.Status.SOLD:
        raise ItemSold(_("This item was just sold."))
    if listing.status != Listing.Status.ON_SALE:
        raise NotBuyable(_("This item is not on sale."))
    seller = listing.seller
    if not seller.is_active:
        raise NotBuyable(_("This seller's account is suspended."))
    if is_blocked_between(buyer, seller):
        raise NotBuyable(_("You cannot buy from or make offers to this member."))
    if seller.on_vacation:
        raise NotBuyable(
            _("The seller is away until %(date)s; try again after that.")
            % {"date": seller.vacation_until.strftime("%B %-d")}
        )


# --- Emails --------------------------------------------------------------------


def _email(to: User, template: str, **context) -> None:
    send_templated_email(
        to=to.email, template=f"orders/email/{template}", context={"to": to, **context}
    )


ORDER_HEADLINES = {
    Order.Status.SHIPPED: _("Your order has shipped"),
    Order.Status.COMPLETED: _("Order completed"),
    Order.Status.CANCELLED: _("Order cancelled"),
    Order.Status.DISPUTED: _("A problem was reported"),
    Order.Status.REFUNDED: _("Order refunded"),
}


def _notify_order(order: Order, *, to_status: str, role: str, note: str) -> None:
    """Email the other party (both, when staff or Nomi acted)."""
    recipients = {
        Actor.BUYER: [order.seller],
        Actor.SELLER: [order.buyer],
    }.get(role, [order.buyer, order.seller])
    for member in recipients:
        _email(
            member,
            "order_update",
            order=order,
            headline=ORDER_HEADLINES[to_status],
            note=note,
        )


def _notify_offer(offer: Offer, to: User, headline: str) -> None:
    _email(to, "offer_update", offer=offer, headline=headline)


# --- Payments ------------------------------------------------------------------


def _authorize(*, payment: Payment, amount_cents: int, key: str):
    """Authorize a card payment, or return None for balance payments."""
    if payment.source != PaymentSource.CARD:
        return None
    try:
        result = get_gateway().authorize(
            amount_cents=amount_cents, card=payment.card, idempotency_key=key
        )
    except IdempotencyConflict as error:
        # The same form sent again for another amount: a Back-button resubmit
        # after the price (or the typed offer) changed since its first try.
        raise StaleAttempt(
            _(
                "This form was already sent for a different total. "
                "Review the total and confirm again."
            )
        ) from error
    if not result.ok:
        raise PaymentDeclined(_decline_message(result.decline_reason))
    if result.replayed and not get_gateway().authorization_open(
        reference=result.reference
    ):
        # The same form sent again after its first try failed and its hold was
        # voided (another buyer won the item, then it came back on sale): the
        # replayed authorization can pay for nothing, so the buyer confirms
        # again under a new key.
        raise StaleAttempt(
            _(
                "This form was already used and nothing was charged. "
                "Review the total and confirm again."
            )
        )
    return result


def _void(reference: str, key: str) -> None:
    if reference:
        get_gateway().void(reference=reference, idempotency_key=key)


def _release_authorization(reference: str, key: str) -> None:
    """Void an authorization that nothing will capture, never failing the caller.

    If the void fails too (the gateway or the database down), the authorization
    is an orphan: process_deadlines voids it once AUTHORIZATION_GRACE_MINUTES
    have passed (void_orphan_authorizations), and reconcile_ledger reports it
    until then.
    """
    try:
        _void(reference, key)
    except Exception:
        logger.exception(
            "Void of authorization %s failed; process_deadlines will void it.",
            reference,
        )


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


def _debit_balance(*, buyer: User, amount_cents: int, held_cents: int = 0) -> None:
    """Refuse unless the buyer's available balance (plus a hold) covers the amount.

    The caller holds the buyer's row lock (ledger.lock_member).
    """
    if ledger.available_cents(buyer) + held_cents < amount_cents:
        raise PaymentDeclined(
            _("Your available balance does not cover this total. Pay by card.")
        )


def capture_order(order: Order) -> Order:
    """Capture a card order's authorization and put the money in escrow.

    Idempotent: the gateway key is the order's, and escrow is credited once,
    under the order's row lock. A refused capture cancels the order.
    """
    if order.captured_at or not order.paid_with_card:
        return order
    result = get_gateway().capture(
        reference=order.payment_reference,
        amount_cents=order.total_cents,
        idempotency_key=f"order:{order.pk}:capture",
    )
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.captured_at:
            return order
        if result.ok:
            order.captured_at = timezone.now()
            order.save(update_fields=["captured_at"])
            ledger.post_movement(
                kind=LedgerEntry.Kind.CAPTURE,
                order=order,
                legs=ledger.capture_legs(
                    order=order, source_account=Account.CARDS, buyer=None
                ),
            )
            return order
        if order.status == Order.Status.PAID:
            _close(order, to=Order.Status.CANCELLED)
            _relist(order)
            _event(order, None, Actor.SYSTEM, Order.Status.PAID, _("Payment failed."))
            _notify_order(
                order,
                to_status=Order.Status.CANCELLED,
                role=Actor.SYSTEM,
                note=_("Payment failed."),
            )
    _void(order.payment_reference, f"order:{order.pk}:void")
    return order


def settle_refund(order: Order) -> Order:
    """Return a cancelled or refunded card order's money through the gateway, once."""
    if not order.refund_due or order.refunded_at:
        return order
    result = get_gateway().refund(
        reference=order.payment_reference,
        amount_cents=order.total_cents,
        idempotency_key=f"order:{order.pk}:refund",
    )
    if result.ok:
        Order.objects.filter(pk=order.pk, refunded_at__isnull=True).update(
            refunded_at=timezone.now()
        )
        order.refresh_from_db()
    return order


def release_offer_payments(offers) -> None:
    """Void the card authorizations of closed offers; mark them released.

    Runs after the closing transaction committed, so it never fails its caller:
    an offer whose void fails (the gateway unreachable) stays unreleased, and
    process_deadlines (retry_payments) voids it later.
    """
    for offer in offers:
        try:
            if not offer.replaced_released:
                _void(offer.replaced_reference, f"offer:{offer.pk}:void-replaced")
                Offer.objects.filter(pk=offer.pk).update(replaced_released=True)
            if offer.released:
                continue
            _void(offer.payment_reference, f"offer:{offer.pk}:void")
            Offer.objects.filter(pk=offer.pk).update(released=True)
        except Exception:
            logger.exception(
                "Release of offer %s failed; process_deadlines will retry it.",
                offer.pk,
            )


def _finish_sale(order: Order, *, to_release) -> Order:
    """After a sale committed: void the closed offers' holds, capture the payment.

    The sale stands whatever the gateway does now. A capture that fails (the
    gateway unreachable) leaves the order paid with its capture pending, which
    the order page shows as being processed and process_deadlines retries.
    """
    release_offer_payments(to_release)
    try:
        return capture_order(order)
    except Exception:
        logger.exception(
            "Capture of order %s failed; process_deadlines will retry it.", order.pk
        )
        return order


# --- Claiming the item -----------------------------------------------------------


def _move_listing(listing_pk: int, *, from_status: str, to_status: str) -> bool:
    """Move the listing between statuses if, and only if, it is in `from_status`.

    The row is locked by primary key first and then updated by primary key:
    a single `UPDATE … WHERE id = … AND status = …` may be run by MariaDB
    through a status index, locking that index before the row, the opposite
    order to a seller's edit or pause, and the two then deadlock.
    """
    status = (
        Listing.objects.select_for_update()
        .filter(pk=listing_pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != from_status:
        return False
    Listing.objects.filter(pk=listing_pk).update(
        status=to_status, updated_at=timezone.now()
    )
    return True


def _claim(listing_pk: int) -> bool:
    """Mark the listing sold if, and only if, it is still on sale (one winner)."""
    return _move_listing(
        listing_pk, from_status=Listing.Status.ON_SALE, to_status=Listing.Status.SOLD
    )


def _lock_listing(listing_pk: int) -> None:
    """Lock the listing's row before any of its offers.

    Sales lock the listing (the claim) and then its offers; anything else that
    locks an offer takes the listing first too, so it cannot deadlock a sale.
    """
    list(
        Listing.objects.select_for_update()
        .filter(pk=listing_pk)
        .values_list("pk", flat=True)
    )


def _lost_claim(listing_pk: int) -> OrderError:
    status = Listing.objects.filter(pk=listing_pk).values_list("status", flat=True)
    if status.first() == Listing.Status.SOLD:
        return ItemSold(_("This item was just sold."))
    return NotBuyable(_("This item is no longer on sale."))


def _event(order, user, role, from_status, note="") -> None:
    OrderEvent.objects.create(
        order=order,
        actor=user,
        actor_role=role,
        from_status=from_status,
        to_status=order.status,
        note=note,
    )


def _open_order(
    *,
    listing: Listing,
    buyer: User,
    quote: Quote,
    address: ShippingAddress,
    source: str,
    reference: str = "",
    brand: str = "",
    last4: str = "",
    idempotency_key: str,
    offer: Offer | None = None,
) -> Order:
    """Create the paid order for a claimed listing (inside the claim transaction)."""
    order = Order.objects.create(
        listing=listing,
        buyer=buyer,
        seller_id=listing.seller_id,
        offer=offer,
        live_listing_id=listing.pk,
        idempotency_key=idempotency_key,
        title=listing.title,
        item_cents=quote.item_cents,
        shipping_cents=quote.shipping_cents,
        buyer_fee_cents=quote.buyer_fee_cents,
        total_cents=quote.total_cents,
        seller_fee_cents=selling_fee_cents(quote.item_cents),
        payment_source=source,
        payment_reference=reference,
        card_brand=brand,
        card_last4=last4,
        **address.as_fields(),
    )
    _event(order, buyer, Actor.BUYER, "")
    _email(buyer, "purchase", order=order)
    _email(order.seller, "sale", order=order)
    bump_data_version()
    return order


def _decline_other_offers(
    listing_pk: int,
    *,
    keep: Offer | None = None,
    headline: str = "",
    at_or_above_cents: int | None = None,
) -> list:
    """Decline every other open offer on a sold listing; returns card ones to void.

    With `at_or_above_cents`, only the offers (or counters) of that amount or
    more are declined.
    """
    others = Offer.objects.select_for_update().filter(
        listing_id=listing_pk, status__in=Offer.OPEN_STATUSES
    )
    if keep is not None:
        others = others.exclude(pk=keep.pk)
    if at_or_above_cents is not None:
        others = others.filter(
            Q(counter_cents__gte=at_or_above_cents)
            | Q(counter_cents__isnull=True, amount_cents__gte=at_or_above_cents)
        )
    to_void = []
    for offer in others.select_related("buyer", "listing"):
        _close_offer(offer, Offer.Status.DECLINED)
        _notify_offer(
            offer,
            offer.buyer,
            headline or _("The item sold to another buyer; your offer closed"),
        )
        if not offer.released:
            to_void.append(offer)
    return to_void


def close_offers_on_withdrawn_listing(listing_pk: int) -> None:
    """Decline the open offers on a listing taken off sale (paused or removed).

    Runs inside the caller's transaction, which holds the listing's row lock
    (listing first, then offers, as every sale locks); the card
    authorizations are voided after it commits, so no lock is held then.
    """
    to_void = _decline_other_offers(
        listing_pk, headline=_("The item is no longer on sale; your offer closed")
    )
    if to_void:
        transaction.on_commit(lambda: release_offer_payments(to_void))


def close_offers_priced_out(listing_pk: int, *, price_cents: int) -> None:
    """Decline open offers no longer below a lowered price (buy now costs less).

    Runs inside the price edit's transaction, which holds the listing's row
    lock; card authorizations are voided after it commits.
    """
    to_void = _decline_other_offers(
        listing_pk,
        headline=_("The price dropped below your offer; your offer closed"),
        at_or_above_cents=price_cents,
    )
    if to_void:
        transaction.on_commit(lambda: release_offer_payments(to_void))


def close_offers_between(member_a: User, member_b: User) -> None:
    """Decline the open offers either member made on the other's listings (a block).

    Each listing's row is locked before its offers, as every sale locks, and
    in primary-key order, so two blocks cannot deadlock; the buyers are
    emailed and the card authorizations voided after commit, with no lock held.
    """
    between = Q(buyer=member_a, listing__seller=member_b) | Q(
        buyer=member_b, listing__seller=member_a
    )
    pairs = sorted(
        set(Offer.objects.open().filter(between).values_list("listing_id", "buyer_id"))
    )
    to_void = []
    with transaction.atomic():
        for listing_pk, buyer_pk in pairs:
            _lock_listing(listing_pk)
            offers = Offer.objects.select_for_update().filter(
                listing_id=listing_pk,
                buyer_id=buyer_pk,
                status__in=Offer.OPEN_STATUSES,
            )
            for offer in offers:
                _close_offer(offer, Offer.Status.DECLINED)
                _notify_offer(
                    offer,
                    offer.buyer,
                    _("You can no longer buy from this seller; your offer closed"),
                )
                if not offer.released:
                    to_void.append(offer)
        if to_void:
            transaction.on_commit(lambda: release_offer_payments(to_void))


# --- Checkout ------------------------------------------------------------------


def purchase_listing(
    *,
    listing: Listing,
    buyer: User,
    address: ShippingAddress,
    payment: Payment,
    idempotency_key: str,
    expected_total_cents: int,
) -> Order:
    """Buy now at the shown total; raises ItemSold, PaymentDeclined or OrderError.

    Resubmitting the same checkout (same key) returns the same order and
    charges nothing more.
    """
    order_key = f"{buyer.pk}:{idempotency_key}"
    if existing := Order.objects.filter(idempotency_key=order_key).first():
        return existing
    auth = None
    try:
        listing = Listing.objects.select_related("seller").get(pk=listing.pk)
        check_can_buy(listing=listing, buyer=buyer)
        quote = quote_for(listing)
        if quote.total_cents != expected_total_cents:
            raise OrderError(
                _("The total changed to %(total)s. Review it and confirm again.")
                % {"total": money(quote.total_cents)}
            )
        auth = _authorize(
            payment=payment,
            amount_cents=quote.total_cents,
            key=f"checkout:{order_key}",
        )

        def claim_and_open() -> tuple[Order, list]:
            if not _claim(listing.pk):
                raise _lost_claim(listing.pk)
            if auth is None:
                ledger.lock_member(buyer)
                _debit_balance(buyer=buyer, amount_cents=quote.total_cents)
            order = _open_order(
                listing=listing,
                buyer=buyer,
                quote=quote,
                address=address,
                source=payment.source,
                reference=auth.reference if auth else "",
                brand=auth.brand if auth else "",
                last4=auth.last4 if auth else "",
                idempotency_key=order_key,
            )
            if auth is None:
                _pay_from_balance(order, buyer=buyer, held_cents=0, offer=None)
            return order, _decline_other_offers(listing.pk)

        # A lost deadlock (at the claim, an insert, the offers, or COMMIT)
        # rolled everything back: the whole transaction runs again.
        order, to_void = atomic_with_retry(claim_and_open)
    except Exception as error:
        # The same checkout submitted twice, even at once: whatever this submit
        # ran into (the item sold, to itself), the first submit's order stands,
        # and its authorization (the same, by key) is kept. Otherwise nothing
        # will capture this authorization: it is voided, whatever went wrong.
        if existing := _order_with(idempotency_key=order_key):
            return existing
        if auth is not None:
            _release_authorization(auth.reference, f"checkout:{order_key}:void")
        if isinstance(error, IntegrityError):
            raise ItemSold(_("This item was just sold.")) from error
        if isinstance(error, DatabaseError):
            raise _gave_up(listing.pk) from error
        raise
    return _finish_sale(order, to_release=to_void)


def _pay_from_balance(order: Order, *, buyer: User, held_cents: int, offer) -> None:
    """Move a balance payment (from an offer hold, then available) into escrow."""
    legs = [ledger.Leg(Account.ESCROW, order.total_cents)]
    if held_cents:
        legs.append(ledger.Leg(Account.HOLD, -held_cents, buyer))
    rest = order.total_cents - held_cents
    if rest:
        legs.append(ledger.Leg(Account.AVAILABLE, -rest, buyer))
    ledger.post_movement(
        kind=LedgerEntry.Kind.BALANCE_PAYMENT, order=order, offer=offer, legs=legs
    )
    order.captured_at = timezone.now()
    order.save(update_fields=["captured_at"])


# --- Offers --------------------------------------------------------------------


def _close_offer(offer: Offer, status: str) -> None:
    """Close an open offer (row locked by the caller); release a balance hold now."""
    offer.status = status
    offer.open_buyer_id = None
    offer.answered_at = timezone.now()
    if offer.payment_source == PaymentSource.BALANCE and not offer.released:
        ledger.post_movement(
            kind=LedgerEntry.Kind.HOLD_RELEASE,
            offer=offer,
            legs=[
                ledger.Leg(Account.HOLD, -offer.authorized_cents, offer.buyer),
                ledger.Leg(Account.AVAILABLE, offer.authorized_cents, offer.buyer),
            ],
        )
        offer.released = True
    offer.save()


def check_offer_amount(*, listing: Listing, amount_cents: int) -> None:
    """Offers are ≥ OFFER_MIN_PERCENT and < 100% of the price; raises AmountError."""
    lowest = min_offer_cents(listing)
    if amount_cents < lowest:
        raise AmountError(
            _("Offer at least %(min)s (%(percent)d%% of the price).")
            % {"min": money(lowest), "percent": settings.OFFER_MIN_PERCENT}
        )
    if amount_cents >= listing.price_cents:
        raise AmountError(
            _("An offer must be below the price; use Buy now to pay %(price)s.")
            % {"price": money(listing.price_cents)}
        )


def make_offer(
    *,
    listing: Listing,
    buyer: User,
    amount_cents: int,
    address: ShippingAddress,
    payment: Payment,
    idempotency_key: str,
) -> Offer:
    """Make a binding offer: its total is authorized (or held from balance) now.

    Raises OrderError for amounts out of range, a second open offer on the
    item, or an unavailable item; PaymentDeclined for a refused card. The
    seller's auto-decline and auto-accept thresholds apply at once.
    """
    offer_key = f"{buyer.pk}:{idempotency_key}"
    if existing := Offer.objects.filter(idempotency_key=offer_key).first():
        return existing
    listing = Listing.objects.select_related("seller").get(pk=listing.pk)
    check_can_buy(listing=listing, buyer=buyer)
    check_offer_amount(listing=listing, amount_cents=amount_cents)
    if Offer.objects.filter(listing=listing, open_buyer_id=buyer.pk).exists():
        raise OrderError(_("You already have an open offer on this item."))
    quote = quote_for(listing, amount_cents)
    fields = {
        "listing": listing,
        "buyer": buyer,
        "amount_cents": amount_cents,
        "authorized_cents": quote.total_cents,
        "shipping_cents": quote.shipping_cents,
        "idempotency_key": offer_key,
        "payment_source": payment.source,
        "expires_at": _offer_deadline(),
        **address.as_fields(),
    }
    declined_at_once = (
        listing.offer_auto_decline_cents is not None
        and amount_cents < listing.offer_auto_decline_cents
    )
    if declined_at_once:
        # Nothing is authorized for an offer the seller declined in advance.
        offer = Offer.objects.create(
            **fields,
            status=Offer.Status.DECLINED,
            released=True,
            answered_at=timezone.now(),
        )
        _notify_offer(offer, buyer, _("Your offer was declined automatically"))
        return offer
    try:
        auth = _authorize(
            payment=payment, amount_cents=quote.total_cents, key=f"offer:{offer_key}"
        )
    except StaleAttempt:
        # Sent twice at once: the first submit made the offer meanwhile.
        if existing := Offer.objects.filter(idempotency_key=offer_key).first():
            return existing
        raise

    def record() -> Offer:
        if auth is None:
            ledger.lock_member(buyer)
            _debit_balance(buyer=buyer, amount_cents=quote.total_cents)
        offer = Offer.objects.create(
            **fields,
            open_buyer_id=buyer.pk,
            payment_reference=auth.reference if auth else "",
            card_brand=auth.brand if auth else "",
            card_last4=auth.last4 if auth else "",
        )
        if auth is None:
            ledger.post_movement(
                kind=LedgerEntry.Kind.HOLD,
                offer=offer,
                legs=[
                    ledger.Leg(Account.AVAILABLE, -quote.total_cents, buyer),
                    ledger.Leg(Account.HOLD, quote.total_cents, buyer),
                ],
            )
        _notify_offer(offer, listing.seller, _("You received an offer"))
        return offer

    try:
        offer = atomic_with_retry(record)
    except Exception as error:
        # Nothing will capture this authorization unless the first submit of
        # this same form made the offer: it is voided, whatever went wrong.
        try:
            existing = Offer.objects.filter(idempotency_key=offer_key).first()
        except DatabaseError:
            existing = None
        if existing:
            return existing
        if auth is not None:
            _release_authorization(auth.reference, f"offer:{offer_key}:void")
        if isinstance(error, IntegrityError):
            raise OrderError(
                _("You already have an open offer on this item.")
            ) from error
        if isinstance(error, DatabaseError):
            raise _gave_up(listing.pk) from error
        raise
    threshold = listing.offer_auto_accept_cents
    if threshold is not None and amount_cents >= threshold:
        # Sold meanwhile, or the seller went away: the offer stays pending.
        with contextlib.suppress(OrderError):
            accept_offer(offer=offer, seller=None)
        offer.refresh_from_db()
    return offer


# Who answers an offer through each service, and in which state: the seller
# answers a pending offer, the buyer a counter. Offer.TRANSITIONS says which
# moves exist at all; this says which one each endpoint makes, so the buyer
# cannot accept their own counter through the seller's "accept".
SELLER_ANSWERS = (Offer.Status.PENDING, frozenset({Actor.SELLER, Actor.SYSTEM}))
BUYER_ANSWERS = (Offer.Status.COUNTERED, frozenset({Actor.BUYER, Actor.SYSTEM}))
ROLE_REFUSALS = {
    Offer.Status.PENDING: _("Only the seller can accept, decline or counter an offer."),
    Offer.Status.COUNTERED: _("Only the buyer can accept or decline a counter offer."),
}


def _role_in_offer(offer: Offer, user: User | None) -> str:
    if user is None:
        return Actor.SYSTEM
    if user.pk == offer.buyer_id:
        return Actor.BUYER
    if user.pk == offer.listing.seller_id:
        return Actor.SELLER
    raise OrderError(_("This offer is not yours."))


def check_offer_role(offer: Offer, *, user: User | None, answers: tuple) -> str:
    """The role `user` answers `offer` in, if the endpoint `answers` is theirs.

    Raises OrderError naming the party the endpoint is for (a non-party's
    offer is not theirs at all).
    """
    from_status, roles = answers
    role = _role_in_offer(offer, user)
    if role not in roles:
        raise OrderError(ROLE_REFUSALS[from_status])
    return role


def check_offer_answer(
    offer: Offer, *, to: str, user: User | None, answers: tuple
) -> str:
    """Check `user` may answer `offer` this way now; return their role.

    `answers` is SELLER_ANSWERS or BUYER_ANSWERS: the state the endpoint answers
    and the roles allowed to use it. Raises OrderError naming who may, or why
    the offer's state no longer allows it.
    """
    from_status, _roles = answers
    role = check_offer_role(offer, user=user, answers=answers)
    if offer.status != from_status or not offer.can_move(to, role):
        raise OrderError(
            _("This offer is %(state)s; it can no longer be answered that way.")
            % {"state": offer.get_status_display().lower()}
        )
    return role


def _lock_offer(
    offer: Offer, *, to: str, user: User | None, answers: tuple
) -> tuple[Offer, str]:
    """Lock the offer and check `user` may move it to `to` now.

    `user` None is Nomi itself (auto-accept, expiry). Returns the locked offer
    and the actor's role; raises OrderError otherwise.
    """
    _lock_listing(offer.listing_id)
    offer = (
        Offer.objects.select_for_update()
        .select_related("listing", "buyer", "listing__seller")
        .get(pk=offer.pk)
    )
    role = check_offer_answer(offer, to=to, user=user, answers=answers)
    if offer.expires_at <= timezone.now():
        raise OrderError(_("This offer has expired."))
    return offer, role


def accept_offer(*, offer: Offer, seller: User | None) -> Order:
    """Seller (or the auto-accept threshold, seller=None) accepts: order at the offer.

    Raises ItemSold when the item sold first, OrderError when the offer is no
    longer pending.
    """
    listing_pk = offer.listing_id

    def claim_and_order() -> tuple[Order, list]:
        # The listing first, then the offer: the order every sale locks
        # in, so a buy-now and an acceptance cannot deadlock.
        if not _claim(listing_pk):
            raise _lost_claim(listing_pk)
        locked, role = _lock_offer(
            offer, to=Offer.Status.ACCEPTED, user=seller, answers=SELLER_ANSWERS
        )
        if not locked.buyer.is_active:
            raise OrderError(_("The buyer's account is suspended."))
        if is_blocked_between(locked.buyer, locked.listing.seller):
            raise OrderError(
                _("This offer cannot be accepted: one of you blocked the other.")
            )
        order = _order_from_offer(locked, held_cents=locked.authorized_cents)
        to_void = _decline_other_offers(listing_pk, keep=locked)
        _notify_offer(
            locked,
            locked.buyer,
            _("Your offer was accepted")
            if role == Actor.SELLER
            else _("Your offer was accepted automatically"),
        )
        return order, to_void

    try:
        try:
            order, to_void = atomic_with_retry(claim_and_order)
        except DatabaseError as error:
            # Rolled back: the offer is still open and its authorization still
            # backs it, so nothing is voided; the seller may simply try again.
            raise _gave_up(listing_pk) from error
    except ItemSold:
        # The sale that beat us declined this offer; make sure its money is freed.
        release_offer_payments(
            Offer.objects.filter(pk=offer.pk, status=Offer.Status.DECLINED)
        )
        raise
    return _finish_sale(order, to_release=to_void)


def _order_from_offer(offer: Offer, *, held_cents: int) -> Order:
    """Create the order for an accepted offer (offer row locked, listing claimed).

    A balance offer pays from its hold (`held_cents`) and, for an accepted
    counter, the difference from the available balance.
    """
    quote = Quote(
        item_cents=offer.price_cents,
        shipping_cents=offer.shipping_cents,
        buyer_fee_cents=offer.authorized_cents
        - offer.price_cents
        - offer.shipping_cents,
    )
    address = ShippingAddress(
        full_name=offer.ship_name,
        line1=offer.ship_line1,
        line2=offer.ship_line2,
        city=offer.ship_city,
        state=offer.ship_state,
        zip_code=offer.ship_zip,
    )
    order = _open_order(
        listing=offer.listing,
        buyer=offer.buyer,
        quote=quote,
        address=address,
        source=offer.payment_source,
        reference=offer.payment_reference,
        brand=offer.card_brand,
        last4=offer.card_last4,
        idempotency_key=f"offer:{offer.pk}",
        offer=offer,
    )
    if offer.payment_source == PaymentSource.BALANCE:
        ledger.lock_member(offer.buyer)
        _debit_balance(
            buyer=offer.buyer, amount_cents=order.total_cents, held_cents=held_cents
        )
        _pay_from_balance(order, buyer=offer.buyer, held_cents=held_cents, offer=offer)
    offer.status = Offer.Status.ACCEPTED
    offer.open_buyer_id = None
    offer.answered_at = timezone.now()
    # The offer's authorization (or hold) now pays for the order.
    offer.released = True
    offer.save()
    return order


def decline_offer(*, offer: Offer, seller: User) -> Offer:
    """Seller declines a pending offer; its authorization is voided after commit."""

    def decline() -> Offer:
        # The transition table lets only the seller (or Nomi) decline.
        locked, _role = _lock_offer(
            offer, to=Offer.Status.DECLINED, user=seller, answers=SELLER_ANSWERS
        )
        _close_offer(locked, Offer.Status.DECLINED)
        _notify_offer(locked, locked.buyer, _("Your offer was declined"))
        return locked

    offer = _short_transaction(decline)
    release_offer_payments([offer])
    return offer


def counter_offer(*, offer: Offer, seller: User, counter_cents: int) -> Offer:
    """Seller counters once, between the offer and the price; a new 24 h clock."""

    def counter() -> Offer:
        locked, _role = _lock_offer(
            offer, to=Offer.Status.COUNTERED, user=seller, answers=SELLER_ANSWERS
        )
        if locked.listing.status != Listing.Status.ON_SALE:
            raise OrderError(_("This item is no longer on sale."))
        if not locked.amount_cents < counter_cents < locked.listing.price_cents:
            raise AmountError(
                _("A counter offer must be above %(offer)s and below %(price)s.")
                % {
                    "offer": money(locked.amount_cents),
                    "price": money(locked.listing.price_cents),
                }
            )
        locked.status = Offer.Status.COUNTERED
        locked.counter_cents = counter_cents
        locked.expires_at = _offer_deadline()
        locked.save()
        _notify_offer(locked, locked.buyer, _("The seller countered your offer"))
        return locked

    return _short_transaction(counter)


def counter_quote(offer: Offer) -> Quote:
    """What the buyer pays on accepting the counter."""
    item = offer.counter_cents
    return Quote(
        item_cents=item,
        shipping_cents=offer.shipping_cents,
        buyer_fee_cents=percent_of(item, settings.BUYER_FEE_PERCENT),
    )


def accept_counter(
    *,
    offer: Offer,
    buyer: User,
    card: CardDetails | None,
    idempotency_key: str = "",
) -> Order:
    """Buyer accepts the counter: a new authorization for its total, then the order.

    Card offers need the card again (only its last four digits were kept);
    balance offers pay the difference from the available balance. The form's
    `idempotency_key` names one attempt: after a declined card a new key
    lets another card be tried, while a resubmit returns the same order.
    """
    # Checked before the card is authorized; again under the lock below.
    check_offer_answer(
        offer, to=Offer.Status.ACCEPTED, user=buyer, answers=BUYER_ANSWERS
    )
    quote = counter_quote(offer)
    key = f"offer:{offer.pk}:counter"
    if idempotency_key:
        key = f"{key}:{buyer.pk}:{idempotency_key}"
    auth = None
    if offer.payment_source == PaymentSource.CARD:
        if card is None:
            raise PaymentDeclined(_("Enter your card to pay the new total."))
        try:
            auth = _authorize(
                payment=Payment(PaymentSource.CARD, card),
                amount_cents=quote.total_cents,
                key=key,
            )
        except StaleAttempt:
            # Sent twice at once: the first submit's order took this hold.
            existing = _order_with(offer_id=offer.pk)
            if existing is not None and existing.buyer_id == buyer.pk:
                return existing
            raise
    listing_pk = offer.listing_id

    def claim_and_order() -> tuple[Order, list]:
        if not _claim(listing_pk):
            raise _lost_claim(listing_pk)
        locked, _role = _lock_offer(
            offer, to=Offer.Status.ACCEPTED, user=buyer, answers=BUYER_ANSWERS
        )
        if is_blocked_between(locked.buyer, locked.listing.seller):
            raise OrderError(
                _("This offer cannot be accepted: one of you blocked the other.")
            )
        held = locked.authorized_cents
        if auth is not None:
            locked.replaced_reference = locked.payment_reference
            locked.replaced_released = False
            locked.payment_reference = auth.reference
            locked.card_brand, locked.card_last4 = auth.brand, auth.last4
        locked.authorized_cents = quote.total_cents
        order = _order_from_offer(locked, held_cents=held)
        to_void = _decline_other_offers(listing_pk, keep=locked)
        _notify_offer(
            locked, locked.listing.seller, _("The buyer accepted your counter offer")
        )
        return order, [*to_void, locked]

    try:
        order, to_release = atomic_with_retry(claim_and_order)
    except Exception as error:
        # A resubmitted acceptance: the first one's order stands, and its
        # authorization (the same reference when the key is the same) is kept.
        # Otherwise nothing will capture this attempt's authorization: it is
        # voided, whatever went wrong (the original offer's stays with it).
        existing = _order_with(offer_id=offer.pk)
        if auth is not None and (
            existing is None or existing.payment_reference != auth.reference
        ):
            _release_authorization(auth.reference, f"{key}:void")
        if existing is not None and existing.buyer_id == buyer.pk:
            return existing
        if isinstance(error, DatabaseError):
            raise _gave_up(listing_pk) from error
        raise
    return _finish_sale(order, to_release=to_release)


def decline_counter(*, offer: Offer, buyer: User) -> Offer:
    """Buyer declines the counter offer; the original authorization is voided."""

    def decline() -> Offer:
        # The transition table lets only the buyer (or Nomi) decline a counter.
        locked, _role = _lock_offer(
            offer, to=Offer.Status.DECLINED, user=buyer, answers=BUYER_ANSWERS
        )
        _close_offer(locked, Offer.Status.DECLINED)
        _notify_offer(
            locked, locked.listing.seller, _("The buyer declined your counter offer")
        )
        return locked

    offer = _short_transaction(decline)
    release_offer_payments([offer])
    return offer


@transaction.atomic
def set_offer_thresholds(
    *,
    listing: Listing,
    seller: User,
    accept_cents: int | None,
    decline_cents: int | None,
) -> Listing:
    """Set a listing's auto-accept (≥) and auto-decline (<) offer amounts."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.seller_id != seller.pk:
        raise OrderError(_("That listing is not yours."))
    for value in (accept_cents, decline_cents):
        if value is not None and not 0 < value < listing.price_cents:
            raise OrderError(_("Thresholds must be above $0 and below the price."))
    both = accept_cents is not None and decline_cents is not None
    if both and decline_cents >= accept_cents:
        raise OrderError(
            _("The auto-decline amount must be below the auto-accept amount.")
        )
    listing.offer_auto_accept_cents = accept_cents
    listing.offer_auto_decline_cents = decline_cents
    listing.save(update_fields=["offer_auto_accept_cents", "offer_auto_decline_cents"])
    return listing


# --- Order transitions ------------------------------------------------------------


def _close(order: Order, *, to: str) -> None:
    """Cancel or refund (order row locked): money back, the claim released."""
    order.status = to
    order.closed_at = timezone.now()
    order.live_listing_id = None
    if order.captured_at:
        ledger.post_refund(order)
        if order.paid_with_card:
            order.refund_due = True
        else:
            order.refunded_at = timezone.now()
    order.save()


def _relist(order: Order) -> None:
    """An order cancelled before shipping puts the item back on sale."""
    _move_listing(
        order.listing_id,
        from_status=Listing.Status.SOLD,
        to_status=Listing.Status.ON_SALE,
    )
    bump_data_version()


def _transition(
    order: Order,
    *,
    to: str,
    role: str,
    user: User | None,
    note: str = "",
    check=None,
    apply=None,
) -> Order:
    """Lock the order, re-check the move, apply it, record the event, notify.

    `check(order)` raises OrderError for rules beyond the transition table
    (deadlines); `apply(order)` makes the move's changes to the locked row.
    A lost deadlock runs the move again; after commit, a refund the gateway
    fails is logged and left for process_deadlines: the move stands.
    """

    def move() -> Order:
        locked = (
            Order.objects.select_for_update()
            .select_related("buyer", "seller")
            .get(pk=order.pk)
        )
        if not locked.can_move(to, role):
            raise OrderError(
                _("This order is %(state)s; that is not possible now.")
                % {"state": locked.get_status_display().lower()}
            )
        if locked.captured_at is None:
            raise OrderError(_("The payment is still being processed; try again."))
        if check:
            check(locked)
        from_status = locked.status
        locked.status = to
        if apply:
            apply(locked)
        locked.save()
        _event(locked, user, role, from_status, note)
        _notify_order(locked, to_status=to, role=role, note=note)
        return locked

    moved = _short_transaction(move)
    try:
        return settle_refund(moved)
    except Exception:
        logger.exception(
            "Refund of order %s failed; process_deadlines will retry it.", moved.pk
        )
        return moved


def _role(order: Order, user: User, expected: str) -> str:
    if order.role_of(user) != expected:
        raise OrderError(_("Only the %(role)s can do that.") % {"role": expected})
    return expected


TRACKING_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]{3,38}[A-Za-z0-9]")


def ship_order(
    *, order: Order, seller: User, carrier: str, tracking_number: str
) -> Order:
    """Seller marks a paid order shipped with carrier and tracking number."""
    role = _role(order, seller, Actor.SELLER)
    tracking_number = plain_text(tracking_number, error=OrderError).upper()
    if carrier not in Order.Carrier.values:
        raise OrderError(_("Choose the carrier."))
    if not TRACKING_RE.fullmatch(tracking_number):
        raise OrderError(
            _("Enter the tracking number: 5 to 40 letters, digits, spaces or dashes.")
        )

    def apply(locked: Order) -> None:
        locked.carrier = carrier
        locked.tracking_number = tracking_number
        locked.shipped_at = timezone.now()

    return _transition(
        order, to=Order.Status.SHIPPED, role=role, user=seller, apply=apply
    )


def _complete(locked: Order) -> None:
    locked.completed_at = timezone.now()
    ledger.post_completion(locked)


def confirm_receipt(*, order: Order, buyer: User) -> Order:
    """Buyer confirms the item arrived as described: the seller is paid."""
    role = _role(order, buyer, Actor.BUYER)
    return _transition(
        order, to=Order.Status.COMPLETED, role=role, user=buyer, apply=_complete
    )


def _cancel(locked: Order) -> None:
    _close(locked, to=Order.Status.CANCELLED)
    _relist(locked)


def cancel_order(*, order: Order, user: User, reason: str) -> Order:
    """Seller cancels a paid order; the buyer may once the ship deadline passed.

    The buyer is refunded and the item goes back on sale.
    """
    role = order.role_of(user)
    if not role:
        raise OrderError(_("This order is not yours."))
    reason = plain_text(reason, multi_line=True, error=OrderError)
    if not reason:
        raise OrderError(_("Say why you are cancelling."))

    def check(locked: Order) -> None:
        if role == Actor.BUYER and not locked.ship_deadline_passed():
            raise OrderError(
                _("You can cancel if the item has not shipped by %(date)s.")
                % {"date": timezone.localtime(locked.ship_by).strftime("%B %-d")}
            )

    return _transition(
        order,
        to=Order.Status.CANCELLED,
        role=role,
        user=user,
        note=reason[:1000],
        check=check,
        apply=_cancel,
    )


def report_problem(
    *,
    order: Order,
    buyer: User,
    reason: str,
    description: str,
    photos: list | None = None,
) -> Order:
    """Buyer reports a problem before completion: the order is disputed.

    `photos` are DisputePhoto objects already built by the photo pipeline
    (orders.photos.build_dispute_photo); they are saved with the dispute.
    """
    role = _role(order, buyer, Actor.BUYER)
    description = plain_text(description, multi_line=True, error=OrderError)
    if reason not in Dispute.Reason.values:
        raise OrderError(_("Choose what went wrong."))
    if not description:
        raise OrderError(_("Describe the problem."))
    photos = photos or []
    if len(photos) > settings.DISPUTE_MAX_PHOTOS:
        raise OrderError(
            _("Attach at most %(max)d photos.") % {"max": settings.DISPUTE_MAX_PHOTOS}
        )

    def apply(locked: Order) -> None:
        dispute = Dispute.objects.create(
            order=locked, reason=reason, description=description[:1000]
        )
        for photo in photos:
            photo.dispute = dispute
            photo.save()

    return _transition(
        order,
        to=Order.Status.DISPUTED,
        role=role,
        user=buyer,
        note=Dispute.Reason(reason).label,
        apply=apply,
    )


def refund_order(*, order: Order, staff: User, note: str = "") -> Order:
    """Staff refund the buyer in full (an open order); the item stays sold."""
    if not staff.is_staff:
        raise OrderError(_("Only staff can refund an order."))

    def apply(locked: Order) -> None:
        _close(locked, to=Order.Status.REFUNDED)
        Dispute.objects.filter(order=locked, resolved_at__isnull=True).update(
            resolution="buyer", resolved_at=timezone.now()
        )

    return _transition(
        order,
        to=Order.Status.REFUNDED,
        role=Actor.STAFF,
        user=staff,
        note=note or _("Refunded by Nomi staff."),
        apply=apply,
    )


def resolve_dispute(
    *, order: Order, staff: User, for_buyer: bool, note: str = ""
) -> Order:
    """Staff settle a dispute: refund the buyer, or release the money to the seller."""
    if order.status != Order.Status.DISPUTED:
        raise OrderError(_("Only disputed orders can be resolved."))
    if for_buyer:
        return refund_order(order=order, staff=staff, note=note)
    if not staff.is_staff:
        raise OrderError(_("Only staff can resolve a dispute."))

    def apply(locked: Order) -> None:
        _complete(locked)
        Dispute.objects.filter(order=locked).update(
            resolution="seller", resolved_at=timezone.now()
        )

    return _transition(
        order,
        to=Order.Status.COMPLETED,
        role=Actor.STAFF,
        user=staff,
        note=note or _("Resolved for the seller by Nomi staff."),
        apply=apply,
    )


# --- Deadlines -------------------------------------------------------------------


def _each_once(ids, step) -> int:
    """Run `step(id)` for each id; OrderError means another run got there first."""
    done = 0
    for pk in ids:
        try:
            if step(pk):
                done += 1
        except OrderError:
            continue
    return done


def expire_offers(now: datetime) -> int:
    """Close open offers past their 24 h; free their money. Returns how many."""

    def expire(pk: int, listing_pk: int) -> Offer | None:
        _lock_listing(listing_pk)
        offer = (
            Offer.objects.select_for_update()
            .select_related("buyer", "listing__seller")
            .get(pk=pk)
        )
        if not (offer.is_open and offer.expires_at <= now):
            return None
        _close_offer(offer, Offer.Status.EXPIRED)
        _notify_offer(offer, offer.buyer, _("Your offer expired"))
        _notify_offer(offer, offer.listing.seller, _("An offer expired"))
        return offer

    def step(ids: tuple[int, int]) -> bool:
        offer = _short_transaction(lambda: expire(*ids))
        if offer is None:
            return False
        release_offer_payments([offer])
        return True

    ids = Offer.objects.open().filter(expires_at__lte=now)
    return _each_once(list(ids.values_list("pk", "listing_id")), step)


def _system_moves(due, *, to: str, note: str, still_due, apply) -> int:
    """Move each order of `due` to `to` as Nomi; re-checked under the row lock."""

    def step(pk: int) -> bool:
        _transition(
            Order(pk=pk),
            to=to,
            role=Actor.SYSTEM,
            user=None,
            note=note,
            check=still_due,
            apply=apply,
        )
        return True

    return _each_once(list(due.values_list("pk", flat=True)), step)


def _require(condition: bool) -> None:
    if not condition:
        raise OrderError(_("No longer due."))


def auto_cancel_orders(now: datetime) -> int:
    """Cancel and refund orders still unshipped AUTO_CANCEL_DAYS after purchase."""
    cutoff = now - timedelta(days=settings.AUTO_CANCEL_DAYS)
    return _system_moves(
        Order.objects.filter(
            status=Order.Status.PAID, created_at__lte=cutoff, captured_at__isnull=False
        ),
        to=Order.Status.CANCELLED,
        note=_("Not shipped within %(days)d days.")
        % {"days": settings.AUTO_CANCEL_DAYS},
        still_due=lambda locked: _require(locked.created_at <= cutoff),
        apply=_cancel,
    )


def auto_complete_orders(now: datetime) -> int:
    """Complete shipped orders AUTO_COMPLETE_DAYS after shipping (not disputed)."""
    cutoff = now - timedelta(days=settings.AUTO_COMPLETE_DAYS)
    return _system_moves(
        Order.objects.filter(status=Order.Status.SHIPPED, shipped_at__lte=cutoff),
        to=Order.Status.COMPLETED,
        note=_("Completed automatically %(days)d days after shipping.")
        % {"days": settings.AUTO_COMPLETE_DAYS},
        still_due=lambda locked: _require(locked.shipped_at <= cutoff),
        apply=_complete,
    )


def close_rating_windows(now: datetime) -> int:
    """Close rating windows RATING_WINDOW_DAYS after completion; reveal ratings."""
    cutoff = now - timedelta(days=settings.RATING_WINDOW_DAYS)
    ids = Order.objects.filter(
        status=Order.Status.COMPLETED,
        completed_at__lte=cutoff,
        ratings_closed_at__isnull=True,
    ).values_list("pk", flat=True)

    def step(pk: int) -> bool:
        with transaction.atomic():
            closed = Order.objects.filter(pk=pk, ratings_closed_at__isnull=True).update(
                ratings_closed_at=now
            )
            if closed:
                Rating.objects.filter(order_id=pk).update(visible=True)
        return bool(closed)

    return _each_once(list(ids), step)


def _retried(step, order: Order, what: str) -> bool:
    """Run one payment retry; a failing gateway is logged and left for next run."""
    try:
        step(order)
    except Exception:
        logger.exception(
            "%s of order %s failed again; retried next run.", what, order.pk
        )
        return False
    return True


def retry_payments() -> int:
    """Finish gateway calls a crash or an unreachable gateway left: captures,
    refunds, voids. One that fails again does not stop the others."""
    done = 0
    for order in Order.objects.filter(
        status=Order.Status.PAID,
        captured_at__isnull=True,
        payment_source=PaymentSource.CARD,
    ):
        done += _retried(capture_order, order, "Capture")
    for order in Order.objects.filter(refund_due=True, refunded_at__isnull=True):
        done += _retried(settle_refund, order, "Refund")
    stale = Offer.objects.exclude(status__in=Offer.OPEN_STATUSES).filter(
        Q(released=False) | Q(replaced_released=False)
    )
    for offer in stale:
        release_offer_payments([offer])
        done += 1
    return done + void_orphan_authorizations()


def void_orphan_authorizations() -> int:
    """Void card holds that no order or offer uses, AUTHORIZATION_GRACE_MINUTES old.

    A sale that failed after authorizing voids its authorization at once; if
    that void failed too, or the process died in between, the hold is found
    here. The grace is real time, not `--now`: a checkout in flight has its
    authorization before its order. Returns how many were voided.
    """
    cutoff = timezone.now() - timedelta(minutes=settings.AUTHORIZATION_GRACE_MINUTES)
    try:
        opened = get_gateway().open_authorizations(created_before=cutoff)
    except Exception:
        logger.exception("Listing open authorizations failed; retried next run.")
        return 0
    held = {auth.reference: auth for auth in opened}
    if not held:
        return 0
    used = set(
        Order.objects.filter(payment_reference__in=held).values_list(
            "payment_reference", flat=True
        )
    )
    used |= set(
        Offer.objects.filter(payment_reference__in=held).values_list(
            "payment_reference", flat=True
        )
    )
    used |= set(
        Offer.objects.filter(replaced_reference__in=held).values_list(
            "replaced_reference", flat=True
        )
    )
    done = 0
    for reference in sorted(set(held) - used):
        try:
            _void(reference, f"orphan:{reference}:void")
        except Exception:
            logger.exception("Void of orphan %s failed; retried next run.", reference)
            continue
        done += 1
    return done


def process_deadlines(*, now: datetime | None = None) -> dict[str, int]:
    """Every time-based transition, each done once even if two runs overlap."""
    now = now or timezone.now()
    # Interrupted payments first, so an order whose capture a crash skipped
    # is captured before the auto-cancel below looks at it.
    retried = retry_payments()
    return {
        "offers expired": expire_offers(now),
        "orders cancelled": auto_cancel_orders(now),
        "orders completed": auto_complete_orders(now),
        "rating windows closed": close_rating_windows(now),
        "payments retried": retried,
    }


# --- Withdrawals ------------------------------------------------------------------


def aba_checksum_valid(routing: str) -> bool:
    """The 3-7-1 weighted checksum every US routing number carries."""
    weights = (3, 7, 1) * 3
    return sum(int(d) * w for d, w in zip(routing, weights, strict=True)) % 10 == 0


def _digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def clean_routing_number(value: str) -> str:
    """A 9-digit routing number whose checksum holds; raises WithdrawalError."""
    routing = _digits(value)
    if not re.fullmatch(r"[0-9]{9}", routing) or not aba_checksum_valid(routing):
        raise WithdrawalError(_("Enter a valid 9-digit routing number."))
    return routing


def clean_account_number(value: str) -> str:
    """An account number of 4 to 17 digits; raises WithdrawalError."""
    account = _digits(value)
    if not re.fullmatch(r"[0-9]{4,17}", account):
        raise WithdrawalError(_("Enter an account number of 4 to 17 digits."))
    return account


def validate_bank_account(*, routing_number: str, account_number: str) -> str:
    """Check a routing and an account number; return the account's last 4 digits.

    Raises WithdrawalError naming the bad field.
    """
    clean_routing_number(routing_number)
    return clean_account_number(account_number)[-4:]


def withdraw_balance(
    *,
    member: User,
    amount_cents: int,
    routing_number: str,
    account_number: str,
    idempotency_key: str,
) -> Withdrawal:
    """Send available balance to a (sandbox) bank account; never more than there is.

    The member's row lock serialises withdrawals and balance payments, so two
    simultaneous requests cannot both spend the same money. A resubmitted
    form (same key) returns the first withdrawal.
    """
    key = f"{member.pk}:{idempotency_key}"
    if existing := Withdrawal.objects.filter(idempotency_key=key).first():
        return existing
    last4 = validate_bank_account(
        routing_number=routing_number, account_number=account_number
    )
    if amount_cents < settings.MIN_WITHDRAWAL_CENTS:
        raise WithdrawalError(
            _("Withdraw at least %(min)s.")
            % {"min": money(settings.MIN_WITHDRAWAL_CENTS)}
        )
    with transaction.atomic():
        ledger.lock_member(member)
        if existing := Withdrawal.objects.filter(idempotency_key=key).first():
            return existing
        available = ledger.available_cents(member)
        if amount_cents > available:
            raise WithdrawalError(
                _("You can withdraw at most %(available)s.")
                % {"available": money(available)}
            )
        withdrawal = Withdrawal.objects.create(
            member=member,
            amount_cents=amount_cents,
            account_last4=last4,
            idempotency_key=key,
        )
        ledger.post_movement(
            kind=LedgerEntry.Kind.PAYOUT,
            withdrawal=withdrawal,
            legs=[
                ledger.Leg(Account.AVAILABLE, -amount_cents, member),
                ledger.Leg(Account.PAYOUTS, amount_cents, member),
            ],
        )
        _email(member, "withdrawal", withdrawal=withdrawal)
    return withdrawal


# --- Ratings ----------------------------------------------------------------------


def rate_order(*, order: Order, rater: User, stars: int, comment: str = "") -> Rating:
    """Rate the other side of a completed order once, within the rating window.

    Hidden from the rated member until both have rated or the window closes.
    Raises RatingError (TryAgain when the database gave up on every attempt).
    """
    return _short_transaction(
        lambda: _rate(order=order, rater=rater, stars=stars, comment=comment)
    )


def _rate(*, order: Order, rater: User, stars: int, comment: str) -> Rating:
    order = (
        Order.objects.select_for_update()
        .select_related("buyer", "seller")
        .get(pk=order.pk)
    )
    role = order.role_of(rater)
    if not role:
        raise RatingError(_("This order is not yours."))
    if order.status != Order.Status.COMPLETED:
        raise RatingError(_("You can rate once the order is completed."))
    if not order.rating_window_open():
        raise RatingError(_("The rating window for this order has closed."))
    if type(stars) is not int or not 1 <= stars <= 5:
        raise RatingError(_("Choose 1 to 5 stars."))
    comment = plain_text(comment, multi_line=True, error=RatingError)
    if len(comment) > settings.RATING_COMMENT_MAX_LENGTH:
        raise RatingError(
            _("Keep the comment to %(max)d characters.")
            % {"max": settings.RATING_COMMENT_MAX_LENGTH}
        )
    if order.ratings.filter(rater=rater).exists():
        raise RatingError(_("You have already rated this order."))
    ratee = order.seller if role == Actor.BUYER else order.buyer
    rating = Rating.objects.create(
        order=order, rater=rater, ratee=ratee, stars=stars, comment=comment
    )
    if order.ratings.count() == 2:
        order.ratings.update(visible=True)
        rating.visible = True
    _email(ratee, "rating_received", order=order, rating=rating)
    return rating
