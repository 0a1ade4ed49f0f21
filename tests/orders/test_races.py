"""An item sells once, money is spent once, deadlines happen once: real races.

Each contender runs in its own thread with its own database connection, all
released together by a barrier, against MariaDB's row locks (SQLite has none).
"""

import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from listings.models import Listing
from orders import ledger
from orders.exceptions import ItemSold, PaymentDeclined, WithdrawalError
from orders.models import GatewayCall, LedgerEntry, Offer, Order, OrderEvent
from orders.services import (
    accept_offer,
    decline_offer,
    process_deadlines,
    purchase_listing,
    quote_for,
    withdraw_balance,
)
from tests.concurrency import race
from tests.factories import (
    NEW_ADDRESS_FORM,
    ListingFactory,
    UserFactory,
    balance_payment,
    buy,
    card_payment,
    card_token,
    completed,
    first_tier,
    offer,
    shipped,
    shipping_address,
)

pytestmark = [pytest.mark.mysql, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _catalogue(catalogue):
    """Transactional tests flush the seeded categories; seed them again."""


def errors(outcomes, allowed=()):
    """The exceptions among `outcomes` that are not of an `allowed` type."""
    return [
        o for o in outcomes if isinstance(o, Exception) and not isinstance(o, allowed)
    ]


def withdrawal(member, amount_cents):
    """A withdraw_balance call, ready to race (a new idempotency key each call)."""

    def withdraw():
        return withdraw_balance(
            member=member,
            amount_cents=amount_cents,
            routing_number="011000015",
            account_number="12345678",
            idempotency_key=uuid.uuid4().hex,
        )

    return withdraw


def checkout(listing, buyer, key=None, total=None):
    """A purchase_listing call, ready to race."""
    payment = card_payment(member=buyer)
    key = key or uuid.uuid4().hex
    total = quote_for(listing).total_cents if total is None else total

    def purchase():
        return purchase_listing(
            listing=listing,
            buyer=buyer,
            address=shipping_address(),
            payment=payment,
            idempotency_key=key,
            expected_total_cents=total,
        )

    return purchase


def calls(kind, **filters):
    return GatewayCall.objects.filter(kind=kind, **filters)


def authorizations_of(buyer):
    """A buyer's checkout authorizations (keys are "checkout:<buyer id>:...")."""
    return calls("authorize", idempotency_key__startswith=f"checkout:{buyer.pk}:")


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


# --- An item sells once -------------------------------------------------------------


def test_twenty_simultaneous_buyers_one_order_one_capture_the_rest_voided():
    listing = ListingFactory()
    buyers = [UserFactory() for _ in range(20)]

    outcomes = race(*(checkout(listing, buyer) for buyer in buyers))

    assert errors(outcomes, allowed=ItemSold) == []
    (order,) = [o for o in outcomes if isinstance(o, Order)]
    assert sum(isinstance(o, ItemSold) for o in outcomes) == 19
    assert Order.objects.filter(listing=listing).get() == order
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.SOLD
    captured = calls("capture", status="captured")
    assert list(captured.values_list("reference", flat=True)) == [
        order.payment_reference
    ]
    assert captured.get().amount_cents == order.total_cents
    # Every loser that got as far as authorizing has its authorization voided.
    authorized = calls("authorize", status="authorized")
    losers = set(authorized.values_list("reference", flat=True)) - {
        order.payment_reference
    }
    voided = calls("void", status="voided")
    assert set(voided.values_list("reference", flat=True)) == losers
    assert voided.count() == len(losers) == authorized.count() - 1
    assert not calls("void", reference=order.payment_reference).exists()
    assert ledger.order_escrow_cents(order) == order.total_cents


def logged_in_client(member):
    client = Client()
    client.force_login(member)
    return client


def checkout_form(listing, buyer, key=None):
    """What the checkout page posts once the card form has given its token for
    the test Visa: a new address and the token."""
    return {
        **NEW_ADDRESS_FORM,
        "payment": "card",
        "card_token": card_token(member=buyer),
        "idempotency_key": key or uuid.uuid4().hex,
        "expected_total_cents": quote_for(listing).total_cents,
    }


def test_simultaneous_checkout_pages_sell_once_and_show_the_rest_sold():
    listing = ListingFactory()
    total = quote_for(listing).total_cents
    url = reverse("orders:checkout", kwargs={"pk": listing.pk})
    buyers = [UserFactory() for _ in range(6)]
    posts = [(logged_in_client(b), checkout_form(listing, b)) for b in buyers]

    responses = race(
        *(
            lambda client=client, data=data: client.post(url, data)
            for client, data in posts
        )
    )

    assert errors(responses) == []
    order = Order.objects.get(listing=listing)
    assert sorted(r.status_code for r in responses) == [302] + [409] * 5
    (won,) = [r for r in responses if r.status_code == 302]
    assert won.url == order.get_absolute_url()
    for response in responses:
        if response.status_code == 409:
            assert "just sold" in response.content.decode()
    assert calls("capture", status="captured").get().amount_cents == total
    authorized = calls("authorize", status="authorized").count()
    assert calls("void", status="voided").count() == authorized - 1


def staggered(contender, seconds):
    def later():
        time.sleep(seconds)
        return contender()

    return later


def test_same_checkout_submitted_at_once_makes_one_order_and_one_capture():
    """Resubmits land at every stage of the first submit, 3 ms apart."""
    for _ in range(4):
        listing, buyer = ListingFactory(), UserFactory()
        key = uuid.uuid4().hex

        outcomes = race(
            *(
                staggered(checkout(listing, buyer, key=key), position * 0.003)
                for position in range(12)
            )
        )

        assert errors(outcomes) == []
        order = Order.objects.get(listing=listing)
        assert all(o == order for o in outcomes)
        assert authorizations_of(buyer).count() == 1
        assert calls("capture", reference=order.payment_reference).count() == 1
        assert not calls("void", reference=order.payment_reference).exists()
        assert ledger.order_escrow_cents(order) == order.total_cents


def test_same_checkout_page_submitted_twice_at_once_shows_one_order():
    listing, buyer = ListingFactory(), UserFactory()
    url = reverse("orders:checkout", kwargs={"pk": listing.pk})
    # One page, one token: both submits carry the same card token.
    data = checkout_form(listing, buyer)
    clients = [logged_in_client(buyer) for _ in range(2)]

    responses = race(*(lambda c=client: c.post(url, data) for client in clients))

    assert errors(responses) == []
    order = Order.objects.get(listing=listing)
    assert [r.status_code for r in responses] == [302, 302]
    assert {r.url for r in responses} == {order.get_absolute_url()}
    assert calls("authorize").count() == calls("capture").count() == 1


def after_authorization(buyer, then):
    """Call `then` once `buyer`'s checkout has authorized, as it goes to claim."""

    def wait_then_call():
        deadline = time.monotonic() + 10
        while not authorizations_of(buyer).exists() and time.monotonic() < deadline:
            time.sleep(0.001)
        return then()

    return wait_then_call


def answer_while_bought(round_, answer):
    """The seller answers an offer (`answer(offer=, seller=)`) as another buyer
    checks out; odd rounds answer once the buyer has authorized.

    Returns the listing, the offer, the buyer and the race's outcomes.
    """
    listing = ListingFactory()
    made = offer(listing=listing)
    buyer = UserFactory()

    def answer_it():
        return answer(offer=made, seller=listing.seller)

    outcomes = race(
        after_authorization(buyer, answer_it) if round_ % 2 else answer_it,
        checkout(listing, buyer),
    )
    return listing, made, buyer, outcomes


def test_accepting_an_offer_while_another_buyer_buys_sells_once():
    """Raced over several items: each side must be able to win and lose cleanly.

    A buyer authorizes before claiming, so an acceptance started at the same
    moment nearly always wins; half the rounds start it once the buyer has
    authorized, when either may claim first.
    """
    for round_ in range(8):
        listing, made, buyer, outcomes = answer_while_bought(round_, accept_offer)

        # Any OperationalError (a deadlock) would be an error here.
        assert errors(outcomes, allowed=ItemSold) == []
        (order,) = [o for o in outcomes if isinstance(o, Order)]
        assert sum(isinstance(o, ItemSold) for o in outcomes) == 1
        assert Order.objects.filter(listing=listing).get() == order
        made.refresh_from_db()
        assert calls("capture", reference=order.payment_reference).count() == 1
        if order.offer_id == made.pk:
            assert made.status == Offer.Status.ACCEPTED
            for auth in authorizations_of(buyer):
                assert calls("void", reference=auth.reference).get().status == (
                    "voided"
                )
        else:
            assert order.buyer == buyer
            assert made.status == Offer.Status.DECLINED
            assert made.released
            void = calls("void", reference=made.payment_reference).get()
            assert void.status == "voided"
            assert not calls("capture", reference=made.payment_reference).exists()


def test_declining_an_offer_while_the_item_is_bought_never_deadlocks():
    for round_ in range(8):
        listing, made, _buyer, outcomes = answer_while_bought(round_, decline_offer)

        # The decline may find the offer already closed by the sale.
        assert [type(o).__name__ for o in errors(outcomes)] in ([], ["OrderError"])
        assert Order.objects.filter(listing=listing).count() == 1
        made.refresh_from_db()
        assert made.status == Offer.Status.DECLINED
        assert calls("void", reference=made.payment_reference).count() == 1


# --- Money is spent once ------------------------------------------------------------


def test_two_withdrawals_of_the_whole_balance_only_one_succeeds():
    for _ in range(3):
        member = UserFactory()
        completed(buy(ListingFactory(seller=member, price_cents=10_000)))
        available = ledger.available_cents(member)

        withdraw = withdrawal(member, available)
        outcomes = race(withdraw, withdraw)

        assert errors(outcomes, allowed=WithdrawalError) == []
        assert sum(isinstance(o, WithdrawalError) for o in outcomes) == 1
        assert member.withdrawals.get().amount_cents == available
        assert ledger.available_cents(member) == 0
        payouts = LedgerEntry.objects.filter(member=member, account="payouts")
        assert payouts.aggregate(total=Sum("amount_cents"))["total"] == available


def test_balance_purchase_and_withdrawal_at_once_never_overspend():
    for _ in range(3):
        member = UserFactory()
        completed(buy(ListingFactory(seller=member, price_cents=3_000)))
        available = ledger.available_cents(member)
        # Buyer fee 0 (the default): the total is exactly the balance.
        listing = ListingFactory(price_cents=available - first_tier().price_cents)

        def purchase(listing=listing, member=member):
            return purchase_listing(
                listing=listing,
                buyer=member,
                address=shipping_address(),
                payment=balance_payment(),
                idempotency_key=uuid.uuid4().hex,
                expected_total_cents=quote_for(listing).total_cents,
            )

        withdraw = withdrawal(member, available)

        outcomes = race(purchase, withdraw)

        refused = errors(outcomes)
        assert len(refused) == 1
        assert isinstance(refused[0], PaymentDeclined | WithdrawalError)
        assert ledger.available_cents(member) == 0
        spent = Order.objects.filter(buyer=member).count() + member.withdrawals.count()
        assert spent == 1


# --- Deadlines happen once ----------------------------------------------------------


def due_work():
    """Offers and orders all past their deadlines; returns the expected counts."""
    for _ in range(3):
        made = offer()
        Offer.objects.filter(pk=made.pk).update(expires_at=ago(minutes=1))
    holder = UserFactory()
    completed(buy(ListingFactory(seller=holder, price_cents=10_000)))
    held = offer(buyer=holder, payment=balance_payment())
    Offer.objects.filter(pk=held.pk).update(expires_at=ago(minutes=1))
    for _ in range(3):
        order = buy()
        Order.objects.filter(pk=order.pk).update(
            created_at=ago(days=settings.AUTO_CANCEL_DAYS + 1)
        )
    for _ in range(3):
        order = shipped(buy())
        Order.objects.filter(pk=order.pk).update(
            shipped_at=ago(days=settings.AUTO_COMPLETE_DAYS + 1)
        )
    order = completed(buy())
    Order.objects.filter(pk=order.pk).update(
        completed_at=ago(days=settings.RATING_WINDOW_DAYS + 1)
    )
    return {
        "offers expired": 4,
        "orders cancelled": 3,
        "orders completed": 3,
        "rating windows closed": 1,
    }


@pytest.mark.parametrize("runs", [2, 4])
def test_overlapping_deadline_runs_do_each_transition_once(runs):
    expected = due_work()
    events = OrderEvent.objects.count()

    outcomes = race(*([process_deadlines] * runs))

    assert errors(outcomes) == []
    for kind, count in expected.items():
        assert sum(o[kind] for o in outcomes) == count, kind
    new_events = OrderEvent.objects.filter(actor_role="system")
    assert OrderEvent.objects.count() == events + 6
    assert new_events.filter(to_status="cancelled").count() == 3
    assert new_events.filter(to_status="completed").count() == 3
    cancelled = Order.objects.filter(status="cancelled")
    for order in cancelled:
        assert calls("refund", reference=order.payment_reference).count() == 1
        assert order.refunded
    expired = Offer.objects.filter(status="expired")
    assert expired.count() == 4
    for made in expired:
        assert made.released
        voids = calls("void", reference=made.payment_reference).count()
        assert voids == (1 if made.paid_with_card else 0)
    assert LedgerEntry.objects.filter(kind="hold_release").count() == 2
    assert LedgerEntry.objects.filter(kind="release").count() == 2 * 5
    assert LedgerEntry.objects.filter(kind="refund").count() == 2 * 3
    assert ledger.held_cents(Offer.objects.get(payments__method="balance").buyer) == 0
    assert process_deadlines() == {**dict.fromkeys(expected, 0), "payments retried": 0}


def test_offer_expiring_while_the_item_is_bought_closes_once_and_frees_its_money():
    for round_ in range(8):
        listing = ListingFactory()
        made = offer(listing=listing)
        Offer.objects.filter(pk=made.pk).update(expires_at=ago(minutes=1))
        buyer = UserFactory()

        outcomes = race(
            after_authorization(buyer, process_deadlines)
            if round_ % 2
            else process_deadlines,
            checkout(listing, buyer),
        )

        assert errors(outcomes) == []
        made.refresh_from_db()
        assert made.status in (Offer.Status.EXPIRED, Offer.Status.DECLINED)
        assert made.released
        assert calls("void", reference=made.payment_reference).count() == 1
        assert Order.objects.filter(listing=listing).count() == 1


def test_seller_edits_and_pauses_racing_buyers_never_deadlock(monkeypatch):
    """A sale locks the listing, then reads the seller's row (the order's foreign
    key); the seller's own writes lock the listing first too, so neither side
    ever gets a deadlock error. The seller's side dawdles while holding its
    locks, so a buyer always arrives in the middle."""
    from listings import services as listing_services
    from listings.exceptions import ListingError
    from orders.exceptions import OrderError

    lock_seller = listing_services._lock_seller

    def slow_lock_seller(seller):
        lock_seller(seller)
        time.sleep(0.3)

    monkeypatch.setattr(listing_services, "_lock_seller", slow_lock_seller)

    for round_number in range(4):
        listing = ListingFactory(price_cents=3000)
        seller, buyer = listing.seller, UserFactory()
        waiting = offer(listing)

        def edit(listing=listing, seller=seller, number=round_number):
            return listing_services.update_listing(
                listing=listing,
                seller=seller,
                fields={"title": f"Renamed lamp {number}"},
                photo_positions={},
                remove_photo_ids=[],
                new_photo_ids=[],
            )

        def pause(listing=listing, seller=seller):
            return listing_services.change_listing_status(
                listing=listing, seller=seller, status=Listing.Status.PAUSED
            )

        purchase = checkout(listing, buyer)

        def late_purchase(purchase=purchase):
            time.sleep(0.1)
            return purchase()

        seller_move = edit if round_number % 2 else pause
        outcomes = race(late_purchase, seller_move)

        assert errors(outcomes, allowed=(OrderError, ListingError)) == [], (
            round_number,
            outcomes,
        )
        waiting.refresh_from_db()
        listing.refresh_from_db()
        if isinstance(outcomes[0], Order):
            assert listing.status == Listing.Status.SOLD
            assert waiting.status == Offer.Status.DECLINED
        else:
            assert listing.status == Listing.Status.PAUSED
            assert not Order.objects.filter(listing=listing).exists()
