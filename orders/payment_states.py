"""Moving a payment: the one place a Payment's status changes.

Each move locks the payment's row, checks Payment.TRANSITIONS and saves, in
its own short transaction: callers run it after the gateway answered, never
holding a lock while the gateway is called.
"""

from marketplace.retry import atomic_with_retry
from orders.models import Offer, Order, Payment, PaymentSource

Status = Payment.Status
# A payment that may still be captured.
LIVE = (Status.AUTHORIZED, Status.CAPTURE_PENDING)


class IllegalPaymentMove(Exception):
    """A move Payment.TRANSITIONS does not allow (a bug, never a member's input)."""


def open_payment(
    *,
    payer_id: int,
    method: str,
    amount_cents: int,
    key: str,
    order: Order | None = None,
    offer: Offer | None = None,
    reference: str = "",
    card_brand: str = "",
    card_last4: str = "",
) -> Payment:
    """Record a card authorization (its gateway reference) or a balance hold."""
    return Payment.objects.create(
        payer_id=payer_id,
        method=method,
        authorized_cents=amount_cents,
        idempotency_key=key,
        order=order,
        offer=offer,
        reference=reference,
        card_brand=card_brand,
        card_last4=card_last4,
    )


def move_payment(payment_pk: int, *, to: str, **changes) -> Payment:
    """Move one payment to `to` under its row lock, with `changes` to its fields.

    A payment already at `to` is left as it is (a retry of a move that was
    done); any other move outside Payment.TRANSITIONS raises IllegalPaymentMove.
    """

    def move() -> Payment:
        payment = Payment.objects.select_for_update().get(pk=payment_pk)
        if payment.status == to:
            return payment
        if not payment.can_move(to):
            raise IllegalPaymentMove(
                f"payment {payment.pk}: {payment.status} cannot become {to}"
            )
        payment.status = to
        for name, value in changes.items():
            setattr(payment, name, value)
        payment.save()
        return payment

    return atomic_with_retry(move)


def current_payment(*, order: Order | None = None, offer: Offer | None = None):
    """The payment an order or offer is paid by now (the newest), or None."""
    payments = Payment.objects.all()
    if order is not None:
        payments = payments.filter(order_id=order.pk)
    else:
        payments = payments.filter(offer_id=offer.pk)
    return payments.order_by("-id").first()


def _move_current(*, order=None, offer=None, to: str, **changes) -> None:
    payment = current_payment(order=order, offer=offer)
    if payment is not None and payment.status != to:
        move_payment(payment.pk, to=to, **changes)


def unreleased_card_payments(offer: Offer):
    """The offer's card authorizations that no order took and are not voided."""
    return Payment.objects.filter(
        offer_id=offer.pk,
        order__isnull=True,
        method=PaymentSource.CARD,
        status__in=(*LIVE, Status.VOID_PENDING),
    ).order_by("id")


def pay_order_with_offer_payment(*, order: Order, offer: Offer) -> None:
    """The accepted offer's payment now pays for its order (offer row locked)."""
    Payment.objects.filter(offer_id=offer.pk, status__in=LIVE).update(order=order)


def captured(order: Order) -> None:
    """The order's total was captured (card) or moved into escrow (balance)."""
    _move_current(
        order=order,
        to=Status.CAPTURED,
        authorized_cents=order.total_cents,
        captured_cents=order.total_cents,
    )


def capture_pending(order: Order) -> None:
    """The capture got no answer: process_deadlines retries it."""
    payment = current_payment(order=order)
    if payment is not None and payment.status == Status.AUTHORIZED:
        move_payment(payment.pk, to=Status.CAPTURE_PENDING)


def void_due(*, order: Order | None = None, offer: Offer | None = None) -> None:
    """Nothing will capture the authorization: voided once the gateway confirms."""
    payment = current_payment(order=order, offer=offer)
    if payment is not None and payment.status in LIVE:
        move_payment(payment.pk, to=Status.VOID_PENDING)


def void_confirmed(
    *, order: Order | None = None, offer: Offer | None = None, reference: str = ""
) -> None:
    """The gateway voided an order's authorization, or an offer's `reference`
    that no order took (or a balance hold went back: reference "")."""
    if order is not None:
        payments = Payment.objects.filter(order_id=order.pk)
    else:
        payments = Payment.objects.filter(
            offer_id=offer.pk, reference=reference, order__isnull=True
        )
    done = payments.exclude(status=Status.VOIDED)
    for pk in done.values_list("pk", flat=True):
        move_payment(pk, to=Status.VOIDED)


def refund_due(order: Order, *, confirmed: bool) -> None:
    """Money goes back to the buyer: at once from a balance, or once the card's
    refund is confirmed (`confirmed`)."""
    payment = current_payment(order=order)
    if payment is None or payment.status not in (
        Status.CAPTURED,
        Status.REFUND_PENDING,
    ):
        return
    if confirmed:
        move_payment(
            payment.pk, to=Status.REFUNDED, refunded_cents=payment.captured_cents
        )
    else:
        move_payment(payment.pk, to=Status.REFUND_PENDING)
