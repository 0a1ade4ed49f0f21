"""Answers to an offer: accept, decline, counter; the buyer answers a counter."""

from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import Listing
from listings.services import claim_for_sale, lock_listing
from marketplace.retry import atomic_with_retry
from marketplace.templatetags.money import money
from orders import ledger, payment_states
from orders.exceptions import (
    AmountError,
    ItemSold,
    OrderError,
    PaymentDeclined,
    StaleAttempt,
)
from orders.models import (
    Offer,
    Order,
    PaymentSource,
)
from orders.pricing import Quote, quote, quote_within
from orders.rules import (
    BUYER_ANSWERS,
    SELLER_ANSWERS,
    acceptance_refusal,
    offer_answer_refusal,
    offer_role,
)
from orders.services.core import (
    Payment,
    ShippingAddress,
    _close_offer,
    _gave_up,
    _notify_offer,
    _offer_deadline,
    _order_with,
    _short_transaction,
)
from orders.services.sale import (
    _decline_other_offers,
    _finish_sale,
    _lost_claim,
    _open_order,
)
from orders.services.settlement import (
    _authorize,
    _debit_balance,
    _pay_from_balance,
    _release_authorization,
    release_offer_payments,
)

User = get_user_model()
Actor = Order.Actor


def check_offer_role(offer: Offer, *, user: User | None, answers: tuple) -> str:
    """The role `user` answers `offer` in, if the endpoint `answers` is theirs.

    Raises OrderError naming the party the endpoint is for (a non-party's
    offer is not theirs at all): orders.rules.offer_answer_refusal.
    """
    if refusal := offer_answer_refusal(offer, member=user, answers=answers):
        raise OrderError(refusal)
    return offer_role(offer, user)


def check_offer_answer(
    offer: Offer, *, to: str, user: User | None, answers: tuple, now=None
) -> str:
    """Check `user` may answer `offer` this way now; return their role.

    `answers` is SELLER_ANSWERS or BUYER_ANSWERS: the state the endpoint answers
    and the roles allowed to use it; with `now`, the offer must not have
    expired. Raises OrderError with orders.rules.offer_answer_refusal's reason.
    """
    refusal = offer_answer_refusal(offer, member=user, answers=answers, to=to, now=now)
    if refusal:
        raise OrderError(refusal)
    return offer_role(offer, user)


def _lock_offer(
    offer: Offer, *, to: str, user: User | None, answers: tuple
) -> tuple[Offer, str]:
    """Lock the offer and check `user` may move it to `to` now.

    `user` None is Nomi itself (auto-accept, expiry). Returns the locked offer
    and the actor's role; raises OrderError otherwise.
    """
    lock_listing(offer.listing_id)
    offer = (
        Offer.objects.select_for_update()
        .select_related("listing", "buyer", "listing__seller")
        .get(pk=offer.pk)
    )
    role = check_offer_answer(
        offer, to=to, user=user, answers=answers, now=timezone.now()
    )
    return offer, role


def _claim_for_offer(offer: Offer, *, user, answers) -> tuple[Offer, str]:
    """In an acceptance's transaction: claim the item, then lock the offer and
    check the answer and `acceptance_refusal`. The listing first, then the
    offer: the order every sale locks in, so a buy-now and an acceptance
    cannot deadlock. Returns the locked offer and the actor's role."""
    if not claim_for_sale(offer.listing_id):
        raise _lost_claim(offer.listing_id)
    locked, role = _lock_offer(
        offer, to=Offer.Status.ACCEPTED, user=user, answers=answers
    )
    if refusal := acceptance_refusal(locked):
        raise OrderError(refusal)
    return locked, role


def accept_offer(*, offer: Offer, seller: User | None) -> Order:
    """Seller (or the auto-accept threshold, seller=None) accepts: order at the offer.

    Raises ItemSold when the item sold first, OrderError when the offer is no
    longer pending.
    """
    listing_pk = offer.listing_id

    def claim_and_order() -> tuple[Order, list]:
        locked, role = _claim_for_offer(offer, user=seller, answers=SELLER_ANSWERS)
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
    # The authorization (or hold) now covers the price the order is made at.
    quote = quote_within(
        total_cents=offer.authorized_cents,
        item_cents=offer.price_cents,
        shipping_cents=offer.shipping_cents,
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
    return quote(offer.counter_cents, offer.shipping_cents)


def accept_counter(
    *,
    offer: Offer,
    buyer: User,
    card_token: str,
    idempotency_key: str = "",
) -> Order:
    """Buyer accepts the counter: a new authorization for its total, then the order.

    Card offers need the card again, as a new token (only its last four
    digits were kept); balance offers pay the difference from the available
    balance. The form's `idempotency_key` names one attempt: after a declined
    card a new key lets another card be tried, while a resubmit returns the
    same order.
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
        if not card_token:
            raise PaymentDeclined(_("Enter your card to pay the new total."))
        try:
            auth = _authorize(
                payment=Payment(PaymentSource.CARD, card_token),
                payer=buyer,
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
        locked, _role = _claim_for_offer(offer, user=buyer, answers=BUYER_ANSWERS)
        held = locked.authorized_cents
        if auth is not None:
            payment_states.void_due(offer=locked)
            payment_states.open_payment(
                payer_id=buyer.pk,
                method=PaymentSource.CARD,
                amount_cents=quote.total_cents,
                key=key,
                offer=locked,
                reference=auth.reference,
                card_brand=auth.brand,
                card_last4=auth.last4,
            )
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
