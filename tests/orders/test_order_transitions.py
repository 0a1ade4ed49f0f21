"""Every order transition through the order page's POST views, allowed and refused.

The table below is the product rule (docs/product-rules.md, Buying) written out
by hand; one test checks it agrees with Order.TRANSITIONS, the others drive
every (status, action, member) combination through the views.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from listings.models import Listing
from orders import ledger
from orders.models import Dispute, GatewayCall, LedgerEntry, Order, OrderEvent
from orders.services import cancel_order, refund_order, report_problem
from tests.factories import (
    ListingFactory,
    UserFactory,
    balance_payment,
    buy,
    completed,
    shipped,
)

pytestmark = pytest.mark.django_db

Status = Order.Status
Account = LedgerEntry.Account


# action -> (URL name, target status, valid POST data)
ACTIONS = {
    "ship": (
        "orders:ship",
        Status.SHIPPED,
        {"carrier": "ups", "tracking_number": "1Z999AA10123456784"},
    ),
    "confirm": ("orders:confirm", Status.COMPLETED, {}),
    "cancel": ("orders:cancel", Status.CANCELLED, {"reason": "Broke while packing"}),
    "report": (
        "orders:report",
        Status.DISPUTED,
        {"reason": "damaged", "description": "The glass shade is cracked."},
    ),
}

# (from status, action, who) a member may do; everything else is refused.
ALLOWED = {
    (Status.PAID, "ship", "seller"),
    (Status.PAID, "cancel", "seller"),
    (Status.PAID, "cancel", "buyer"),  # once the ship deadline has passed
    (Status.PAID, "report", "buyer"),
    (Status.SHIPPED, "confirm", "buyer"),
    (Status.SHIPPED, "report", "buyer"),
}

STATUSES = [
    Status.PAID,
    Status.SHIPPED,
    Status.DISPUTED,
    Status.COMPLETED,
    Status.CANCELLED,
    Status.REFUNDED,
]
CASES = [
    (status, action, who)
    for status in STATUSES
    for action in ACTIONS
    for who in ("buyer", "seller")
]


def order_in(status: str) -> Order:
    """A real order brought to `status` through the services."""
    order = buy()
    if status == Status.SHIPPED:
        order = shipped(order)
    elif status == Status.COMPLETED:
        order = completed(order)
    elif status == Status.DISPUTED:
        order = report_problem(
            order=order, buyer=order.buyer, reason="not_received", description="?"
        )
    elif status == Status.CANCELLED:
        order = cancel_order(order=order, user=order.seller, reason="Lost it")
    elif status == Status.REFUNDED:
        order = refund_order(order=order, staff=UserFactory(is_staff=True))
    assert order.status == status
    return order


def post(client, action: str, order: Order, data=None):
    url_name, _target, valid = ACTIONS[action]
    return client.post(
        reverse(url_name, args=[order.pk]), valid if data is None else data
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def message_levels(response) -> list[str]:
    return [message.level_tag for message in get_messages(response.wsgi_request)]


def test_the_table_is_the_models_transition_table():
    for status, action, who in CASES:
        target = ACTIONS[action][1]
        allowed = Order(status=status).can_move(target, who)
        assert allowed == ((status, action, who) in ALLOWED), (status, action, who)


@pytest.mark.parametrize(("status", "action", "who"), CASES)
def test_every_transition_through_the_views(client, on_commit, status, action, who):
    order = order_in(status)
    # Past the ship deadline, so only the transition table decides.
    Order.objects.filter(pk=order.pk).update(
        created_at=timezone.now() - timedelta(days=4)
    )
    member = getattr(order, who)
    other = order.seller if who == "buyer" else order.buyer
    events_before = order.events.count()
    client.force_login(member)

    with on_commit():
        response = post(client, action, order)

    assert response.status_code == 302
    assert response.url == order.get_absolute_url()
    order.refresh_from_db()
    target = ACTIONS[action][1]
    if (status, action, who) in ALLOWED:
        assert order.status == target
        assert order.events.count() == events_before + 1
        event = order.events.last()
        assert (event.actor, event.actor_role) == (member, who)
        assert (event.from_status, event.to_status) == (status, target)
        assert [m.to for m in mail.outbox] == [[other.email]]
        assert message_levels(response) == ["success"]
    else:
        assert order.status == status
        assert order.events.count() == events_before
        assert mail.outbox == []
        assert message_levels(response) == ["error"]


def test_buyer_cannot_ship_and_is_told_why(client):
    order = buy()
    client.force_login(order.buyer)

    response = post(client, "ship", order)

    assert messages_of(response) == ["Only the seller can do that."]
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == (Status.PAID, "")


def test_seller_cannot_confirm_receipt(client):
    order = shipped(buy())
    client.force_login(order.seller)

    response = post(client, "confirm", order)

    assert messages_of(response) == ["Only the buyer can do that."]
    assert Order.objects.get(pk=order.pk).status == Status.SHIPPED


def test_confirm_on_a_paid_order_is_refused(client):
    order = buy()
    client.force_login(order.buyer)

    response = post(client, "confirm", order)

    assert "paid, awaiting shipment" in messages_of(response)[0]
    assert Order.objects.get(pk=order.pk).status == Status.PAID


def test_shipping_twice_is_refused_and_keeps_the_first_tracking_number(client):
    order = buy()
    client.force_login(order.seller)
    post(client, "ship", order)

    response = post(
        client, "ship", order, {"carrier": "usps", "tracking_number": "94001112"}
    )

    order.refresh_from_db()
    assert (order.carrier, order.tracking_number) == ("ups", "1Z999AA10123456784")
    assert order.events.filter(to_status=Status.SHIPPED).count() == 1
    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        "This order is shipped; that is not possible now."
    )


def test_cancel_after_shipping_is_refused(client):
    order = shipped(buy())
    client.force_login(order.seller)

    response = post(client, "cancel", order)

    assert "shipped" in messages_of(response)[0]
    assert Order.objects.get(pk=order.pk).status == Status.SHIPPED


def test_buyer_cancel_before_the_ship_deadline_is_refused_then_allowed(
    client, on_commit
):
    order = buy()
    client.force_login(order.buyer)

    response = post(client, "cancel", order)

    assert "You can cancel if the item has not shipped by" in messages_of(response)[0]
    assert Order.objects.get(pk=order.pk).status == Status.PAID
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Cancel order" not in page and "you can cancel here" in page

    Order.objects.filter(pk=order.pk).update(
        created_at=timezone.now() - timedelta(days=3, minutes=1)
    )
    assert "Cancel order" in client.get(order.get_absolute_url()).content.decode()
    with on_commit():
        post(client, "cancel", order, {"reason": "Never shipped"})

    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    assert order.events.last().note == "Never shipped"
    assert [m.to for m in mail.outbox] == [[order.seller.email]]
    assert "Never shipped" in mail.outbox[0].body


def test_cancel_without_a_reason_shows_the_form_again(client):
    order = buy()
    client.force_login(order.seller)

    response = post(client, "cancel", order, {"reason": "   "})

    assert response.status_code == 400
    assert "Say why you are cancelling." in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == Status.PAID


def test_bad_tracking_number_comes_back_next_to_the_field(client):
    order = buy()
    client.force_login(order.seller)

    response = post(
        client, "ship", order, {"carrier": "fedex", "tracking_number": "<b>1</b>"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the tracking number" in page
    assert 'value="&lt;b&gt;1&lt;/b&gt;"' in page
    assert '<option value="fedex" selected>' in page
    assert Order.objects.get(pk=order.pk).status == Status.PAID


def test_report_on_a_completed_order_is_refused(client):
    order = completed(buy())
    client.force_login(order.buyer)

    page = client.get(reverse("orders:report", args=[order.pk]))
    response = post(client, "report", order)

    assert page.status_code == 302 and page.url == order.get_absolute_url()
    assert "a problem can no longer be reported" in messages_of(response)[0]
    order.refresh_from_db()
    assert order.status == Status.COMPLETED
    assert not Dispute.objects.filter(order=order).exists()


def test_seller_cannot_open_the_report_page(client):
    order = buy()
    client.force_login(order.seller)

    response = client.get(reverse("orders:report", args=[order.pk]))

    assert response.status_code == 302
    assert messages_of(response) == [
        "Only the buyer can report a problem with an order."
    ]


# --- Money ---------------------------------------------------------------------


def revenue_cents(order) -> int:
    return sum(
        LedgerEntry.objects.filter(order=order, account=Account.REVENUE).values_list(
            "amount_cents", flat=True
        )
    )


def test_confirm_receipt_releases_earnings_and_fees(client):
    order = shipped(buy(ListingFactory(price_cents=4000)))
    seller_before = ledger.available_cents(order.seller)
    assert ledger.order_escrow_cents(order) == order.total_cents
    client.force_login(order.buyer)

    post(client, "confirm", order)

    order.refresh_from_db()
    assert order.status == Status.COMPLETED and order.completed_at
    assert ledger.available_cents(order.seller) == seller_before + (
        4000 + order.shipping_cents - 400
    )
    assert revenue_cents(order) == order.platform_fee_cents == 400
    assert ledger.order_escrow_cents(order) == 0


def test_seller_cancel_refunds_the_card_and_relists_the_item(client):
    order = buy()
    assert Listing.objects.get(pk=order.listing_id).status == Listing.Status.SOLD
    client.force_login(order.seller)

    post(client, "cancel", order)

    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    refunds = GatewayCall.objects.filter(
        kind=GatewayCall.Kind.REFUND, reference=order.payment_reference
    )
    assert [(r.amount_cents, r.status) for r in refunds] == [
        (order.total_cents, GatewayCall.Status.REFUNDED)
    ]
    assert order.refunded
    assert ledger.order_escrow_cents(order) == 0
    assert Listing.objects.get(pk=order.listing_id).status == Listing.Status.ON_SALE
    assert revenue_cents(order) == 0
    client.force_login(order.buyer)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "was refunded to your card" in page


def test_balance_paid_order_is_refunded_to_the_balance(client):
    buyer = UserFactory()
    completed(buy(ListingFactory(seller=buyer, price_cents=5000)))
    before = ledger.available_cents(buyer)
    order = buy(
        ListingFactory(price_cents=1000), buyer=buyer, payment=balance_payment()
    )
    assert ledger.available_cents(buyer) == before - order.total_cents
    client.force_login(order.seller)

    post(client, "cancel", order)

    assert ledger.available_cents(buyer) == before
    assert ledger.order_escrow_cents(order) == 0
    assert not GatewayCall.objects.filter(kind=GatewayCall.Kind.REFUND).exists()
    assert Order.objects.get(pk=order.pk).refunded
    client.force_login(buyer)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "went back to your Nomi balance" in page and "Broke while packing" in page


def test_only_one_event_per_transition_and_events_name_who(client):
    order = buy()
    client.force_login(order.seller)
    post(client, "ship", order)
    client.force_login(order.buyer)
    post(client, "confirm", order)

    events = list(OrderEvent.objects.filter(order=order))

    assert [(e.actor_role, e.from_status, e.to_status) for e in events] == [
        ("buyer", "", "paid"),
        ("seller", "paid", "shipped"),
        ("buyer", "shipped", "completed"),
    ]
