"""No card hold is left open: a failure after authorize voids it, a lost deadlock
is retried, and reconcile_ledger reports any authorization left open too long.

These tests commit for real (transaction=True): a deadlock rolls back the whole
transaction, and a failure at COMMIT only exists outside a test transaction.
"""

import io
import uuid
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from listings.models import Listing
from listings.services import claim_for_sale
from marketplace import retry
from orders import services
from orders.exceptions import TryAgain
from orders.models import GatewayCall, Offer, Order
from orders.payments.sandbox import SandboxGateway
from orders.services import (
    accept_offer,
    counter_offer,
    process_deadlines,
    purchase_listing,
    quote_for,
)
from tests.factories import (
    CARD_FORM,
    GOOD_CARD,
    NEW_ADDRESS_FORM,
    ListingFactory,
    UserFactory,
    card_payment,
    card_token,
    offer,
    pay_post,
    shipping_address,
)
from tests.orders.servicepatch import patch_services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _catalogue(catalogue):
    """Transactional tests flush the seeded categories; seed them again."""


def deadlock() -> OperationalError:
    return OperationalError(1213, "Deadlock found when trying to get lock")


@pytest.fixture
def listing():
    return ListingFactory(title="Brass desk lamp", price_cents=2500)


@pytest.fixture
def shopper():
    """A logged-in browser: a server error is a 500 response, not an exception."""
    member = UserFactory()
    client = Client(raise_request_exception=False)
    client.force_login(member)
    client.member = member
    return client


def checkout(client, listing, key=None):
    return pay_post(
        client,
        reverse("orders:checkout", args=[listing.pk]),
        {
            "idempotency_key": key or uuid.uuid4().hex,
            "expected_total_cents": quote_for(listing).total_cents,
            **NEW_ADDRESS_FORM,
            **CARD_FORM,
        },
    )


def calls(kind: str, reference: str):
    return GatewayCall.objects.filter(kind=kind, reference=reference)


def only_authorization(prefix: str) -> GatewayCall:
    return GatewayCall.objects.get(kind="authorize", idempotency_key__startswith=prefix)


def assert_voided(reference: str) -> None:
    assert list(calls("void", reference).values_list("status", flat=True)) == ["voided"]
    assert not calls("capture", reference).exists()


def fail_always(error_factory=deadlock):
    def fail(*args, **kwargs):
        raise error_factory()

    return fail


def fail_at_commit(monkeypatch):
    """Fail the COMMIT of the next transaction that opens an order."""
    armed = []
    open_order = services.sale._open_order
    commit = connection.commit

    def arm(**kwargs):
        armed.append(True)
        return open_order(**kwargs)

    def failing_commit(*args, **kwargs):
        if armed:
            armed.clear()
            raise deadlock()
        return commit(*args, **kwargs)

    patch_services(monkeypatch, "_open_order", arm)
    monkeypatch.setattr(connection, "commit", failing_commit)


def inject(monkeypatch, point: str, error_factory=deadlock) -> None:
    """Make the purchase's claim transaction fail at `point`, every attempt."""
    if point == "commit":
        fail_at_commit(monkeypatch)
    elif point == "claim":
        patch_services(monkeypatch, "claim_for_sale", fail_always(error_factory))
    elif point == "event":
        patch_services(monkeypatch, "_event", fail_always(error_factory))
    elif point == "decline-others":
        patch_services(monkeypatch, "_decline_other_offers", fail_always(error_factory))


POINTS = ["claim", "event", "decline-others", "commit"]


# --- Buy now ------------------------------------------------------------------------


@pytest.mark.parametrize("point", POINTS)
def test_deadlock_after_authorize_voids_the_card_and_asks_to_try_again(
    monkeypatch, listing, shopper, point
):
    inject(monkeypatch, point)

    response = checkout(shopper, listing)

    assert response.status_code == 503
    assert "Please try again" in response.content.decode()
    assert not Order.objects.exists()
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.ON_SALE
    auth = only_authorization(f"checkout:{shopper.member.pk}:")
    assert_voided(auth.reference)


@pytest.mark.parametrize("point", ["claim", "event", "decline-others"])
def test_any_database_error_after_authorize_voids_the_card(
    monkeypatch, listing, shopper, point
):
    inject(monkeypatch, point, lambda: OperationalError(2013, "Lost connection"))

    response = checkout(shopper, listing)

    assert response.status_code == 503
    auth = only_authorization(f"checkout:{shopper.member.pk}:")
    assert_voided(auth.reference)


def deadlock_the_first_claim(monkeypatch) -> list:
    """The first claim of the item loses a deadlock; returns the claims tried."""
    claim = claim_for_sale
    attempts = []

    def first_attempt_deadlocks(listing_pk):
        attempts.append(listing_pk)
        if len(attempts) == 1:
            raise deadlock()
        return claim(listing_pk)

    patch_services(monkeypatch, "claim_for_sale", first_attempt_deadlocks)
    return attempts


def test_a_lost_deadlock_is_retried_and_the_second_attempt_buys(
    monkeypatch, listing, shopper
):
    attempts = deadlock_the_first_claim(monkeypatch)

    response = checkout(shopper, listing)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    assert len(attempts) == 2
    assert GatewayCall.objects.filter(kind="authorize").count() == 1
    assert calls("capture", order.payment_reference).get().status == "captured"
    assert not GatewayCall.objects.filter(kind="void").exists()


def test_retries_are_bounded_by_the_setting(monkeypatch, settings, listing):
    settings.ORDER_TRANSACTION_ATTEMPTS = 2
    attempts = []

    def always(listing_pk):
        attempts.append(listing_pk)
        raise deadlock()

    patch_services(monkeypatch, "claim_for_sale", always)
    buyer = UserFactory()

    with pytest.raises(TryAgain):
        purchase_listing(
            listing=listing,
            buyer=buyer,
            address=shipping_address(),
            payment=card_payment(member=buyer),
            idempotency_key=uuid.uuid4().hex,
            expected_total_cents=quote_for(listing).total_cents,
        )
    assert len(attempts) == 2


def test_losing_to_another_buyer_after_a_deadlock_shows_the_sold_page(
    monkeypatch, listing, shopper
):
    """The deadlock's winner commits the sale while we wait to try again."""
    attempts = deadlock_the_first_claim(monkeypatch)

    def winner_commits(seconds):
        Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.SOLD)

    monkeypatch.setattr(retry.time, "sleep", winner_commits)

    response = checkout(shopper, listing)

    assert response.status_code == 409
    assert "This item was just sold" in response.content.decode()
    assert len(attempts) == 2
    assert not Order.objects.exists()
    assert_voided(only_authorization(f"checkout:{shopper.member.pk}:").reference)


def test_a_void_that_fails_too_is_left_for_process_deadlines(
    monkeypatch, settings, listing, shopper
):
    inject(monkeypatch, "claim")
    monkeypatch.setattr(SandboxGateway, "void", fail_always())

    response = checkout(shopper, listing)

    assert response.status_code == 503
    auth = only_authorization(f"checkout:{shopper.member.pk}:")
    assert not calls("void", auth.reference).exists()
    monkeypatch.undo()

    # Within its expected life nothing touches it...
    process_deadlines()
    assert not calls("void", auth.reference).exists()
    # ...after it, reconcile reports it and process_deadlines voids it.
    GatewayCall.objects.filter(pk=auth.pk).update(
        created_at=timezone.now()
        - timedelta(minutes=settings.AUTHORIZATION_GRACE_MINUTES + 1)
    )
    out, error = run_reconcile_failing()
    assert f"payment {auth.reference}" in out
    assert "authorization" in out
    process_deadlines()
    assert_voided(auth.reference)
    run_reconcile()


# --- Offers -------------------------------------------------------------------------


@pytest.mark.parametrize("point", POINTS)
def test_failed_acceptance_keeps_the_offer_and_its_authorization(
    monkeypatch, listing, point
):
    pending = offer(listing=listing, amount_cents=2000)
    client = Client(raise_request_exception=False)
    client.force_login(listing.seller)
    inject(monkeypatch, point)

    response = client.post(reverse("orders:offer-accept", args=[pending.pk]))

    assert response.status_code == 503
    assert "Please try again" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Offer.Status.PENDING and not pending.released
    assert not Order.objects.exists()
    # The offer's authorization stays: it still backs the open offer.
    assert not calls("void", pending.payment_reference).exists()


def test_acceptance_that_loses_a_deadlock_once_is_retried(monkeypatch, listing):
    pending = offer(listing=listing, amount_cents=2000)
    decline = services.sale._decline_other_offers
    attempts = []

    def first_deadlocks(*args, **kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise deadlock()
        return decline(*args, **kwargs)

    patch_services(monkeypatch, "_decline_other_offers", first_deadlocks)

    order = accept_offer(offer=pending, seller=listing.seller)

    assert Order.objects.get() == order
    assert calls("capture", pending.payment_reference).get().status == "captured"


@pytest.mark.parametrize("point", POINTS)
def test_failed_counter_acceptance_voids_the_new_authorization(
    monkeypatch, listing, point
):
    pending = offer(listing=listing, amount_cents=2000)
    countered = counter_offer(offer=pending, seller=listing.seller, counter_cents=2200)
    client = Client(raise_request_exception=False)
    client.force_login(countered.buyer)
    inject(monkeypatch, point)

    response = pay_post(
        client,
        reverse("orders:counter-accept", args=[countered.pk]),
        {
            "idempotency_key": uuid.uuid4().hex,
            "card_number": GOOD_CARD,
            "expiry": "12/30",
            "cvc": "123",
        },
    )

    assert response.status_code == 503
    countered.refresh_from_db()
    assert countered.status == Offer.Status.COUNTERED
    assert not Order.objects.exists()
    new_auth = only_authorization(f"offer:{countered.pk}:counter")
    assert_voided(new_auth.reference)
    assert not calls("void", countered.payment_reference).exists()


def test_failed_offer_creation_voids_its_authorization(monkeypatch, listing):
    monkeypatch.setattr(
        Offer.objects, "create", fail_always(lambda: OperationalError(1205, "wait"))
    )
    buyer = UserFactory()

    with pytest.raises(TryAgain):
        offer(listing=listing, buyer=buyer, amount_cents=2000)

    auth = only_authorization(f"offer:{buyer.pk}:")
    assert_voided(auth.reference)


# --- reconcile_ledger ---------------------------------------------------------------


def run_reconcile() -> str:
    out = io.StringIO()
    call_command("reconcile_ledger", stdout=out)
    return out.getvalue()


def run_reconcile_failing() -> tuple[str, CommandError]:
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("reconcile_ledger", stdout=out)
    return out.getvalue(), caught.value


def stray_authorization(minutes_old: int) -> GatewayCall:
    payer = UserFactory(password=None)
    result = SandboxGateway().authorize(
        amount_cents=2999,
        token=card_token(member=payer),
        customer_id=payer.pk,
        idempotency_key=f"checkout:stray:{uuid.uuid4().hex}",
    )
    GatewayCall.objects.filter(reference=result.reference).update(
        created_at=timezone.now() - timedelta(minutes=minutes_old)
    )
    return GatewayCall.objects.get(reference=result.reference)


def test_reconcile_reports_an_authorization_open_past_its_life(settings):
    old = stray_authorization(settings.AUTHORIZATION_GRACE_MINUTES + 5)
    stray_authorization(1)

    out, error = run_reconcile_failing()

    lines = [line for line in out.splitlines() if "authorization" in line]
    assert len(lines) == 1
    assert f"payment {old.reference}" in lines[0]
    assert "$29.99" in lines[0]
    assert "1 difference" in str(error)


def test_an_open_offers_authorization_lives_until_the_offer_expires(settings):
    pending = offer(amount_cents=2000)
    GatewayCall.objects.filter(reference=pending.payment_reference).update(
        created_at=timezone.now() - timedelta(hours=settings.OFFER_EXPIRY_HOURS - 1)
    )
    run_reconcile()

    Offer.objects.filter(pk=pending.pk).update(
        expires_at=timezone.now()
        - timedelta(minutes=settings.AUTHORIZATION_GRACE_MINUTES + 1)
    )
    out, _error = run_reconcile_failing()
    assert f"payment {pending.payment_reference}" in out

    # process_deadlines expires the offer and voids its authorization.
    process_deadlines()
    assert_voided(pending.payment_reference)
    run_reconcile()
