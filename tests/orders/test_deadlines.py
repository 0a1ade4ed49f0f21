"""process_deadlines: offer expiry, auto-cancel, auto-complete, rating windows,
crash recovery, and that a second run does nothing."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from listings.models import Listing
from orders import ledger
from orders.exceptions import RatingError
from orders.models import GatewayCall, LedgerEntry, Offer, Order, OrderEvent, Rating
from orders.payments import get_gateway
from orders.services import (
    cancel_order,
    counter_offer,
    decline_offer,
    process_deadlines,
    rate_order,
    report_problem,
)
from tests.factories import (
    ListingFactory,
    UserFactory,
    balance_payment,
    buy,
    completed,
    offer,
    shipped,
)
from tests.orders.servicepatch import patch_services

pytestmark = pytest.mark.django_db

NOTHING = {
    "offers expired": 0,
    "orders cancelled": 0,
    "orders completed": 0,
    "rating windows closed": 0,
    "payments retried": 0,
}


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def run(on_commit):
    """One run of the service, sending its emails into mail.outbox."""
    with on_commit():
        return process_deadlines()


def funded(member):
    """Give `member` an available balance by completing a $100 sale of theirs."""
    order = completed(buy(ListingFactory(seller=member, price_cents=10_000)))
    return order.seller_earnings_cents


def run_and_refresh(on_commit, *objects):
    """One run with its emails alone in mail.outbox, then `objects` read again."""
    mail.outbox.clear()
    counts = run(on_commit)
    for obj in objects:
        obj.refresh_from_db()
    return counts


def just_past_and_just_short(due, almost, field: str, days: int) -> None:
    """Set `due`'s `field` a minute more than `days` ago, `almost`'s a minute less."""
    Order.objects.filter(pk=due.pk).update(**{field: ago(days=days, minutes=1)})
    Order.objects.filter(pk=almost.pk).update(**{field: ago(days=days, minutes=-1)})


def recipients():
    return sorted(message.to[0] for message in mail.outbox)


def gateway_calls(kind, reference):
    return GatewayCall.objects.filter(kind=kind, reference=reference)


# --- The command ------------------------------------------------------------------


def test_command_prints_one_line_per_kind_with_its_count():
    made = offer()
    Offer.objects.filter(pk=made.pk).update(expires_at=ago(minutes=1))
    out = io.StringIO()

    call_command("process_deadlines", stdout=out)

    assert out.getvalue().splitlines() == [
        "offers expired: 1",
        "orders cancelled: 0",
        "orders completed: 0",
        "rating windows closed: 0",
        "payments retried: 0",
        "staged dispute photos discarded: 0",
    ]


def test_command_now_option_acts_as_of_that_time(settings):
    made = offer()
    before = timezone.now() + timedelta(hours=settings.OFFER_EXPIRY_HOURS - 1)
    after = timezone.now() + timedelta(hours=settings.OFFER_EXPIRY_HOURS, minutes=1)

    call_command("process_deadlines", now=before.isoformat(), stdout=io.StringIO())
    made.refresh_from_db()
    assert made.status == Offer.Status.PENDING

    out = io.StringIO()
    call_command("process_deadlines", now=after.isoformat(), stdout=out)
    made.refresh_from_db()
    assert made.status == Offer.Status.EXPIRED
    assert "offers expired: 1" in out.getvalue()


def test_command_accepts_a_naive_now_in_the_site_time_zone(settings):
    made = offer()
    later = timezone.localtime() + timedelta(hours=settings.OFFER_EXPIRY_HOURS + 1)

    call_command(
        "process_deadlines",
        now=later.replace(tzinfo=None).isoformat(),
        stdout=io.StringIO(),
    )

    made.refresh_from_db()
    assert made.status == Offer.Status.EXPIRED


def test_command_refuses_a_now_that_is_not_a_date():
    with pytest.raises(CommandError, match="not an ISO date"):
        call_command("process_deadlines", now="tomorrow", stdout=io.StringIO())


def test_nothing_due_does_nothing():
    offer()
    buy()
    shipped(buy())

    assert process_deadlines() == NOTHING


# --- Offers -----------------------------------------------------------------------


def test_offer_lasts_offer_expiry_hours(settings):
    settings.OFFER_EXPIRY_HOURS = 6

    made = offer()

    assert made.expires_at - made.created_at == pytest.approx(
        timedelta(hours=6), abs=timedelta(seconds=5)
    )


def test_card_offer_expires_authorization_voided_both_parties_emailed_once(on_commit):
    made = offer()
    fresh = offer()
    Offer.objects.filter(pk=made.pk).update(expires_at=ago(seconds=1))
    counts = run_and_refresh(on_commit, made, fresh)

    assert counts["offers expired"] == 1
    assert made.status == Offer.Status.EXPIRED
    assert made.answered_at is not None
    assert made.open_buyer_id is None
    assert made.released
    void = gateway_calls("void", made.payment_reference).get()
    assert (void.status, void.amount_cents) == ("voided", made.authorized_cents)
    assert fresh.status == Offer.Status.PENDING
    assert not gateway_calls("void", fresh.payment_reference).exists()
    assert recipients() == sorted([made.buyer.email, made.listing.seller.email])
    assert {m.subject for m in mail.outbox} == {
        f"Your offer expired: {made.listing.title}",
        f"An offer expired: {made.listing.title}",
    }


def test_balance_offer_expiry_releases_the_hold(on_commit):
    buyer = UserFactory()
    available = funded(buyer)
    made = offer(buyer=buyer, payment=balance_payment())
    assert ledger.held_cents(buyer) == made.authorized_cents
    assert ledger.available_cents(buyer) == available - made.authorized_cents
    Offer.objects.filter(pk=made.pk).update(expires_at=ago(seconds=1))
    mail.outbox.clear()

    run(on_commit)

    made.refresh_from_db()
    assert made.status == Offer.Status.EXPIRED
    assert made.released
    assert ledger.held_cents(buyer) == 0
    assert ledger.available_cents(buyer) == available
    assert made.ledger.filter(kind=LedgerEntry.Kind.HOLD_RELEASE).count() == 2
    assert not GatewayCall.objects.filter(kind="void").exists()
    assert recipients() == sorted([buyer.email, made.listing.seller.email])


def test_countered_offer_expires_on_the_counter_deadline(settings, on_commit):
    made = offer()
    Offer.objects.filter(pk=made.pk).update(
        expires_at=timezone.now() + timedelta(0, 60)
    )
    countered = counter_offer(
        offer=made, seller=made.listing.seller, counter_cents=made.amount_cents + 100
    )
    # The counter restarts the clock: the offer's own deadline no longer applies.
    in_an_hour = timezone.now() + timedelta(hours=1)
    assert process_deadlines(now=in_an_hour)["offers expired"] == 0

    later = timezone.now() + timedelta(hours=settings.OFFER_EXPIRY_HOURS, minutes=1)
    with on_commit():
        assert process_deadlines(now=later)["offers expired"] == 1

    countered.refresh_from_db()
    assert countered.status == Offer.Status.EXPIRED
    assert gateway_calls("void", made.payment_reference).get().status == "voided"


def test_answered_offers_never_expire():
    declined = offer()
    decline_offer(offer=declined, seller=declined.listing.seller)
    Offer.objects.filter(pk=declined.pk).update(expires_at=ago(days=2))

    assert process_deadlines()["offers expired"] == 0
    declined.refresh_from_db()
    assert declined.status == Offer.Status.DECLINED


# --- Auto-cancel ------------------------------------------------------------------


def test_unshipped_order_cancelled_by_nomi_after_auto_cancel_days(settings, on_commit):
    order = buy()
    almost = buy()
    just_past_and_just_short(order, almost, "created_at", settings.AUTO_CANCEL_DAYS)
    counts = run_and_refresh(on_commit, order, almost)

    assert counts["orders cancelled"] == 1
    assert order.status == Order.Status.CANCELLED
    assert order.live_listing_id is None
    assert order.closed_at is not None
    assert almost.status == Order.Status.PAID
    event = order.events.last()
    assert (event.actor, event.actor_role) == (None, "system")
    assert (event.from_status, event.to_status) == ("paid", "cancelled")
    assert f"{settings.AUTO_CANCEL_DAYS} days" in event.note
    refund = gateway_calls("refund", order.payment_reference).get()
    assert (refund.status, refund.amount_cents) == ("refunded", order.total_cents)
    assert order.paid_with_card and order.refunded
    assert ledger.order_escrow_cents(order) == 0
    assert Listing.objects.get(pk=order.listing_id).status == Listing.Status.ON_SALE
    assert Listing.objects.get(pk=almost.listing_id).status == Listing.Status.SOLD
    assert recipients() == sorted([order.buyer.email, order.seller.email])
    assert all("Order cancelled" in m.subject for m in mail.outbox)


def test_balance_order_auto_cancel_returns_the_money_to_the_balance(settings):
    buyer = UserFactory()
    available = funded(buyer)
    order = buy(buyer=buyer, payment=balance_payment())
    Order.objects.filter(pk=order.pk).update(
        created_at=ago(days=settings.AUTO_CANCEL_DAYS + 1)
    )

    process_deadlines()

    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert ledger.available_cents(buyer) == available
    assert order.refunded and not order.paid_with_card
    assert not GatewayCall.objects.filter(kind="refund").exists()


def test_shipped_order_is_not_auto_cancelled(settings):
    order = shipped(buy())
    Order.objects.filter(pk=order.pk).update(
        created_at=ago(days=settings.AUTO_CANCEL_DAYS + 1)
    )

    assert process_deadlines()["orders cancelled"] == 0
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED


# --- Auto-complete ----------------------------------------------------------------


def test_shipped_order_completes_after_auto_complete_days_seller_paid(
    settings, on_commit
):
    order = shipped(buy())
    almost = shipped(buy())
    just_past_and_just_short(order, almost, "shipped_at", settings.AUTO_COMPLETE_DAYS)
    counts = run_and_refresh(on_commit, order, almost)

    assert counts["orders completed"] == 1
    assert order.status == Order.Status.COMPLETED
    assert order.completed_at is not None
    assert almost.status == Order.Status.SHIPPED
    event = order.events.last()
    assert (event.actor, event.actor_role) == (None, "system")
    assert (event.from_status, event.to_status) == ("shipped", "completed")
    assert ledger.available_cents(order.seller) == order.seller_earnings_cents
    assert ledger.order_escrow_cents(order) == 0
    assert ledger.available_cents(almost.seller) == 0
    assert recipients() == sorted([order.buyer.email, order.seller.email])


def test_disputed_order_never_auto_completes_or_auto_cancels(settings):
    in_transit = shipped(buy())
    unshipped = buy()
    for order in (in_transit, unshipped):
        report_problem(
            order=order,
            buyer=order.buyer,
            reason="not_received",
            description="Nothing came.",
        )
    Order.objects.filter(pk=in_transit.pk).update(shipped_at=ago(days=60))
    Order.objects.filter(pk=unshipped.pk).update(created_at=ago(days=60))
    events = OrderEvent.objects.count()

    assert process_deadlines() == NOTHING

    assert set(Order.objects.values_list("status", flat=True)) == {"disputed"}
    assert OrderEvent.objects.count() == events
    assert ledger.available_cents(in_transit.seller) == 0


# --- Rating windows ---------------------------------------------------------------


def test_rating_window_closes_after_window_days_revealing_ratings(settings):
    order = completed(buy())
    recent = completed(buy())
    rating = rate_order(order=order, rater=order.buyer, stars=4)
    early = rate_order(order=recent, rater=recent.buyer, stars=5)
    assert not rating.visible
    just_past_and_just_short(order, recent, "completed_at", settings.RATING_WINDOW_DAYS)

    counts = process_deadlines()

    order.refresh_from_db()
    recent.refresh_from_db()
    assert counts["rating windows closed"] == 1
    assert order.ratings_closed_at is not None
    assert recent.ratings_closed_at is None
    assert Rating.objects.get(pk=rating.pk).visible
    assert not Rating.objects.get(pk=early.pk).visible
    with pytest.raises(RatingError, match="closed"):
        rate_order(order=order, rater=order.seller, stars=5)


# --- Idempotency ------------------------------------------------------------------


def everything_due(settings):
    """One of each time-based transition, all due now."""
    expiring = offer()
    Offer.objects.filter(pk=expiring.pk).update(expires_at=ago(minutes=1))
    unshipped = buy()
    Order.objects.filter(pk=unshipped.pk).update(
        created_at=ago(days=settings.AUTO_CANCEL_DAYS + 1)
    )
    in_transit = shipped(buy())
    Order.objects.filter(pk=in_transit.pk).update(
        shipped_at=ago(days=settings.AUTO_COMPLETE_DAYS + 1)
    )
    done = completed(buy())
    Order.objects.filter(pk=done.pk).update(
        completed_at=ago(days=settings.RATING_WINDOW_DAYS + 1)
    )


def test_second_run_right_after_does_nothing(settings, on_commit):
    everything_due(settings)

    first = run(on_commit)
    snapshot = (
        OrderEvent.objects.count(),
        GatewayCall.objects.count(),
        LedgerEntry.objects.count(),
        len(mail.outbox),
    )
    second = run(on_commit)

    assert first == {
        "offers expired": 1,
        "orders cancelled": 1,
        "orders completed": 1,
        "rating windows closed": 1,
        "payments retried": 0,
    }
    assert second == NOTHING
    assert snapshot == (
        OrderEvent.objects.count(),
        GatewayCall.objects.count(),
        LedgerEntry.objects.count(),
        len(mail.outbox),
    )


# --- Crash recovery ---------------------------------------------------------------


def test_order_whose_capture_never_ran_is_captured_once(monkeypatch):
    with monkeypatch.context() as patch:
        patch_services(patch, "capture_order", lambda order: order)
        order = buy()
    assert not order.payment_captured
    assert not gateway_calls("capture", order.payment_reference).exists()
    assert ledger.order_escrow_cents(order) == 0

    first = process_deadlines()
    second = process_deadlines()

    order.refresh_from_db()
    assert first["payments retried"] == 1
    assert second == NOTHING
    assert order.payment_captured
    capture = gateway_calls("capture", order.payment_reference).get()
    assert (capture.status, capture.amount_cents) == ("captured", order.total_cents)
    assert ledger.order_escrow_cents(order) == order.total_cents
    assert order.ledger.filter(kind=LedgerEntry.Kind.CAPTURE).count() == 2


def test_uncaptured_order_whose_capture_is_refused_is_cancelled(monkeypatch, on_commit):
    with monkeypatch.context() as patch:
        patch_services(patch, "capture_order", lambda order: order)
        order = buy()
    # The authorization lapsed meanwhile: the capture is refused.
    get_gateway().void(reference=order.payment_reference, idempotency_key="lapsed")

    run(on_commit)

    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert not order.payment_captured
    assert not (order.refund_pending or order.refunded)
    assert order.events.last().actor_role == "system"
    assert Listing.objects.get(pk=order.listing_id).status == Listing.Status.ON_SALE
    assert not LedgerEntry.objects.filter(order=order).exists()
    assert process_deadlines() == NOTHING


def test_refund_that_never_reached_the_gateway_is_made_once(monkeypatch):
    order = buy()
    with monkeypatch.context() as patch:
        patch_services(patch, "settle_refund", lambda order: order)
        cancel_order(order=order, user=order.seller, reason="Broke it packing.")
    order.refresh_from_db()
    assert order.refund_pending
    assert not gateway_calls("refund", order.payment_reference).exists()

    first = process_deadlines()
    second = process_deadlines()

    order.refresh_from_db()
    assert first["payments retried"] == 1
    assert second == NOTHING
    assert order.refunded
    refund = gateway_calls("refund", order.payment_reference).get()
    assert (refund.status, refund.amount_cents) == ("refunded", order.total_cents)


def test_closed_offer_whose_authorization_was_not_released_is_voided(monkeypatch):
    made = offer()
    with monkeypatch.context() as patch:
        # Declined, but the process died before the void.
        patch_services(patch, "release_offer_payments", lambda offers: None)
        decline_offer(offer=made, seller=made.listing.seller)
    made.refresh_from_db()
    assert not made.released
    assert not gateway_calls("void", made.payment_reference).exists()

    first = process_deadlines()
    second = process_deadlines()

    made.refresh_from_db()
    assert first["payments retried"] == 1
    assert second == NOTHING
    assert made.released
    assert gateway_calls("void", made.payment_reference).get().status == "voided"


def test_offers_declined_by_a_sale_that_crashed_before_voiding_are_voided(
    monkeypatch,
):
    listing = ListingFactory()
    first, second = offer(listing=listing), offer(listing=listing)
    with monkeypatch.context() as patch:
        patch_services(patch, "release_offer_payments", lambda offers: None)
        buy(listing=listing)

    process_deadlines()

    for made in (first, second):
        made.refresh_from_db()
        assert made.status == Offer.Status.DECLINED
        assert made.released
        assert gateway_calls("void", made.payment_reference).count() == 1
