"""A suspended member's open orders stay; staff resolve them from the orders
list (filter "member suspended"): refund the buyer or let the order complete.
The books stay clean either way."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.services import suspend_member
from marketplace.models import StaffAction
from orders.models import Offer, Order, OrderEvent
from tests.factories import ListingFactory, UserFactory, buy, offer, shipped

pytestmark = pytest.mark.django_db

ORDERS = "admin:orders_order_changelist"


def reconcile() -> str:
    out = io.StringIO()
    call_command("reconcile_ledger", stdout=out)  # raises CommandError if not
    return out.getvalue()


def suspended_seller_with_an_order_and_an_offer(staff, on_commit, *, ship=False):
    seller = UserFactory()
    order = buy(ListingFactory(seller=seller))
    if ship:
        order = shipped(order)
    open_offer = offer(listing=ListingFactory(seller=seller))
    with on_commit():
        suspend_member(member=seller, staff=staff, reason="Counterfeits")
    return order, open_offer


def run_order_action(client, action, order):
    url = reverse(ORDERS)
    data = {"action": action, "_selected_action": [order.pk]}
    assert client.post(url, data).status_code == 200
    return client.post(url, {**data, "apply": "1", "note": "Seller suspended"})


def test_filter_lists_the_open_orders_of_suspended_members(
    staff_client, staff, on_commit
):
    order, _offer = suspended_seller_with_an_order_and_an_offer(staff, on_commit)
    buy()  # someone else's order

    listed = staff_client.get(reverse(ORDERS), {"suspended": "either"})
    sellers = staff_client.get(reverse(ORDERS), {"suspended": "seller"})
    buyers = staff_client.get(reverse(ORDERS), {"suspended": "buyer"})

    assert list(listed.context["cl"].result_list) == [order]
    assert list(sellers.context["cl"].result_list) == [order]
    assert list(buyers.context["cl"].result_list) == []


def test_refund_the_buyer_of_a_suspended_seller(staff_client, staff, on_commit):
    order, open_offer = suspended_seller_with_an_order_and_an_offer(staff, on_commit)
    order.refresh_from_db()
    open_offer.refresh_from_db()
    assert order.status == Order.Status.PAID  # the order stays for staff
    assert open_offer.status == Offer.Status.DECLINED and open_offer.released

    with on_commit():
        response = run_order_action(staff_client, "refund_buyer", order)

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED
    assert OrderEvent.objects.filter(order=order, to_status="refunded").exists()
    assert StaffAction.objects.filter(
        action="order.refund", target_id=order.pk, actor=staff
    ).exists()
    assert "Seller suspended" in StaffAction.objects.get(action="order.refund").reason
    reconcile()


def test_let_a_shipped_order_of_a_suspended_seller_complete(
    staff_client, staff, on_commit
):
    order, _offer = suspended_seller_with_an_order_and_an_offer(
        staff, on_commit, ship=True
    )

    with on_commit():
        response = run_order_action(staff_client, "let_complete", order)

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED
    assert order.completed_at is not None
    event = OrderEvent.objects.get(order=order, to_status="completed")
    assert event.actor == staff and event.actor_role == "staff"
    assert StaffAction.objects.filter(action="order.complete", actor=staff).exists()
    reconcile()


def test_let_complete_refuses_an_order_not_yet_shipped(staff_client, staff, on_commit):
    order, _offer = suspended_seller_with_an_order_and_an_offer(staff, on_commit)

    response = run_order_action(staff_client, "let_complete", order)

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert not StaffAction.objects.filter(action="order.complete").exists()
    reconcile()


def test_resolving_a_dispute_is_audited(staff_client, staff):
    from orders.services import report_problem, resolve_dispute

    sent = shipped(buy())
    order = report_problem(
        order=sent,
        buyer=sent.buyer,
        reason="damaged",
        description="Cracked",
    )

    resolve_dispute(order=order, staff=staff, for_buyer=False, note="Photos show ok")

    action = StaffAction.objects.get(action="order.resolve_for_seller")
    assert action.target == order and action.reason == "Photos show ok"
