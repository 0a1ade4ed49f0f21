"""reconcile_ledger: clean books pass with their figures; any tampering fails."""

import io
import uuid

import pytest
from django.core.management import CommandError, call_command

from marketplace.templatetags.money import money
from orders import ledger, services
from orders.models import (
    GatewayCall,
    LedgerEntry,
    Offer,
    Order,
    Payment,
    Withdrawal,
)
from orders.payments import PaymentResult
from orders.payments.sandbox import SandboxGateway
from orders.reconcile import reconcile
from tests.factories import (
    ListingFactory,
    UserFactory,
    balance_payment,
    buy,
    completed,
    offer,
    shipped,
)

pytestmark = pytest.mark.django_db

Account = LedgerEntry.Account
Kind = LedgerEntry.Kind


def fast_member(**kwargs):
    return UserFactory(password=None, **kwargs)


def sale(seller=None, price_cents=2500, payment=None) -> Order:
    listing = ListingFactory(seller=seller or fast_member(), price_cents=price_cents)
    return buy(listing, buyer=fast_member(), payment=payment)


def run() -> str:
    out = io.StringIO()
    call_command("reconcile_ledger", stdout=out)
    return out.getvalue()


def run_failing(*args) -> tuple[str, CommandError]:
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("reconcile_ledger", *args, stdout=out)
    return out.getvalue(), caught.value


@pytest.fixture
def books():
    """Money in every state: completed, shipped, paid, cancelled, refunded,
    disputed, paid from balance, an open balance offer and a withdrawal."""
    seller = fast_member()
    staff = fast_member(is_staff=True)
    done = completed(sale(seller, 4000))
    other_done = completed(sale(seller, 6000))
    in_transit = shipped(sale(seller, 3000))
    to_ship = sale(seller, 2000)
    cancelled = services.cancel_order(
        order=sale(seller, 1500), user=seller, reason="Broke it."
    )
    refunded = services.refund_order(order=sale(seller, 1200), staff=staff)
    disputed = sale(seller, 1100)
    disputed = services.report_problem(
        order=disputed, buyer=disputed.buyer, reason="damaged", description="Cracked."
    )
    from_balance = buy(
        ListingFactory(price_cents=1000), buyer=seller, payment=balance_payment()
    )
    held = offer(
        ListingFactory(price_cents=2000),
        buyer=seller,
        amount_cents=1500,
        payment=balance_payment(),
    )
    withdrawal = services.withdraw_balance(
        member=seller,
        amount_cents=1000,
        routing_number="011000015",
        account_number="000123456789",
        idempotency_key=uuid.uuid4().hex,
    )
    return {
        "seller": seller,
        "done": [done, other_done],
        "open": [in_transit, to_ship, disputed, from_balance],
        "closed": [cancelled, refunded],
        "held": held,
        "withdrawal": withdrawal,
    }


# --- Clean books ----------------------------------------------------------------


def test_clean_books_reconcile_with_the_figures(books):
    text = run()

    report = reconcile()
    assert report.ok, report.differences
    card_orders = [o for o in books["done"] + books["open"] if o.paid_with_card]
    captured = sum(o.total_cents for o in card_orders + books["closed"])
    refunded = sum(o.total_cents for o in books["closed"])
    assert report.gateway_captured_cents == captured
    assert report.gateway_refunded_cents == refunded
    assert report.cards_cents == captured - refunded
    assert report.escrow_cents == sum(o.total_cents for o in books["open"])
    assert report.held_cents == books["held"].authorized_cents
    assert report.revenue_cents == sum(o.platform_fee_cents for o in books["done"])
    assert report.payouts_cents == report.withdrawals_cents == 1000
    assert report.available_cents == ledger.available_cents(books["seller"])
    assert report.inside_cents == report.cards_cents
    assert report.orders_checked == Order.objects.count() == 8

    for label in (
        "Captured at the gateway",
        "Refunded at the gateway",
        "In escrow",
        "Held for offers",
        "Available balances",
        "Paid out",
        "Platform revenue",
    ):
        assert label in text
    assert "Reconciled: no differences." in text
    assert "DIFFERENCE" not in text


def test_empty_books_reconcile(db):
    assert "Reconciled: no differences." in run()


def test_verbose_lists_every_order(books):
    out = io.StringIO()
    call_command("reconcile_ledger", "--verbose", stdout=out)

    text = out.getvalue()
    for order in Order.objects.all():
        assert f"order {order.pk}: {order.status}" in text


# --- Tampering --------------------------------------------------------------------


def test_an_unbalanced_entry_is_a_difference(books):
    LedgerEntry.objects.create(
        movement=uuid.uuid4(),
        kind=Kind.FEE,
        account=Account.REVENUE,
        amount_cents=1,
    )

    text, error = run_failing()

    assert error.returncode == 1 and "difference" in str(error)
    assert "legs sum to $0.01, not $0.00" in text
    assert "DIFFERENCE ledger: entries sum to $0.01" in text


def test_a_capture_with_no_ledger_entry_is_a_difference(books):
    GatewayCall.objects.create(
        kind=GatewayCall.Kind.CAPTURE,
        idempotency_key="forged",
        reference="sbx_forged",
        amount_cents=5000,
        status=GatewayCall.Status.CAPTURED,
    )

    text, _error = run_failing()

    assert "DIFFERENCE gateway: captured − refunded is" in text
    assert "payment sbx_forged: captured $50.00" in text


def test_a_second_capture_of_an_order_payment_is_a_difference(books):
    order = books["open"][0]
    GatewayCall.objects.create(
        kind=GatewayCall.Kind.CAPTURE,
        idempotency_key="twice",
        reference=order.payment_reference,
        amount_cents=order.total_cents,
        status=GatewayCall.Status.CAPTURED,
    )

    text, _error = run_failing()

    assert f"DIFFERENCE order {order.pk}: the gateway holds" in text


def test_escrow_left_on_a_completed_order_is_a_difference(books):
    order = books["done"][0]
    LedgerEntry.objects.filter(order=order, kind=Kind.FEE).delete()

    text, _error = run_failing()

    fee = f"${order.platform_fee_cents / 100:.2f}"
    assert f"order {order.pk}: escrow holds {fee} while completed" in text
    assert f"order {order.pk}: fees $0.00, expected {fee}" in text
    # Every movement still balances: only the order check can see this.
    assert "legs sum" not in text


def test_earnings_released_twice_are_a_difference(books):
    order = books["done"][0]
    ledger.post_completion(order)

    text, _error = run_failing()

    assert f"order {order.pk}: released" in text
    assert f"order {order.pk}: escrow holds -" in text


def test_a_negative_balance_is_a_difference(books):
    member = fast_member()
    ledger.post_movement(
        kind=Kind.PAYOUT,
        legs=[
            ledger.Leg(Account.AVAILABLE, -500, member),
            ledger.Leg(Account.PAYOUTS, 500, member),
        ],
    )

    text, _error = run_failing()

    assert f"member {member.pk}: available balance is -$5.00" in text
    assert "payouts: $15.00 paid out but withdrawals total $10.00" in text


def test_a_withdrawal_that_does_not_match_its_payout_is_a_difference(books):
    withdrawal = books["withdrawal"]
    Withdrawal.objects.filter(pk=withdrawal.pk).update(amount_cents=900)

    text, _error = run_failing()

    assert f"withdrawal {withdrawal.pk}: paid out $10.00, expected $9.00" in text


def test_a_hold_that_does_not_match_its_offer_is_a_difference(books):
    held = books["held"]
    Offer.objects.filter(pk=held.pk).update(authorized_cents=held.authorized_cents + 1)

    text, _error = run_failing()

    assert f"offer {held.pk}: holds" in text


def test_a_hold_kept_after_the_offer_closed_is_a_difference(books):
    held = books["held"]
    Offer.objects.filter(pk=held.pk).update(status=Offer.Status.DECLINED)

    text, _error = run_failing()

    amount = f"${held.authorized_cents / 100:.2f}"
    assert f"offer {held.pk}: holds {amount}, expected $0.00" in text


# --- Money in flight at the gateway ----------------------------------------------


class GatewayDown(SandboxGateway):
    """The gateway unreachable for captures and refunds (a crash mid-request)."""

    def capture(self, **kwargs) -> PaymentResult:
        raise ConnectionError("gateway unreachable")

    def refund(self, **kwargs) -> PaymentResult:
        raise ConnectionError("gateway unreachable")


def test_a_refund_still_pending_at_the_gateway_is_a_difference(books, settings):
    order = books["open"][1]
    settings.PAYMENT_GATEWAY = f"{__name__}.GatewayDown"
    # The cancellation stands; the refund waits for process_deadlines.
    services.cancel_order(order=order, user=order.seller, reason="Lost it.")
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED and not order.refunded

    text, _error = run_failing()

    total = f"${order.total_cents / 100:.2f}"
    assert f"order {order.pk}: refund of {total} still pending at the gateway" in text

    settings.PAYMENT_GATEWAY = "orders.payments.sandbox.SandboxGateway"
    services.process_deadlines()
    assert "Reconciled: no differences." in run()


def test_a_capture_still_pending_at_the_gateway_is_a_difference(books, settings):
    settings.PAYMENT_GATEWAY = f"{__name__}.GatewayDown"
    # The sale stands; the capture waits for process_deadlines.
    order = sale(price_cents=3300)
    assert order == Order.objects.latest("pk")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and not order.payment_captured

    text, _error = run_failing()

    assert f"order {order.pk}: capture of $" in text
    assert "still pending at the gateway" in text

    settings.PAYMENT_GATEWAY = "orders.payments.sandbox.SandboxGateway"
    services.process_deadlines()
    assert "Reconciled: no differences." in run()


# --- The gateway's own report -----------------------------------------------------


class GatewayMissingARefund(SandboxGateway):
    """A processor whose report lacks every refund (one it never made)."""

    def list_transactions(self, *, since=None) -> list:
        return [
            line
            for line in super().list_transactions(since=since)
            if line.kind != GatewayCall.Kind.REFUND
        ]


def test_reconcile_compares_with_the_gateway_report(books, settings):
    refunded = books["closed"][1]
    settings.PAYMENT_GATEWAY = f"{__name__}.GatewayMissingARefund"

    text, _error = run_failing()

    assert "DIFFERENCE gateway: captured − refunded is" in text
    assert f"DIFFERENCE order {refunded.pk}: the gateway holds" in text


def test_the_sandbox_reports_what_it_did_and_no_refusal(books):
    order = books["open"][0]
    gateway = SandboxGateway()
    lines = gateway.list_transactions()

    mine = [line for line in lines if line.reference == order.payment_reference]
    assert [(line.kind, line.amount_cents, line.status) for line in mine] == [
        ("authorize", order.total_cents, "authorized"),
        ("capture", order.total_cents, "captured"),
    ]
    assert all(line.status != GatewayCall.Status.DECLINED for line in lines)
    assert [line.created_at for line in lines] == sorted(
        line.created_at for line in lines
    )
    latest = lines[-1].created_at
    assert gateway.list_transactions(since=latest) == [
        line for line in lines if line.created_at >= latest
    ]


def test_a_payment_row_that_disagrees_with_the_gateway_is_a_difference(books):
    to_ship = books["open"][1]
    Payment.objects.filter(order=to_ship).update(captured_cents=0)

    text, _error = run_failing()

    assert (
        f"order {to_ship.pk}: the gateway holds {money(to_ship.total_cents)} of its "
        "card payment but its payment records $0.00"
    ) in text
