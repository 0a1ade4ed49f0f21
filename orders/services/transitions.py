"""Order transitions after the sale.

Ship, confirm, cancel, report a problem, refund, resolve a dispute.
"""

import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.services import return_to_sale
from marketplace.audit import record_staff_action
from marketplace.text import model_text
from orders import ledger
from orders.badges import refresh_seller_badges
from orders.exceptions import (
    OrderError,
)
from orders.models import (
    Dispute,
    Order,
    OrderEvent,
)
from orders.rules import cancel_refusal, dispute_photo_room, move_refusal
from orders.services.core import (
    _event,
    _notify_order,
    _short_transaction,
)
from orders.services.sale import (
    _close,
    settle_refund,
)

logger = logging.getLogger(__name__)
User = get_user_model()
Actor = Order.Actor


# --- Order transitions ------------------------------------------------------------


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
        if refusal := move_refusal(locked, to=to, role=role):
            raise OrderError(refusal)
        if check:
            check(locked)
        from_status = locked.status
        locked.status = to
        if apply:
            apply(locked)
        locked.save()
        _event(locked, user, role, from_status, note)
        _notify_order(locked, to_status=to, role=role, note=note)
        # Ships fast / Reliable change with shipping, cancelling, settling.
        refresh_seller_badges(seller_id=locked.seller_id)
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
    tracking_number = model_text(
        Order, "tracking_number", tracking_number, error=OrderError
    ).upper()
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
    return_to_sale(locked.listing_id)


def cancel_order(*, order: Order, user: User, reason: str) -> Order:
    """Seller cancels a paid order; the buyer may once the ship deadline passed.

    The buyer is refunded and the item goes back on sale.
    """
    role = order.role_of(user)
    if not role:
        raise OrderError(_("This order is not yours."))
    reason = model_text(OrderEvent, "note", reason, error=OrderError)
    if not reason:
        raise OrderError(_("Say why you are cancelling."))

    def check(locked: Order) -> None:
        if refusal := cancel_refusal(locked, user, timezone.now()):
            raise OrderError(refusal)

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
    description = model_text(Dispute, "description", description, error=OrderError)
    if reason not in Dispute.Reason.values:
        raise OrderError(_("Choose what went wrong."))
    if not description:
        raise OrderError(_("Describe the problem."))
    photos = photos or []
    if len(photos) > dispute_photo_room(0):
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


def _settle_dispute(locked: Order, *, resolution: str) -> None:
    """Close the order's open dispute for the buyer or the seller."""
    Dispute.objects.filter(order=locked, resolved_at__isnull=True).update(
        resolution=resolution, resolved_at=timezone.now()
    )


def _staff_move(
    order: Order, staff: User, *, to: str, resolution: str, settle, note, action: str
):
    """Staff move the order to `to`: `settle(locked)`, then any open dispute
    closes for `resolution` ("buyer" or "seller"); the audit records `action`."""

    def apply(locked: Order) -> None:
        settle(locked)
        _settle_dispute(locked, resolution=resolution)
        record_staff_action(actor=staff, action=action, target=locked, reason=note)

    return _transition(
        order, to=to, role=Actor.STAFF, user=staff, note=note, apply=apply
    )


def refund_order(*, order: Order, staff: User, note: str = "") -> Order:
    """Staff refund the buyer in full (an open order); the item stays sold."""
    if not staff.is_staff:
        raise OrderError(_("Only staff can refund an order."))
    return _staff_move(
        order,
        staff,
        to=Order.Status.REFUNDED,
        resolution="buyer",
        settle=lambda locked: _close(locked, to=Order.Status.REFUNDED),
        note=note or _("Refunded by Nomi staff."),
        action="order.refund",
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
    return _staff_move(
        order,
        staff,
        to=Order.Status.COMPLETED,
        resolution="seller",
        settle=_complete,
        note=note or _("Resolved for the seller by Nomi staff."),
        action="order.resolve_for_seller",
    )


def complete_order_by_staff(*, order: Order, staff: User, note: str = "") -> Order:
    """Staff complete a shipped or disputed order: the seller is paid, as if
    the buyer had confirmed (e.g. a suspended member's order left to finish).
    Raises OrderError for an order not yet shipped or already closed."""
    if not staff.is_staff:
        raise OrderError(_("Only staff can complete an order."))
    return _staff_move(
        order,
        staff,
        to=Order.Status.COMPLETED,
        resolution="seller",
        settle=_complete,
        note=note or _("Completed by Nomi staff."),
        action="order.complete",
    )
