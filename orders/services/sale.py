"""The sale itself.

Claiming the item (`listings.services.claim_for_sale`), opening the order,
capturing or refunding it, and closing the offers that a sale, a withdrawn
listing, a price cut or a block ends.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import Listing
from listings.services import lock_listing, return_to_sale
from marketplace import metrics
from marketplace.fees import selling_fee_cents
from marketplace.retry import atomic_with_retry
from notifications.models import Kind
from orders import ledger, payment_states
from orders.exceptions import (
    ItemSold,
    NotBuyable,
    OrderError,
)
from orders.models import (
    LedgerEntry,
    Offer,
    Order,
)
from orders.payments import (
    get_gateway,
)
from orders.services.core import (
    Quote,
    ShippingAddress,
    _close_offer,
    _event,
    _notify,
    _notify_offer,
    _notify_order,
)
from orders.services.settlement import (
    _void,
    release_offer_payments,
)

logger = logging.getLogger(__name__)
User = get_user_model()
Actor = Order.Actor
Account = LedgerEntry.Account


# --- Claiming the item -----------------------------------------------------------


def _lost_claim(listing_pk: int) -> OrderError:
    status = Listing.objects.filter(pk=listing_pk).values_list("status", flat=True)
    if status.first() == Listing.Status.SOLD:
        return ItemSold(_("This item was just sold."))
    return NotBuyable(_("This item is no longer on sale."))


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
        **address.as_fields(),
    )
    if offer is None:
        payment_states.open_payment(
            payer_id=buyer.pk,
            method=source,
            amount_cents=quote.total_cents,
            key=f"order:{order.pk}",
            order=order,
            reference=reference,
            card_brand=brand,
            card_last4=last4,
        )
    else:
        payment_states.pay_order_with_offer_payment(order=order, offer=offer)
    _event(order, buyer, Actor.BUYER, "")
    metrics.count_after_commit(
        metrics.ORDERS_CREATED, via="checkout" if offer is None else "offer"
    )
    _notify(
        buyer,
        kind=Kind.ORDER_CONFIRMED,
        event=f"order:{order.pk}:confirmed",
        text=_("Order confirmed: %(title)s") % {"title": order.title},
        url=order.get_absolute_url(),
        template="purchase",
        order=order,
    )
    _notify(
        order.seller,
        kind=Kind.ITEM_SOLD,
        event=f"order:{order.pk}:sold",
        text=_("You sold %(title)s: ship it within the deadline")
        % {"title": order.title},
        url=order.get_absolute_url(),
        template="sale",
        order=order,
    )
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
    """Decline the open offers either member made on the other's listings (a block)."""
    between = Q(buyer=member_a, listing__seller=member_b) | Q(
        buyer=member_b, listing__seller=member_a
    )
    _close_open_offers(
        between, _("You can no longer buy from this seller; your offer closed")
    )


def close_offers_made_by(member: User) -> None:
    """Decline the open offers `member` made (they are deleting their account)."""
    _close_open_offers(
        Q(buyer=member), _("Your account was deleted; your offer closed")
    )


def _close_open_offers(where: Q, headline: str) -> None:
    """Decline the open offers `where` selects and tell their buyers.

    Each listing's row is locked before its offers, as every sale locks, and
    in primary-key order, so two callers cannot deadlock; the buyers are
    emailed and the card authorizations voided after commit, with no lock held.
    """
    pairs = sorted(
        set(Offer.objects.open().filter(where).values_list("listing_id", "buyer_id"))
    )

    def close() -> None:
        to_void = []
        for listing_pk, buyer_pk in pairs:
            lock_listing(listing_pk)
            offers = Offer.objects.select_for_update().filter(
                listing_id=listing_pk,
                buyer_id=buyer_pk,
                status__in=Offer.OPEN_STATUSES,
            )
            for offer in offers:
                _close_offer(offer, Offer.Status.DECLINED)
                _notify_offer(offer, offer.buyer, headline)
                if not offer.released:
                    to_void.append(offer)
        if to_void:
            transaction.on_commit(lambda: release_offer_payments(to_void))

    atomic_with_retry(close)


def close_offers_of_suspended_member(member: User) -> None:
    """Decline every open offer a suspended member made and every open offer
    on their listings; their open orders stay for staff.

    Runs in the suspension's transaction, which holds the member's row lock.
    Listings are locked before their offers, in primary-key order, as every
    sale locks; the other side is told and the card authorizations voided
    after commit, with no lock held.
    """
    involved = Q(buyer=member) | Q(listing__seller=member)
    listing_pks = sorted(
        set(Offer.objects.open().filter(involved).values_list("listing_id", flat=True))
    )
    to_void = []
    for listing_pk in listing_pks:
        lock_listing(listing_pk)
        offers = Offer.objects.select_for_update().filter(
            involved, listing_id=listing_pk, status__in=Offer.OPEN_STATUSES
        )
        for offer in offers.select_related("buyer", "listing__seller"):
            _close_offer(offer, Offer.Status.DECLINED)
            if offer.buyer_id != member.pk:
                _notify_offer(
                    offer,
                    offer.buyer,
                    _("The seller's account is suspended; your offer closed"),
                )
            if not offer.released:
                to_void.append(offer)
    if to_void:
        transaction.on_commit(lambda: release_offer_payments(to_void))


def _close(order: Order, *, to: str) -> None:
    """Cancel or refund (order row locked): money back, the claim released."""
    order.status = to
    order.closed_at = timezone.now()
    order.live_listing_id = None
    if order.payment_captured:
        ledger.post_refund(order)
        payment_states.refund_due(order, confirmed=not order.paid_with_card)
        metrics.count_after_commit(
            metrics.REFUNDS, method="card" if order.paid_with_card else "balance"
        )
    order.save()


def capture_order(order: Order) -> Order:
    """Capture a card order's authorization and put the money in escrow.

    Idempotent: the gateway key is the order's, and escrow is credited once,
    under the order's row lock. A refused capture cancels the order.
    """
    if order.payment_captured or not order.paid_with_card:
        return order
    result = get_gateway().capture(
        reference=order.payment_reference,
        amount_cents=order.total_cents,
        idempotency_key=f"order:{order.pk}:capture",
    )

    def settle() -> tuple[Order, bool]:
        """The locked order, and whether it stays paid (else its hold is voided)."""
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.payment_captured:
            return locked, True
        if result.ok:
            payment_states.captured(locked)
            ledger.post_movement(
                kind=LedgerEntry.Kind.CAPTURE,
                order=locked,
                legs=ledger.capture_legs(
                    order=locked, source_account=Account.CARDS, buyer=None
                ),
            )
            metrics.count_after_commit(metrics.CAPTURES, method="card")
            return locked, True
        payment_states.void_due(order=locked)
        metrics.count_after_commit(metrics.DECLINES, stage="capture")
        if locked.status == Order.Status.PAID:
            _close(locked, to=Order.Status.CANCELLED)
            return_to_sale(locked.listing_id)
            _event(locked, None, Actor.SYSTEM, Order.Status.PAID, _("Payment failed."))
            _notify_order(
                locked,
                to_status=Order.Status.CANCELLED,
                role=Actor.SYSTEM,
                note=_("Payment failed."),
            )
        return locked, False

    # On Galera the escrow credit can lose at COMMIT: it runs again, whole.
    order, stays_paid = atomic_with_retry(settle)
    if stays_paid:
        return order
    _void(order.payment_reference, f"order:{order.pk}:void")
    payment_states.void_confirmed(order=order)
    return order


def settle_refund(order: Order) -> Order:
    """Return a cancelled or refunded card order's money through the gateway, once."""
    if not order.refund_pending:
        return order
    result = get_gateway().refund(
        reference=order.payment_reference,
        amount_cents=order.total_cents,
        idempotency_key=f"order:{order.pk}:refund",
    )
    if result.ok:
        payment_states.refund_due(order, confirmed=True)
        order.refresh_from_db()
    return order


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
    try:
        payment_states.capture_pending(order)
    except Exception:
        logger.exception("Order %s: the pending capture was not recorded.", order.pk)
    return order
