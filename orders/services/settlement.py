"""Gateway calls and balance debits: authorize, void, release, pay from the balance.

No database lock is held while the gateway is called; every call has a key
derived from the object it belongs to, so a retry repeats nothing.
"""

import logging

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from marketplace import metrics
from orders import ledger, payment_states
from orders.exceptions import (
    PaymentDeclined,
    StaleAttempt,
)
from orders.models import (
    LedgerEntry,
    Order,
    PaymentSource,
)
from orders.payments import (
    IdempotencyConflict,
    get_gateway,
)
from orders.services.core import (
    Payment,
    _decline_message,
)

logger = logging.getLogger(__name__)
User = get_user_model()
Account = LedgerEntry.Account


# --- Payments ------------------------------------------------------------------


def _authorize(*, payment: Payment, payer: User, amount_cents: int, key: str):
    """Authorize a card payment, or return None for balance payments."""
    if payment.source != PaymentSource.CARD:
        return None
    try:
        result = get_gateway().authorize(
            amount_cents=amount_cents,
            token=payment.card_token,
            customer_id=payer.pk,
            idempotency_key=key,
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
        # Counted at once: the gateway's answer stands whatever the database
        # does next (and no transaction is open here).
        metrics.DECLINES.labels(stage="authorize").inc()
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


def _debit_balance(*, buyer: User, amount_cents: int, held_cents: int = 0) -> None:
    """Refuse unless the buyer's available balance (plus a hold) covers the amount.

    The caller holds the buyer's row lock (ledger.lock_member).
    """
    if ledger.available_cents(buyer) + held_cents < amount_cents:
        raise PaymentDeclined(
            _("Your available balance does not cover this total. Pay by card.")
        )


def release_offer_payments(offers) -> None:
    """Void the card authorizations of closed offers that no order took.

    Each becomes voided once the gateway confirms (an offer's own, and the one
    an accepted counter replaced). Runs after the closing transaction
    committed, so it never fails its caller: a payment whose void fails (the
    gateway unreachable) stays void_pending, and process_deadlines
    (retry_payments) voids it later.
    """
    for offer in offers:
        try:
            for payment in payment_states.unreleased_card_payments(offer):
                replaced = payment.reference != offer.payment_reference
                suffix = "void-replaced" if replaced else "void"
                _void(payment.reference, f"offer:{offer.pk}:{suffix}")
                payment_states.void_confirmed(offer=offer, reference=payment.reference)
        except Exception:
            logger.exception(
                "Release of offer %s failed; process_deadlines will retry it.",
                offer.pk,
            )


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
    payment_states.captured(order)
    metrics.count_after_commit(metrics.CAPTURES, method="balance")
