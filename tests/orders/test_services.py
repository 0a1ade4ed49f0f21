"""Service rules no page shows: amounts, the ledger, escrow, refunds, claims."""

import uuid

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Sum

from listings.models import Listing
from orders import ledger, services
from orders.exceptions import ItemSold, OrderError, PaymentDeclined
from orders.models import GatewayCall, LedgerEntry, Offer, Order
from orders.services import (
    accept_offer,
    cancel_order,
    purchase_listing,
    quote_for,
    refund_order,
    withdraw_balance,
)
from tests.factories import (
    DECLINED_CARD,
    ListingFactory,
    UserFactory,
    balance_payment,
    buy,
    card_payment,
    completed,
    offer,
    shipped,
    shipping_address,
)
from tests.orders.servicepatch import patch_services

pytestmark = pytest.mark.django_db

Account = LedgerEntry.Account


def funded(member, price_cents=10_000):
    """Give `member` an available balance by completing a sale of theirs."""
    order = completed(buy(ListingFactory(seller=member, price_cents=price_cents)))
    return order.seller_earnings_cents


def purchase(listing, buyer, *, payment=None, key="checkout-1", total=None):
    return purchase_listing(
        listing=listing,
        buyer=buyer,
        address=shipping_address(),
        payment=payment or card_payment(member=buyer),
        idempotency_key=key,
        expected_total_cents=quote_for(listing).total_cents if total is None else total,
    )


def calls(kind, reference=None):
    found = GatewayCall.objects.filter(kind=kind)
    return found.filter(reference=reference) if reference else found


def balance(account, member=None):
    entries = LedgerEntry.objects.filter(account=account)
    if member is not None:
        entries = entries.filter(member=member)
    return entries.aggregate(total=Sum("amount_cents", default=0))["total"]


# --- Amounts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("price", "buyer_fee", "seller_fee"),
    [
        (2500, 125, 250),
        # 5% of 10.10 is 50.5 cents, 10% of 19.95 is 199.5: both round half up.
        (1010, 51, 101),
        (1995, 100, 200),
        (1990, 100, 199),
    ],
)
def test_order_snapshots_every_amount_with_half_up_fees(
    settings, price, buyer_fee, seller_fee
):
    settings.BUYER_FEE_PERCENT = 5
    settings.SELLING_FEE_PERCENT = 10
    listing = ListingFactory(price_cents=price)

    order = buy(listing=listing)

    assert order.title == listing.title
    assert order.item_cents == price
    assert order.shipping_cents == listing.shipping_cents > 0
    assert order.buyer_fee_cents == buyer_fee
    assert order.seller_fee_cents == seller_fee
    assert order.total_cents == price + listing.shipping_cents + buyer_fee
    authorized = calls("authorize", order.payment_reference).get()
    captured = calls("capture", order.payment_reference).get()
    assert authorized.amount_cents == captured.amount_cents == order.total_cents
    assert captured.status == "captured"
    assert order.seller_earnings_cents == price + order.shipping_cents - seller_fee


def test_buyer_fee_defaults_to_nothing():
    listing = ListingFactory(price_cents=4000)

    order = buy(listing=listing)

    assert order.buyer_fee_cents == 0
    assert order.total_cents == 4000 + listing.shipping_cents


def test_free_shipping_costs_the_buyer_nothing_and_earns_the_seller_no_shipping(
    settings,
):
    settings.BUYER_FEE_PERCENT = 5
    listing = ListingFactory(price_cents=3000, shipping_payer="seller")

    order = buy(listing=listing)

    assert listing.shipping_cents > 0
    assert order.shipping_cents == 0
    assert order.total_cents == 3000 + 150
    assert order.seller_earnings_cents == 3000 - 300


def test_accepted_offer_order_is_at_the_offer_with_fees_on_it(settings):
    settings.BUYER_FEE_PERCENT = 5
    listing = ListingFactory(price_cents=2500)
    made = offer(listing=listing, amount_cents=2005)

    order = accept_offer(offer=made, seller=listing.seller)

    # 5% of 20.05 is 100.25 cents, 10% is 200.5: both round half up.
    assert (order.item_cents, order.buyer_fee_cents) == (2005, 100)
    assert order.seller_fee_cents == 201
    assert order.total_cents == made.authorized_cents
    assert order.total_cents == 2005 + 100 + listing.shipping_cents
    captured = calls("capture", order.payment_reference).get()
    assert captured.amount_cents == order.total_cents


def test_a_changed_total_is_refused_before_anything_is_charged():
    listing = ListingFactory(price_cents=2500)
    shown = quote_for(listing).total_cents
    Listing.objects.filter(pk=listing.pk).update(price_cents=2700)

    with pytest.raises(OrderError, match="total changed"):
        purchase(listing, UserFactory(), total=shown)

    assert not GatewayCall.objects.exists()
    assert not Order.objects.exists()


# --- The ledger ---------------------------------------------------------------------


def test_card_purchase_puts_the_total_in_escrow():
    order = buy()

    assert ledger.order_escrow_cents(order) == order.total_cents
    legs = {(e.kind, e.account): e.amount_cents for e in order.ledger.all()}
    assert legs == {
        ("capture", Account.CARDS): -order.total_cents,
        ("capture", Account.ESCROW): order.total_cents,
    }


def test_balance_purchase_moves_available_balance_into_escrow_without_the_gateway():
    buyer = UserFactory()
    available = funded(buyer)
    gateway_calls = GatewayCall.objects.count()

    order = buy(buyer=buyer, payment=balance_payment())

    assert order.payment_captured
    assert order.payment_reference == ""
    assert GatewayCall.objects.count() == gateway_calls
    assert ledger.order_escrow_cents(order) == order.total_cents
    assert ledger.available_cents(buyer) == available - order.total_cents


def test_balance_purchase_above_the_balance_is_declined_and_claims_nothing():
    buyer = UserFactory()
    funded(buyer, price_cents=1000)
    listing = ListingFactory(price_cents=50_000)

    with pytest.raises(PaymentDeclined, match="available balance"):
        purchase(listing, buyer, payment=balance_payment())

    listing.refresh_from_db()
    assert listing.status == Listing.Status.ON_SALE
    assert not Order.objects.filter(listing=listing).exists()


def test_completion_releases_escrow_to_the_seller_and_fees_to_revenue(settings):
    settings.BUYER_FEE_PERCENT = 5
    order = completed(buy(ListingFactory(price_cents=2500)))

    assert ledger.order_escrow_cents(order) == 0
    assert ledger.available_cents(order.seller) == order.seller_earnings_cents
    assert balance(Account.REVENUE) == order.seller_fee_cents + order.buyer_fee_cents
    assert order.seller_earnings_cents + order.platform_fee_cents == order.total_cents


def test_every_movement_balances_to_zero_through_every_flow():
    seller = UserFactory()
    funded(seller)
    buyer = UserFactory()
    funded(buyer)
    listing = ListingFactory(seller=seller)
    offer(listing=listing, buyer=buyer, payment=balance_payment())
    offer(listing=listing)
    completed(buy(listing=listing))
    cancelled = buy()
    cancel_order(order=cancelled, user=cancelled.seller, reason="Lost it.")
    balance_order = buy(buyer=buyer, payment=balance_payment())
    refund_order(order=shipped(balance_order), staff=UserFactory(is_staff=True))
    withdraw_balance(
        member=seller,
        amount_cents=ledger.available_cents(seller),
        routing_number="011000015",
        account_number="12345678",
        idempotency_key="w",
    )

    kinds = set(LedgerEntry.objects.values_list("kind", flat=True))
    assert kinds == set(LedgerEntry.Kind.values)
    per_movement = LedgerEntry.objects.values("movement").annotate(
        total=Sum("amount_cents")
    )
    assert {row["total"] for row in per_movement} == {0}
    assert balance(Account.HOLD) == 0
    assert ledger.available_cents(seller) == 0


# --- Refunds ------------------------------------------------------------------------


def test_cancelled_card_order_is_refunded_through_the_gateway():
    order = buy()

    order = cancel_order(order=order, user=order.seller, reason="Broke it.")

    refund = calls("refund", order.payment_reference).get()
    assert (refund.status, refund.amount_cents) == ("refunded", order.total_cents)
    assert order.paid_with_card and order.refunded
    assert ledger.order_escrow_cents(order) == 0
    refund_legs = order.ledger.filter(kind=LedgerEntry.Kind.REFUND)
    assert dict(refund_legs.values_list("account", "amount_cents")) == {
        Account.ESCROW: -order.total_cents,
        Account.CARDS: order.total_cents,
    }


@pytest.mark.parametrize("how", ["seller cancels", "staff refund"])
def test_balance_order_refund_goes_back_to_the_available_balance(how):
    buyer = UserFactory()
    available = funded(buyer)
    order = buy(buyer=buyer, payment=balance_payment())
    if how == "seller cancels":
        order = cancel_order(order=order, user=order.seller, reason="Sold elsewhere.")
    else:
        order = refund_order(order=order, staff=UserFactory(is_staff=True))

    assert ledger.available_cents(buyer) == available
    assert ledger.order_escrow_cents(order) == 0
    assert order.refunded and not order.paid_with_card
    assert not calls("refund").exists()


def test_staff_refund_of_a_shipped_card_order_keeps_the_item_sold():
    order = shipped(buy())

    order = refund_order(order=order, staff=UserFactory(is_staff=True))

    assert order.status == Order.Status.REFUNDED
    assert calls("refund", order.payment_reference).get().status == "refunded"
    assert Listing.objects.get(pk=order.listing_id).status == Listing.Status.SOLD
    assert order.live_listing_id is None
    assert ledger.available_cents(order.seller) == 0


# --- Selling once -------------------------------------------------------------------


def test_cancelled_item_goes_back_on_sale_and_can_sell_again():
    listing = ListingFactory()
    first = buy(listing=listing)
    cancel_order(order=first, user=first.seller, reason="Wrong size listed.")
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ON_SALE

    second = buy(listing=listing)

    first.refresh_from_db()
    listing.refresh_from_db()
    assert listing.status == Listing.Status.SOLD
    assert (first.live_listing_id, second.live_listing_id) == (None, listing.pk)
    assert list(Order.objects.filter(listing=listing).order_by("pk")) == [
        first,
        second,
    ]


def order_fields(order, **overrides):
    fields = {
        field.attname: getattr(order, field.attname)
        for field in Order._meta.concrete_fields
        if field.attname != "id"
    }
    return {**fields, "idempotency_key": uuid.uuid4().hex, **overrides}


def test_database_refuses_a_second_live_order_for_a_listing():
    order = buy()

    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(**order_fields(order, buyer_id=UserFactory().pk))

    # Closed orders leave no claim: any number of them may share the listing.
    for _ in range(2):
        Order.objects.create(**order_fields(order, live_listing_id=None))
    assert Order.objects.filter(listing_id=order.listing_id).count() == 3


def test_live_order_backstop_turns_a_double_sale_into_item_sold_and_voids():
    listing = ListingFactory()
    buy(listing=listing)
    # A listing wrongly back on sale while its order is live.
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.ON_SALE)

    with pytest.raises(ItemSold):
        purchase(listing, UserFactory(), key="second")

    assert Order.objects.filter(listing=listing).count() == 1
    (second_auth,) = calls("authorize").filter(idempotency_key__contains="second")
    assert calls("void", second_auth.reference).get().status == "voided"
    assert not calls("capture", second_auth.reference).exists()


def test_database_refuses_an_order_from_the_seller_to_themself():
    order = buy()

    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(
            **order_fields(order, buyer_id=order.seller_id, live_listing_id=None)
        )


def test_buying_your_own_item_is_refused_before_any_charge():
    listing = ListingFactory()

    with pytest.raises(OrderError, match="your own listing"):
        purchase(listing, listing.seller)

    assert not GatewayCall.objects.exists()


def test_sold_item_is_refused_without_authorizing():
    listing = ListingFactory()
    buy(listing=listing)
    authorizations = calls("authorize").count()

    with pytest.raises(ItemSold):
        purchase(listing, UserFactory(), key="late")

    assert calls("authorize").count() == authorizations


def test_declined_card_claims_nothing():
    listing = ListingFactory()

    with pytest.raises(PaymentDeclined, match="declined"):
        buyer = UserFactory()
        purchase(listing, buyer, payment=card_payment(DECLINED_CARD, member=buyer))

    listing.refresh_from_db()
    assert listing.status == Listing.Status.ON_SALE
    assert not Order.objects.exists()
    assert calls("authorize").get().status == "declined"


def test_purchase_closes_other_offers_and_frees_their_money():
    listing = ListingFactory()
    holder = UserFactory()
    available = funded(holder)
    by_card = offer(listing=listing)
    by_balance = offer(listing=listing, buyer=holder, payment=balance_payment())

    buy(listing=listing)

    for made in (by_card, by_balance):
        made.refresh_from_db()
        assert made.status == Offer.Status.DECLINED
        assert made.released and made.open_buyer_id is None
    assert calls("void", by_card.payment_reference).get().status == "voided"
    assert ledger.available_cents(holder) == available
    assert ledger.held_cents(holder) == 0


# --- Resubmitted checkouts ----------------------------------------------------------


def test_resubmitted_checkout_returns_the_same_order_and_charges_once():
    listing, buyer = ListingFactory(), UserFactory()

    first = purchase(listing, buyer, key="same")
    again = purchase(listing, buyer, key="same")

    assert again == first
    assert calls("authorize").count() == 1
    assert calls("capture").count() == 1


def test_same_key_from_another_member_is_another_checkout():
    listing = ListingFactory()
    purchase(listing, UserFactory(), key="same")

    with pytest.raises(ItemSold):
        purchase(listing, UserFactory(), key="same")


def test_resubmit_that_finds_the_item_sold_by_its_own_first_submit_gets_that_order(
    monkeypatch,
):
    """The first submit completes after the resubmit looked for its order."""
    listing, buyer = ListingFactory(), UserFactory()
    real_check = services.check_can_buy
    first = []

    def first_submit_finishes_meanwhile(*, listing, buyer):
        patch_services(monkeypatch, "check_can_buy", real_check)
        first.append(purchase(listing, buyer, key="same"))
        listing.refresh_from_db()
        real_check(listing=listing, buyer=buyer)

    patch_services(monkeypatch, "check_can_buy", first_submit_finishes_meanwhile)

    again = purchase(listing, buyer, key="same")

    assert again == first[0]
    assert Order.objects.count() == 1
    assert calls("capture").count() == 1
    assert not calls("void").exists()
