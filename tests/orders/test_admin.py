"""Staff admin for buying: read-only records, state changes only through services."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import formats, timezone

from listings.models import Listing
from marketplace.templatetags.money import money
from orders import ledger
from orders.models import (
    Dispute,
    DisputePhoto,
    GatewayCall,
    LedgerEntry,
    Order,
    OrderEvent,
    Rating,
    Withdrawal,
)
from orders.services import (
    rate_order,
    report_problem,
    withdraw_balance,
)
from tests.factories import ListingFactory, UserFactory, buy, completed, offer, shipped

pytestmark = pytest.mark.django_db

ORDERS_URL = "admin:orders_order_changelist"


def disputed(order=None):
    """A shipped order the buyer reported as not as described."""
    order = shipped(order or buy())
    return report_problem(
        order=order,
        buyer=order.buyer,
        reason=Dispute.Reason.NOT_AS_DESCRIBED,
        description="The lamp has a cracked base.",
    )


def add_dispute_photo(order):
    return DisputePhoto.objects.create(
        owner=order.buyer,
        dispute=order.dispute,
        image=ContentFile(b"jpeg", name="crack.jpg"),
        thumb=ContentFile(b"webp", name="crack-thumb.webp"),
        width=640,
        height=480,
    )


def run_action(client, action, orders, note=""):
    """Confirm an order action with a note, as staff do on the confirmation page."""
    url = reverse(ORDERS_URL)
    data = {"action": action, "_selected_action": [order.pk for order in orders]}
    confirm = client.post(url, data)
    assert confirm.status_code == 200
    response = client.post(url, {**data, "apply": "1", "note": note})
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def refunds_of(order):
    return GatewayCall.objects.filter(
        reference=order.payment_reference, kind=GatewayCall.Kind.REFUND
    )


# --- Pages ------------------------------------------------------------------------


def test_every_buying_changelist_and_change_page_opens_for_staff(staff_client):
    dispute_order = disputed()
    photo = add_dispute_photo(dispute_order)
    sale = completed(buy())
    rating = rate_order(order=sale, rater=sale.buyer, stars=5, comment="Lovely.")
    open_offer = offer()
    withdrawal = withdraw_balance(
        member=sale.seller,
        amount_cents=500,
        routing_number="011000015",
        account_number="12345678",
        idempotency_key="w1",
    )
    records = {
        "order": sale,
        "offer": open_offer,
        "ledgerentry": LedgerEntry.objects.filter(order=sale).first(),
        "withdrawal": withdrawal,
        "rating": rating,
        "gatewaycall": GatewayCall.objects.first(),
    }

    for model, record in records.items():
        changelist = staff_client.get(reverse(f"admin:orders_{model}_changelist"))
        change = staff_client.get(
            reverse(f"admin:orders_{model}_change", args=[record.pk])
        )
        assert changelist.status_code == 200, model
        assert change.status_code == 200, model

    page = staff_client.get(
        reverse("admin:orders_order_change", args=[dispute_order.pk])
    ).content.decode()
    assert "The lamp has a cracked base." in page
    photo_url = reverse("orders:dispute-photo", args=[dispute_order.pk, photo.pk])
    assert f'src="{photo_url}?size=thumb"' in page and f'href="{photo_url}"' in page
    assert dispute_order.get_status_display() in page
    assert money(dispute_order.total_cents) in page
    assert "Payment captured into escrow" in page  # the ledger inline
    assert page.count('<tr class="form-row') >= 4  # events and ledger rows


def test_order_change_page_shows_amounts_events_ledger_and_ratings(staff_client):
    order = completed(buy())
    rate_order(order=order, rater=order.seller, stars=4, comment="Paid at once.")

    page = staff_client.get(
        reverse("admin:orders_order_change", args=[order.pk])
    ).content.decode()

    for cents in (order.total_cents, order.seller_earnings_cents, order.item_cents):
        assert money(cents) in page
    assert "Sale completed: earnings released" in page
    assert "Fees to Nomi" in page
    assert "Paid at once." in page
    assert order.tracking_number in page and "tools.usps.com" in page
    assert order.card_last4 in page
    assert formats.localize(timezone.localtime(order.ship_by)) in page
    # A record, not a form: nothing to save.
    assert 'name="_save"' not in page
    assert 'name="status"' not in page


def named_sale(title, seller, buyer):
    """An order whose title and members have no digits (so an id search is exact)."""
    listing = ListingFactory(title=title, seller=UserFactory(username=seller))
    return buy(listing, buyer=UserFactory(username=buyer))


def test_order_search_and_filters(staff_client):
    lamp = named_sale("Green velvet armchair", "seller_ann", "ada_lovelace")
    other = completed(named_sale("Walnut bookshelf", "seller_bea", "bob_buyer"))
    url = reverse(ORDERS_URL)

    def listed(**params):
        response = staff_client.get(url, params)
        assert response.status_code == 200
        return {order.pk for order in response.context["cl"].result_list}

    assert listed(q=str(lamp.pk)) == {lamp.pk}
    assert listed(q="ada_love") == {lamp.pk}
    assert listed(q="seller_bea") == {other.pk}
    assert listed(q="velvet") == {lamp.pk}
    assert listed(q="no such order") == set()
    assert listed(status__exact="completed") == {other.pk}
    assert listed(payments__method__exact="card") == {lamp.pk, other.pk}
    assert listed(payments__method__exact="balance") == set()


def test_order_changelist_query_count_does_not_grow(
    staff_client, django_assert_max_num_queries
):
    buy()
    url = reverse(ORDERS_URL)
    with django_assert_max_num_queries(20) as few:
        staff_client.get(url)
    for _ in range(5):
        buy()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(url, {"o": "-1"})
    assert len(response.context["cl"].result_list) == 6


def test_order_change_page_query_count_does_not_grow_with_events(
    staff_client, django_assert_max_num_queries
):
    few_events = buy()
    many_events = completed(buy())
    rate_order(order=many_events, rater=many_events.buyer, stars=5)
    with django_assert_max_num_queries(40) as few:
        staff_client.get(reverse("admin:orders_order_change", args=[few_events.pk]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(reverse("admin:orders_order_change", args=[many_events.pk]))


def test_other_records_search(staff_client):
    sale = completed(named_sale("Oak side table", "seller_cy", "grace"))
    made = offer(buyer=UserFactory(username="hopper"))

    ledger_page = staff_client.get(
        reverse("admin:orders_ledgerentry_changelist"), {"q": str(sale.pk)}
    )
    assert {entry.order_id for entry in ledger_page.context["cl"].result_list} == {
        sale.pk
    }
    by_account = staff_client.get(
        reverse("admin:orders_ledgerentry_changelist"),
        {"account__exact": "revenue", "kind__exact": "fee"},
    )
    assert [entry.amount_cents for entry in by_account.context["cl"].result_list] == [
        sale.platform_fee_cents
    ]
    offers = staff_client.get(
        reverse("admin:orders_offer_changelist"),
        {"q": "hopper", "status__exact": "pending"},
    )
    assert list(offers.context["cl"].result_list) == [made]


# --- Actions ----------------------------------------------------------------------


def test_refund_action_refunds_the_buyer_through_the_service(
    staff_client, staff, on_commit
):
    order = shipped(buy())
    mail.outbox.clear()

    with on_commit():
        notices = run_action(
            staff_client, "refund_buyer", [order], note="Seller asked us to refund."
        )

    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED
    assert order.refunded and order.closed_at is not None
    event = order.events.last()
    assert (event.actor, event.actor_role) == (staff, Order.Actor.STAFF)
    assert (event.from_status, event.to_status) == ("shipped", "refunded")
    assert event.note == "Seller asked us to refund."
    refund = refunds_of(order).get()
    assert refund.amount_cents == order.total_cents
    assert refund.status == GatewayCall.Status.REFUNDED
    assert ledger.order_escrow_cents(order) == 0
    assert (
        LedgerEntry.objects.filter(
            order=order, kind=LedgerEntry.Kind.REFUND, account="cards"
        )
        .get()
        .amount_cents
        == order.total_cents
    )
    # The item was sold and shipped: it does not go back on sale.
    assert order.listing.status == Listing.Status.SOLD
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [order.buyer.email, order.seller.email]
    )
    assert all("Seller asked us to refund." in m.body for m in mail.outbox)
    assert notices == ["1 order(s) refunded; buyer and seller were emailed."]


def test_resolve_for_seller_completes_the_order_and_pays_the_seller(
    staff_client, staff
):
    order = disputed()
    assert ledger.available_cents(order.seller) == 0

    notices = run_action(staff_client, "resolve_for_seller", [order])

    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED
    assert order.completed_at is not None
    assert ledger.available_cents(order.seller) == order.seller_earnings_cents
    assert ledger.order_escrow_cents(order) == 0
    assert not refunds_of(order).exists()
    order.dispute.refresh_from_db()
    assert order.dispute.resolution == "seller" and order.dispute.resolved_at
    event = order.events.last()
    assert (event.actor, event.from_status, event.to_status) == (
        staff,
        "disputed",
        "completed",
    )
    assert notices == ["1 dispute(s) resolved for the seller."]


def test_resolve_for_buyer_refunds_the_buyer(staff_client):
    order = disputed()

    run_action(staff_client, "resolve_for_buyer", [order])

    order.refresh_from_db()
    order.dispute.refresh_from_db()
    assert order.status == Order.Status.REFUNDED
    assert order.dispute.resolution == "buyer"
    assert refunds_of(order).get().amount_cents == order.total_cents
    assert ledger.available_cents(order.seller) == 0


def test_refused_action_shows_a_message_and_changes_nothing(staff_client, on_commit):
    done = completed(buy())
    events = OrderEvent.objects.count()
    entries = LedgerEntry.objects.count()
    calls = GatewayCall.objects.count()
    mail.outbox.clear()

    with on_commit():
        notices = run_action(staff_client, "refund_buyer", [done])

    done.refresh_from_db()
    assert done.status == Order.Status.COMPLETED
    assert notices == [
        f"Order {done.pk} not changed: This order is completed; "
        "that is not possible now."
    ]
    assert OrderEvent.objects.count() == events
    assert LedgerEntry.objects.count() == entries
    assert GatewayCall.objects.count() == calls
    assert mail.outbox == []


def test_resolving_an_order_that_is_not_disputed_is_refused(staff_client):
    paid = buy()
    dispute_order = disputed()

    notices = run_action(staff_client, "resolve_for_seller", [paid, dispute_order])

    paid.refresh_from_db()
    dispute_order.refresh_from_db()
    assert paid.status == Order.Status.PAID
    assert dispute_order.status == Order.Status.COMPLETED
    assert f"Order {paid.pk} not changed: Only disputed orders can be resolved." in (
        notices
    )
    assert "1 dispute(s) resolved for the seller." in notices


def test_choosing_an_action_asks_for_confirmation_first(staff_client):
    order = buy()

    page = staff_client.post(
        reverse(ORDERS_URL), {"action": "refund_buyer", "_selected_action": [order.pk]}
    )

    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert "Refund the buyer in full" in page.content.decode()
    assert order.title in page.content.decode()


def test_staff_who_may_only_view_orders_cannot_run_actions(client):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(viewer)
    order = disputed()
    url = reverse(ORDERS_URL)

    response = client.get(url)
    assert response.status_code == 200
    assert response.context["action_form"] is None
    client.post(
        url,
        {"action": "refund_buyer", "_selected_action": [order.pk], "apply": "1"},
    )

    order.refresh_from_db()
    assert order.status == Order.Status.DISPUTED


def test_members_cannot_open_the_order_admin(client, member):
    client.force_login(member)

    response = client.get(reverse(ORDERS_URL))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


# --- Read-only records ------------------------------------------------------------


def test_orders_cannot_be_added_edited_or_deleted(staff_client):
    order = buy()
    change = reverse("admin:orders_order_change", args=[order.pk])

    assert staff_client.get(reverse("admin:orders_order_add")).status_code == 403
    assert staff_client.post(change, {"status": "completed"}).status_code == 403
    assert (
        staff_client.get(
            reverse("admin:orders_order_delete", args=[order.pk])
        ).status_code
        == 403
    )
    actions = staff_client.get(reverse(ORDERS_URL)).context["action_form"]
    names = [name for name, _label in actions.fields["action"].choices]
    assert "delete_selected" not in names
    assert {"refund_buyer", "resolve_for_buyer", "resolve_for_seller"} <= set(names)
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_ledger_entries_cannot_be_added_changed_or_deleted(staff_client):
    order = buy()
    entry = LedgerEntry.objects.filter(order=order).first()
    amount = entry.amount_cents
    changelist = reverse("admin:orders_ledgerentry_changelist")

    assert staff_client.get(reverse("admin:orders_ledgerentry_add")).status_code == 403
    change = reverse("admin:orders_ledgerentry_change", args=[entry.pk])
    assert staff_client.post(change, {"amount_cents": "1"}).status_code == 403
    delete = reverse("admin:orders_ledgerentry_delete", args=[entry.pk])
    assert staff_client.get(delete).status_code == 403
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert staff_client.get(changelist).context["action_form"] is None
    staff_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )

    entry.refresh_from_db()
    assert entry.amount_cents == amount
    assert LedgerEntry.objects.filter(order=order).count() == 2


@pytest.mark.parametrize("model", ["offer", "withdrawal", "rating", "gatewaycall"])
def test_other_buying_records_cannot_be_added_or_deleted(staff_client, model):
    sale = completed(buy())
    records = {
        "offer": lambda: offer(),
        "withdrawal": lambda: withdraw_balance(
            member=sale.seller,
            amount_cents=100,
            routing_number="011000015",
            account_number="12345678",
            idempotency_key="w",
        ),
        "rating": lambda: rate_order(order=sale, rater=sale.buyer, stars=3),
        "gatewaycall": lambda: GatewayCall.objects.first(),
    }
    record = records[model]()
    model_class = type(record)

    assert staff_client.get(reverse(f"admin:orders_{model}_add")).status_code == 403
    delete = reverse(f"admin:orders_{model}_delete", args=[record.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse(f"admin:orders_{model}_change", args=[record.pk])
    assert 'name="_save"' not in staff_client.get(change).content.decode()
    assert model_class.objects.filter(pk=record.pk).exists()


def test_withdrawal_page_shows_its_ledger_entries(staff_client):
    sale = completed(buy())
    withdrawal = withdraw_balance(
        member=sale.seller,
        amount_cents=1234,
        routing_number="011000015",
        account_number="12345678",
        idempotency_key="w",
    )

    page = staff_client.get(
        reverse("admin:orders_withdrawal_change", args=[withdrawal.pk])
    ).content.decode()

    assert "$12.34" in page and "-$12.34" in page
    assert "Withdrawal to bank" in page
    assert Withdrawal.objects.count() == 1


def test_rating_admin_filters_hidden_ratings(staff_client):
    sale = completed(buy())
    hidden = rate_order(order=sale, rater=sale.buyer, stars=2, comment="Meh.")
    both = completed(buy())
    rate_order(order=both, rater=both.buyer, stars=5)
    rate_order(order=both, rater=both.seller, stars=5)

    response = staff_client.get(
        reverse("admin:orders_rating_changelist"), {"visible__exact": "0"}
    )

    assert list(response.context["cl"].result_list) == [hidden]
    assert Rating.objects.filter(visible=True).count() == 2
