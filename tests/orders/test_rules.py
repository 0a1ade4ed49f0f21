"""orders.rules: the answers and moves a member may make now, and why not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import block_member
from orders.models import Offer, Order, Payment
from orders.rules import (
    BUYER_ANSWERS,
    SELLER_ANSWERS,
    acceptance_refusal,
    cancel_refusal,
    offer_actions,
    offer_answer_refusal,
    order_actions,
    order_steps,
    report_refusal,
)
from orders.services import counter_offer
from tests.factories import UserFactory, buy, completed, offer, shipped

pytestmark = pytest.mark.django_db

Status = Order.Status


# --- Offers ------------------------------------------------------------------


def test_the_seller_answers_a_pending_offer():
    made = offer()
    now = timezone.now()
    seller, buyer = made.listing.seller, made.buyer

    assert offer_actions(made, seller, now).seller_answer
    assert not offer_actions(made, seller, now).buyer_answer
    buyer_view = offer_actions(made, buyer, now)
    assert not buyer_view.seller_answer and buyer_view.waiting_for_seller


def test_the_buyer_answers_a_counter():
    made = offer()
    countered = counter_offer(
        offer=made, seller=made.listing.seller, counter_cents=made.amount_cents + 100
    )
    now = timezone.now()

    assert offer_actions(countered, countered.buyer, now).buyer_answer
    seller_view = offer_actions(countered, countered.listing.seller, now)
    assert not seller_view.seller_answer and seller_view.waiting_for_buyer


@pytest.mark.parametrize(
    ("who", "answers", "reason"),
    [
        ("stranger", SELLER_ANSWERS, "This offer is not yours."),
        (
            "buyer",
            SELLER_ANSWERS,
            "Only the seller can accept, decline or counter an offer.",
        ),
        (
            "seller",
            BUYER_ANSWERS,
            "Only the buyer can accept or decline a counter offer.",
        ),
    ],
)
def test_role_refusals(who, answers, reason):
    made = offer()
    member = {
        "stranger": UserFactory(),
        "buyer": made.buyer,
        "seller": made.listing.seller,
    }[who]
    assert offer_answer_refusal(made, member=member, answers=answers) == reason


def test_acceptance_refusals():
    made = offer()
    assert acceptance_refusal(made) is None

    made.buyer.is_active = False
    assert acceptance_refusal(made) == "The buyer's account is suspended."

    made.buyer.is_active = True
    block_member(blocker=made.listing.seller, blocked=made.buyer)
    assert acceptance_refusal(made) == (
        "This offer cannot be accepted: one of you blocked the other."
    )


def test_state_and_expiry_refusals():
    made = offer()
    seller = made.listing.seller
    later = made.expires_at + timedelta(seconds=1)

    assert offer_answer_refusal(
        made, member=seller, answers=SELLER_ANSWERS, to=Offer.Status.ACCEPTED, now=later
    ) == ("This offer has expired.")
    assert not offer_actions(made, seller, later).live
    assert not offer_actions(made, seller, later).seller_answer

    made.status = Offer.Status.DECLINED
    refusal = offer_answer_refusal(
        made, member=seller, answers=SELLER_ANSWERS, to=Offer.Status.ACCEPTED
    )
    assert refusal == "This offer is declined; it can no longer be answered that way."


# --- Orders ------------------------------------------------------------------


def test_a_paid_order_the_seller_may_ship_or_cancel():
    order = buy()
    now = timezone.now()
    seller = order_actions(order, order.seller, now)
    assert seller.ship and seller.cancel and not seller.confirm and not seller.report
    buyer = order_actions(order, order.buyer, now)
    assert not buyer.ship and not buyer.cancel and buyer.report
    assert buyer.buyer_can_cancel_from == order.ship_by


def test_the_buyer_may_cancel_from_the_ship_by_date():
    order = buy()
    before = order.ship_by - timedelta(seconds=1)

    refusal = cancel_refusal(order, order.buyer, before)
    assert refusal.startswith("You can cancel if the item has not shipped by")
    assert order_actions(order, order.buyer, before).cancel_refusal == refusal
    assert cancel_refusal(order, order.buyer, order.ship_by) is None
    assert order_actions(order, order.buyer, order.ship_by).cancel


def test_cancel_refusals():
    order = buy()
    now = timezone.now()
    assert cancel_refusal(order, UserFactory(), now) == "This order is not yours."
    sent = shipped(order)
    assert (
        cancel_refusal(sent, sent.seller, now)
        == "This order is shipped; that is not possible now."
    )


def test_nothing_is_possible_while_the_payment_is_processed():
    order = buy()
    Payment.objects.filter(order=order).update(status=Payment.Status.AUTHORIZED)
    now = timezone.now()
    for member in (order.buyer, order.seller):
        actions = order_actions(order, member, now)
        assert actions.processing
        assert not (actions.ship or actions.cancel or actions.report or actions.rate)
    assert (
        cancel_refusal(order, order.seller, now)
        == "The payment is still being processed; try again."
    )
    assert (
        report_refusal(order, order.buyer)
        == "The payment is still being processed; try again."
    )


def test_report_refusals():
    order = buy()
    assert (
        report_refusal(order, order.seller)
        == "Only the buyer can report a problem with an order."
    )
    done = completed(order)
    assert (
        report_refusal(done, done.buyer)
        == "This order is completed; a problem can no longer be reported."
    )


def test_a_shipped_order_the_buyer_confirms_and_a_completed_one_both_rate():
    order = shipped(buy())
    now = timezone.now()
    assert order_actions(order, order.buyer, now).confirm
    assert not order_actions(order, order.seller, now).confirm

    done = completed(order)
    assert order_actions(done, done.buyer, now).rate
    assert not order_actions(done, done.buyer, now, rated=True).rate
    closes = done.rating_closes_at + timedelta(seconds=1)
    assert not order_actions(done, done.seller, closes).rate


# --- The order page's stepper ------------------------------------------------------


def _steps(order, **kwargs) -> list[tuple[str, str]]:
    """Each step as (label, "done" | "current" | "stopped" | "ahead")."""

    def state(step):
        if step.stopped:
            return "stopped"
        if step.done:
            return "done"
        return "current" if step.current else "ahead"

    return [(step.label, state(step)) for step in order_steps(order, **kwargs)]


def test_steps_of_every_status_are_mapped():
    # A new status without a place in the stepper fails here.
    now = timezone.now()
    for status in Status.values:
        order = Order(status=status, shipped_at=now, completed_at=now)
        steps = order_steps(order, now=now)
        assert steps[0].label == "Paid" and steps[0].done
        assert sum(step.current for step in steps) <= 1


@pytest.mark.parametrize(
    ("status", "shipped", "rated", "expected"),
    [
        (
            Status.PAID,
            False,
            False,
            [
                ("Paid", "done"),
                ("Shipped", "current"),
                ("Delivered", "ahead"),
                ("Rated", "ahead"),
            ],
        ),
        (
            Status.SHIPPED,
            True,
            False,
            [
                ("Paid", "done"),
                ("Shipped", "done"),
                ("Delivered", "current"),
                ("Rated", "ahead"),
            ],
        ),
        (
            Status.COMPLETED,
            True,
            False,
            [
                ("Paid", "done"),
                ("Shipped", "done"),
                ("Delivered", "done"),
                ("Rated", "current"),
            ],
        ),
        (
            Status.COMPLETED,
            True,
            True,
            [
                ("Paid", "done"),
                ("Shipped", "done"),
                ("Delivered", "done"),
                ("Rated", "done"),
            ],
        ),
        (Status.CANCELLED, False, False, [("Paid", "done"), ("Cancelled", "stopped")]),
        (
            Status.DISPUTED,
            False,
            False,
            [("Paid", "done"), ("Problem reported", "stopped")],
        ),
        (
            Status.DISPUTED,
            True,
            False,
            [("Paid", "done"), ("Shipped", "done"), ("Problem reported", "stopped")],
        ),
        (
            Status.REFUNDED,
            True,
            False,
            [("Paid", "done"), ("Shipped", "done"), ("Refunded", "stopped")],
        ),
    ],
)
def test_order_steps_follow_the_status(status, shipped, rated, expected):
    now = timezone.now()
    order = Order(
        status=status,
        created_at=now - timedelta(days=3),
        shipped_at=now - timedelta(days=2) if shipped else None,
        completed_at=now - timedelta(days=1) if status == Status.COMPLETED else None,
    )

    assert _steps(order, rated=rated, now=now) == expected


def test_a_completed_order_is_fully_done_once_the_rating_window_closed():
    now = timezone.now()
    order = Order(
        status=Status.COMPLETED,
        created_at=now - timedelta(days=60),
        shipped_at=now - timedelta(days=59),
        completed_at=now - timedelta(days=58),
    )

    assert _steps(order, now=now)[-1] == ("Rated", "done")
    # Exactly one step is current until then.
    order.completed_at = now
    assert [state for _label, state in _steps(order, now=now)].count("current") == 1
