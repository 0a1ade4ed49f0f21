"""A seeded random marketplace: hundreds of operations, then every cent accounted for.

Members list, buy (card or balance), offer, counter, accept, decline, ship,
confirm, cancel, dispute, get refunded, withdraw and let deadlines pass, all
through the services, in a random order fixed by the seed. The services may
refuse (OrderError, WithdrawalError, RatingError); anything else is a bug.
At the end `reconcile_ledger` must find no difference and the marketplace's
invariants must hold. Runs on SQLite and on MariaDB.
"""

import functools
import io
import random
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone

from listings.models import Listing
from orders import ledger, services
from orders.exceptions import OrderError, RatingError, WithdrawalError
from orders.models import LedgerEntry, Offer, Order, Payment, Withdrawal
from orders.services import quote_for
from tests.factories import (
    DECLINED_CARD,
    GOOD_CARD,
    NO_FUNDS_CARD,
    ListingFactory,
    UserFactory,
    balance_payment,
    card_payment,
    card_token,
    shipping_address,
)

pytestmark = pytest.mark.django_db

ROUTING = "011000015"
BAD_ROUTING = "011000016"
OPERATIONS = 500
EXPECTED = (OrderError, WithdrawalError, RatingError)


def acting_on(pick):
    """A step that acts on what `pick(simulation)` finds, and is idle without it.

    The step returns True when it acted, False when there was nothing to act on.
    """

    def decorate(step):
        @functools.wraps(step)
        def run(self):
            found = pick(self)
            if found is None:
                return False
            step(self, found)
            return True

        return run

    return decorate


class Simulation:
    """The marketplace driven by one random generator; `done` counts what worked."""

    def __init__(self, seed: int, capture_on_commit):
        self.rng = random.Random(seed)
        self.capture_on_commit = capture_on_commit
        self.members = [UserFactory(password=None) for _ in range(6)]
        self.staff = UserFactory(password=None, is_staff=True)
        self.checkout_keys = []
        # Per operation: done (the service acted), refused (an expected error),
        # idle (nothing to act on yet).
        self.done = Counter()
        self.refused = Counter()
        self.idle = Counter()
        for _ in range(10):
            self.list_item()

    # -- picking ---------------------------------------------------------------

    def member(self):
        return self.rng.choice(self.members)

    def pick(self, queryset):
        pks = list(queryset.order_by("pk").values_list("pk", flat=True))
        if not pks:
            return None
        return queryset.model.objects.get(pk=self.rng.choice(pks))

    def on_sale(self):
        return self.pick(Listing.objects.filter(status=Listing.Status.ON_SALE))

    def payment(self, buyer):
        roll = self.rng.random()
        # From balance: mostly members who have some, sometimes one who has none.
        has_balance = ledger.available_cents(buyer) or self.rng.random() < 0.2
        if roll < 0.35 and has_balance:
            return balance_payment()
        if roll < 0.45:
            return card_payment(DECLINED_CARD, member=buyer)
        if roll < 0.5:
            return card_payment(NO_FUNDS_CARD, member=buyer)
        return card_payment(GOOD_CARD, member=buyer)

    def order_in(self, *statuses):
        return self.pick(Order.objects.filter(status__in=statuses))

    def offer_in(self, status):
        return self.pick(Offer.objects.filter(status=status))

    # -- operations --------------------------------------------------------------

    def list_item(self):
        ListingFactory(
            seller=self.member(),
            price_cents=self.rng.randint(2, 300) * 100,
            shipping_payer=self.rng.choice(["buyer", "buyer", "seller"]),
        )
        return True

    def buy(self):
        listing = (
            self.on_sale() if self.rng.random() < 0.9 else self.pick(Listing.objects)
        )
        if listing is None:
            return False
        buyer = self.member()
        if self.checkout_keys and self.rng.random() < 0.1:
            # The same checkout submitted again: the first submit's order stands.
            listing, buyer, key = self.rng.choice(self.checkout_keys)
        else:
            key = uuid.uuid4().hex
            self.checkout_keys.append((listing, buyer, key))
        services.purchase_listing(
            listing=listing,
            buyer=buyer,
            address=shipping_address(),
            payment=self.payment(buyer),
            idempotency_key=key,
            expected_total_cents=quote_for(listing).total_cents,
        )
        return True

    @acting_on(lambda sim: sim.on_sale())
    def offer(self, listing):
        low = listing.price_cents * 40 // 100
        buyer = self.member()
        services.make_offer(
            listing=listing,
            buyer=buyer,
            amount_cents=self.rng.randint(max(low, 1), listing.price_cents),
            address=shipping_address(),
            payment=self.payment(buyer),
            idempotency_key=uuid.uuid4().hex,
        )

    @acting_on(lambda sim: sim.on_sale())
    def set_thresholds(self, listing):
        price = listing.price_cents
        services.set_offer_thresholds(
            listing=listing,
            seller=listing.seller,
            accept_cents=self.rng.choice([None, price * 9 // 10]),
            decline_cents=self.rng.choice([None, price * 6 // 10]),
        )

    @acting_on(lambda sim: sim.offer_in(Offer.Status.PENDING))
    def counter(self, offer):
        seller = offer.listing.seller if self.rng.random() < 0.9 else self.member()
        services.counter_offer(
            offer=offer,
            seller=seller,
            counter_cents=self.rng.randint(
                offer.amount_cents, offer.listing.price_cents
            ),
        )

    @acting_on(lambda sim: sim.offer_in(Offer.Status.PENDING))
    def accept(self, offer):
        services.accept_offer(offer=offer, seller=offer.listing.seller)

    @acting_on(lambda sim: sim.offer_in(Offer.Status.PENDING))
    def decline(self, offer):
        services.decline_offer(offer=offer, seller=offer.listing.seller)

    @acting_on(lambda sim: sim.offer_in(Offer.Status.COUNTERED))
    def accept_counter(self, offer):
        number = DECLINED_CARD if self.rng.random() < 0.15 else GOOD_CARD
        services.accept_counter(
            offer=offer,
            buyer=offer.buyer,
            card_token=card_token(number, member=offer.buyer)
            if offer.payment_source == "card"
            else "",
        )

    @acting_on(lambda sim: sim.offer_in(Offer.Status.COUNTERED))
    def decline_counter(self, offer):
        services.decline_counter(offer=offer, buyer=offer.buyer)

    @acting_on(lambda sim: sim.order_in(Order.Status.PAID))
    def ship(self, order):
        services.ship_order(
            order=order,
            seller=order.seller,
            carrier=self.rng.choice(Order.Carrier.values),
            tracking_number=f"9400{self.rng.randint(10_000, 99_999)}",
        )

    @acting_on(lambda sim: sim.order_in(Order.Status.SHIPPED))
    def confirm(self, order):
        services.confirm_receipt(order=order, buyer=order.buyer)

    @acting_on(lambda sim: sim.order_in(Order.Status.PAID, Order.Status.SHIPPED))
    def cancel_by_seller(self, order):
        services.cancel_order(order=order, user=order.seller, reason="Broken.")

    @acting_on(lambda sim: sim.order_in(Order.Status.PAID))
    def cancel_by_buyer(self, order):
        if self.rng.random() < 0.8:
            # The ship deadline has passed.
            Order.objects.filter(pk=order.pk).update(
                created_at=timezone.now() - timedelta(days=4)
            )
        services.cancel_order(order=order, user=order.buyer, reason="Never shipped.")

    @acting_on(lambda sim: sim.order_in(Order.Status.PAID, Order.Status.SHIPPED))
    def report(self, order):
        services.report_problem(
            order=order,
            buyer=order.buyer,
            reason=self.rng.choice(["not_received", "damaged"]),
            description="Not what I paid for.",
        )

    @acting_on(lambda sim: sim.order_in(*Order.OPEN_STATUSES))
    def refund(self, order):
        services.refund_order(order=order, staff=self.staff)

    @acting_on(lambda sim: sim.order_in(Order.Status.DISPUTED))
    def resolve(self, order):
        services.resolve_dispute(
            order=order, staff=self.staff, for_buyer=self.rng.random() < 0.5
        )

    @acting_on(lambda sim: sim.order_in(Order.Status.COMPLETED))
    def rate(self, order):
        services.rate_order(
            order=order,
            rater=self.rng.choice([order.buyer, order.seller]),
            stars=self.rng.randint(1, 5),
        )

    def withdraw(self):
        member = self.member()
        available = ledger.available_cents(member)
        amount = self.rng.choice(
            [available, available // 2, available + 1, self.rng.randint(1, 150)]
        )
        services.withdraw_balance(
            member=member,
            amount_cents=amount,
            routing_number=ROUTING if self.rng.random() < 0.9 else BAD_ROUTING,
            account_number="000123456789",
            idempotency_key=uuid.uuid4().hex,
        )
        return True

    def deadlines(self):
        days = self.rng.choice([0, 0, 1, 2, 4, 6, 8, 15])
        services.process_deadlines(now=timezone.now() + timedelta(days=days))
        return True

    WEIGHTS = {
        list_item: 10,
        buy: 14,
        offer: 16,
        set_thresholds: 2,
        counter: 8,
        accept: 5,
        decline: 3,
        accept_counter: 8,
        decline_counter: 2,
        ship: 10,
        confirm: 8,
        cancel_by_seller: 2,
        cancel_by_buyer: 2,
        report: 3,
        refund: 2,
        resolve: 3,
        rate: 2,
        withdraw: 8,
        deadlines: 2,
    }

    def run(self, operations: int) -> None:
        steps = list(self.WEIGHTS)
        weights = list(self.WEIGHTS.values())
        for _ in range(operations):
            step = self.rng.choices(steps, weights)[0]
            try:
                # After-commit work (emails, voids) runs as it would in production.
                with self.capture_on_commit(execute=True):
                    acted = step(self)
            except EXPECTED:
                self.refused[step.__name__] += 1
            else:
                (self.done if acted else self.idle)[step.__name__] += 1


def assert_invariants():
    # An item sells once: one open or completed order per listing at most.
    live = Order.objects.exclude(
        status__in=[Order.Status.CANCELLED, Order.Status.REFUNDED]
    )
    assert not live.values("listing").annotate(n=Count("id")).filter(n__gt=1)
    assert not live.filter(live_listing_id__isnull=True).exclude(
        status=Order.Status.COMPLETED
    )
    assert not Order.objects.filter(
        status__in=[Order.Status.CANCELLED, Order.Status.REFUNDED],
        live_listing_id__isnull=False,
    )
    assert not Order.objects.open().exclude(listing__status=Listing.Status.SOLD)
    # No open offer on a sold item; one open offer per buyer per item.
    assert not Offer.objects.open().filter(listing__status=Listing.Status.SOLD)
    assert (
        not Offer.objects.open()
        .values("listing", "buyer")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    # The ledger sums to zero, and so does each movement.
    assert LedgerEntry.objects.aggregate(total=Sum("amount_cents"))["total"] in (
        0,
        None,
    )
    assert (
        not LedgerEntry.objects.order_by()
        .values("movement")
        .annotate(total=Sum("amount_cents"))
        .exclude(total=0)
    )


def assert_everything_settles() -> None:
    """Every deadline passes: all that is left settles, and still nothing is lost."""
    services.process_deadlines(now=timezone.now() + timedelta(days=40))
    assert_invariants()
    reconcile_ok()
    assert not Order.objects.open().exclude(status=Order.Status.DISPUTED)
    assert not Offer.objects.open()
    # Every authorization or hold no order took was given back.
    assert not Payment.objects.filter(order__isnull=True).exclude(
        status=Payment.Status.VOIDED
    )


def reconcile_ok() -> str:
    out = io.StringIO()
    call_command("reconcile_ledger", stdout=out)
    text = out.getvalue()
    assert "Reconciled: no differences." in text
    return text


@pytest.mark.parametrize("seed", [7, 2024])
def test_random_marketplace_conserves_money(seed, django_capture_on_commit_callbacks):
    simulation = Simulation(seed, django_capture_on_commit_callbacks)

    simulation.run(OPERATIONS)

    assert_invariants()
    reconcile_ok()
    # The run exercised the paths that move money, not just refusals.
    for step in (
        "buy",
        "offer",
        "counter",
        "accept",
        "accept_counter",
        "ship",
        "confirm",
        "report",
        "refund",
        "resolve",
        "withdraw",
    ):
        assert simulation.done[step] > 0, (step, simulation.done)
    assert sum(simulation.refused.values()) > 0
    statuses = set(Order.objects.values_list("status", flat=True))
    assert {Order.Status.COMPLETED, Order.Status.CANCELLED} <= statuses
    assert Order.objects.filter(payments__method="balance").exists()
    assert Withdrawal.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert_everything_settles()
