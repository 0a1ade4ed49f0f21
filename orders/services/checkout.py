"""Buying an item at its price."""

from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError
from django.utils.translation import gettext as _

from listings.models import Listing
from listings.services import claim_for_sale
from marketplace.retry import atomic_with_retry
from marketplace.templatetags.money import money
from orders import ledger
from orders.exceptions import (
    ItemSold,
    OrderError,
)
from orders.models import (
    Order,
)
from orders.services.core import (
    Payment,
    ShippingAddress,
    _gave_up,
    _order_with,
    check_can_buy,
    quote_for,
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
)

User = get_user_model()


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
            payer=buyer,
            amount_cents=quote.total_cents,
            key=f"checkout:{order_key}",
        )

        def claim_and_open() -> tuple[Order, list]:
            if not claim_for_sale(listing.pk):
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
