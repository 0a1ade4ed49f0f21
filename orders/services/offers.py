"""Binding offers: make, answer, counter, accept, thresholds."""

import contextlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import Listing
from marketplace.retry import atomic_with_retry, retry_lost_locks
from marketplace.templatetags.money import money
from orders import ledger, payment_states
from orders.exceptions import (
    AmountError,
    OrderError,
    StaleAttempt,
)
from orders.models import (
    LedgerEntry,
    Offer,
    OfferSettings,
)
from orders.selectors import offer_settings_of
from orders.services.core import (
    Payment,
    ShippingAddress,
    _gave_up,
    _notify_offer,
    _offer_deadline,
    check_can_buy,
    min_offer_cents,
    quote_for,
)
from orders.services.offer_answers import accept_offer
from orders.services.settlement import (
    _authorize,
    _debit_balance,
    _release_authorization,
)

User = get_user_model()
Account = LedgerEntry.Account


# --- Offers --------------------------------------------------------------------


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
        "expires_at": _offer_deadline(),
        **address.as_fields(),
    }
    thresholds = offer_settings_of(listing)
    declined_at_once = (
        thresholds.auto_decline_cents is not None
        and amount_cents < thresholds.auto_decline_cents
    )
    if declined_at_once:
        # Nothing is authorized for an offer the seller declined in advance.
        offer = Offer.objects.create(
            **fields,
            status=Offer.Status.DECLINED,
            answered_at=timezone.now(),
        )
        _notify_offer(offer, buyer, _("Your offer was declined automatically"))
        return offer
    try:
        auth = _authorize(
            payment=payment,
            payer=buyer,
            amount_cents=quote.total_cents,
            key=f"offer:{offer_key}",
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
        )
        payment_states.open_payment(
            payer_id=buyer.pk,
            method=payment.source,
            amount_cents=quote.total_cents,
            key=f"offer:{offer.pk}",
            offer=offer,
            reference=auth.reference if auth else "",
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
    threshold = thresholds.auto_accept_cents
    if threshold is not None and amount_cents >= threshold:
        # Sold meanwhile, or the seller went away: the offer stays pending.
        with contextlib.suppress(OrderError):
            accept_offer(offer=offer, seller=None)
        offer.refresh_from_db()
    return offer


@retry_lost_locks
def set_offer_thresholds(
    *,
    listing: Listing,
    seller: User,
    accept_cents: int | None,
    decline_cents: int | None,
) -> Listing:
    """Set a listing's auto-accept (≥) and auto-decline (<) offer amounts
    (its OfferSettings row, under the listing's row lock)."""
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
    OfferSettings.objects.update_or_create(
        listing=listing,
        defaults={
            "auto_accept_cents": accept_cents,
            "auto_decline_cents": decline_cents,
        },
    )
    return listing
