"""What process_deadlines runs.

Offer expiries, automatic cancels and completions, rating windows,
payment retries and orphaned authorizations.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.services import lock_listing
from orders import payment_states
from orders.exceptions import (
    OrderError,
)
from orders.models import (
    Offer,
    Order,
    Payment,
    PaymentSource,
    Rating,
)
from orders.models.orders import AUTO_CANCEL, AUTO_COMPLETE, RATING_WINDOW, Deadline
from orders.payments import (
    get_gateway,
)
from orders.rules import offer_is_live
from orders.services.core import (
    _close_offer,
    _notify_offer,
    _short_transaction,
)
from orders.services.sale import (
    capture_order,
    settle_refund,
)
from orders.services.settlement import (
    _void,
    release_offer_payments,
)
from orders.services.transitions import (
    _cancel,
    _complete,
    _transition,
)

logger = logging.getLogger(__name__)
Actor = Order.Actor


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
        lock_listing(listing_pk)
        offer = (
            Offer.objects.select_for_update()
            .select_related("buyer", "listing__seller")
            .get(pk=pk)
        )
        if not offer.is_open or offer_is_live(offer, now):
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


def _deadline_moves(
    now: datetime, deadline: Deadline, *, due, to: str, note: str, apply
) -> int:
    """Move the orders of `due` whose `deadline` passed at `now` to `to`, as Nomi."""
    return _system_moves(
        due.filter(deadline.passed_q(now)),
        to=to,
        note=note,
        still_due=lambda locked: _require(deadline.passed(locked, now)),
        apply=apply,
    )


def auto_cancel_orders(now: datetime) -> int:
    """Cancel and refund orders still unshipped AUTO_CANCEL_DAYS after purchase."""
    return _deadline_moves(
        now,
        AUTO_CANCEL,
        due=Order.objects.captured().filter(status=Order.Status.PAID),
        to=Order.Status.CANCELLED,
        note=_("Not shipped within %(days)d days.")
        % {"days": settings.AUTO_CANCEL_DAYS},
        apply=_cancel,
    )


def auto_complete_orders(now: datetime) -> int:
    """Complete shipped orders AUTO_COMPLETE_DAYS after shipping (not disputed)."""
    return _deadline_moves(
        now,
        AUTO_COMPLETE,
        due=Order.objects.filter(status=Order.Status.SHIPPED),
        to=Order.Status.COMPLETED,
        note=_("Completed automatically %(days)d days after shipping.")
        % {"days": settings.AUTO_COMPLETE_DAYS},
        apply=_complete,
    )


def close_rating_windows(now: datetime) -> int:
    """Close rating windows RATING_WINDOW_DAYS after completion; reveal ratings."""
    ids = Order.objects.filter(
        RATING_WINDOW.passed_q(now),
        status=Order.Status.COMPLETED,
        ratings_closed_at__isnull=True,
    ).values_list("pk", flat=True)

    def close(pk: int) -> bool:
        closed = Order.objects.filter(pk=pk, ratings_closed_at__isnull=True).update(
            ratings_closed_at=now
        )
        if closed:
            Rating.objects.filter(order_id=pk).update(visible=True)
        return bool(closed)

    def step(pk: int) -> bool:
        return _short_transaction(lambda: close(pk))

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
    for order in _paid_by(
        Q(status__in=payment_states.LIVE, method=PaymentSource.CARD),
        status=Order.Status.PAID,
    ):
        done += _retried(capture_order, order, "Capture")
    for order in _paid_by(Q(status=Payment.Status.REFUND_PENDING)):
        done += _retried(settle_refund, order, "Refund")
    unreleased = Payment.objects.filter(
        status=Payment.Status.VOID_PENDING, order__isnull=True
    ).values("offer_id")
    for offer in Offer.objects.filter(pk__in=unreleased):
        release_offer_payments([offer])
        done += 1
    return done + void_orphan_authorizations()


def _paid_by(payments: Q, **order_filters):
    """The orders (matching `order_filters`) with a payment matching `payments`."""
    paying = Payment.objects.filter(payments, order__isnull=False).values("order_id")
    return Order.objects.filter(pk__in=paying, **order_filters)


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
        Payment.objects.filter(reference__in=held).values_list("reference", flat=True)
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
