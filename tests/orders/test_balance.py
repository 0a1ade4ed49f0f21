"""/balance/: figures at each stage of a sale, weekly chart, history, withdrawals."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from marketplace.templatetags.money import money
from orders import ledger
from orders.forms.balance import WithdrawForm
from orders.models import LedgerEntry, Order, Withdrawal
from orders.selectors import WeekEarnings
from orders.services import cancel_order, report_problem
from orders.views.balance import PLOT_HEIGHT, axis_step_cents, earnings_chart
from tests.concurrency import run_in_threads
from tests.factories import (
    PASSWORD,
    ListingFactory,
    UserFactory,
    balance_payment,
    buy,
    completed,
    offer,
    shipped,
)

pytestmark = pytest.mark.django_db

ROUTING = "011000015"  # a real ABA number: its 3-7-1 checksum holds
ACCOUNT = "000123456789"
BALANCE_URL = reverse("orders:balance")
WITHDRAW_URL = reverse("orders:withdraw")


def member_without_password():
    """A verified member made fast: no password hashing (tests log in directly)."""
    return UserFactory(password=None)


def sale(seller, price_cents=2500) -> Order:
    """A paid (captured) order for a new listing of `seller`."""
    listing = ListingFactory(seller=seller, price_cents=price_cents)
    return buy(listing, buyer=member_without_password())


def earn(seller, price_cents=2500) -> Order:
    """A completed sale: its earnings are in the seller's available balance."""
    return completed(sale(seller, price_cents))


def figure(page: str, name: str) -> str:
    match = re.search(rf'id="balance-{name}">([^<]*)<', page)
    return match[1] if match else ""


def form_key(page: str) -> str:
    return re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page)[1]


def withdraw(client, key, amount, routing=ROUTING, account=ACCOUNT):
    return client.post(
        WITHDRAW_URL,
        {
            "amount": amount,
            "routing_number": routing,
            "account_number": account,
            "idempotency_key": key,
            "password": PASSWORD,
        },
    )


# --- The figures ------------------------------------------------------------------


def test_available_and_pending_follow_each_stage_of_a_sale(member_client, member):
    done = earn(member, 4000)
    in_transit = shipped(sale(member, 3000))
    to_ship = sale(member, 2000)
    disputed = sale(member, 1000)
    disputed = report_problem(
        order=disputed,
        buyer=disputed.buyer,
        reason="damaged",
        description="Cracked.",
    )
    cancelled = sale(member, 9900)
    cancel_order(order=cancelled, user=member, reason="Broke it while packing.")

    page = member_client.get(BALANCE_URL).content.decode()

    assert figure(page, "available") == money(done.seller_earnings_cents)
    pending = (
        in_transit.seller_earnings_cents
        + to_ship.seller_earnings_cents
        + disputed.seller_earnings_cents
    )
    assert figure(page, "pending") == money(pending)
    assert 'id="balance-held"' not in page


def test_confirming_receipt_moves_money_from_pending_to_available(
    member_client, member
):
    order = shipped(sale(member))
    page = member_client.get(BALANCE_URL).content.decode()
    assert figure(page, "available") == "$0.00"
    assert figure(page, "pending") == money(order.seller_earnings_cents)

    completed(order)

    page = member_client.get(BALANCE_URL).content.decode()
    assert figure(page, "available") == money(order.seller_earnings_cents)
    assert figure(page, "pending") == "$0.00"


def test_balance_held_for_an_open_offer_is_shown(member_client, member):
    earned = earn(member, 5000).seller_earnings_cents
    listing = ListingFactory(seller=member_without_password(), price_cents=2000)
    made = offer(listing, buyer=member, amount_cents=1500, payment=balance_payment())

    page = member_client.get(BALANCE_URL).content.decode()

    assert figure(page, "held") == money(made.authorized_cents)
    assert figure(page, "available") == money(earned - made.authorized_cents)


def test_new_member_sees_empty_states_and_no_withdraw_form(member_client):
    page = member_client.get(BALANCE_URL).content.decode()

    assert figure(page, "available") == "$0.00"
    assert "No earnings in the last 12 weeks yet" in page
    assert "Nothing here yet" in page
    assert "You can withdraw once you have at least $1.00 available" in page
    assert "Routing number" not in page and "<svg" not in page


# --- The chart ----------------------------------------------------------------------


def test_chart_has_12_bars_and_the_earnings_land_in_their_week(member_client, member):
    order = earn(member, 2500)
    today = timezone.localdate()
    three_weeks_ago = today - timedelta(weeks=3)
    moved = timezone.make_aware(datetime.combine(three_weeks_ago, time(12)))
    LedgerEntry.objects.filter(order=order, kind=LedgerEntry.Kind.RELEASE).update(
        created_at=moved
    )

    page = member_client.get(BALANCE_URL).content.decode()

    assert page.count('<rect class="bar"') == 12
    monday = three_weeks_ago - timedelta(days=three_weeks_ago.weekday())
    this_monday = today - timedelta(days=today.weekday())
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', page))
    assert len(rows) == 12
    assert rows[format_date(monday, "M j, Y")] == money(order.seller_earnings_cents)
    assert rows[format_date(this_monday, "M j, Y")] == "$0.00"
    assert sum(1 for amount in rows.values() if amount != "$0.00") == 1
    # Oldest first: the week three weeks back is the 9th bar, the only one drawn.
    heights = [
        int(h) for h in re.findall(r'<rect class="bar"[^>]* height="(\d+)"', page)
    ]
    assert heights[8] > 0 and heights.count(0) == 11


def test_chart_is_an_accessible_image_with_a_text_alternative(member_client, member):
    earn(member, 2500)

    page = member_client.get(BALANCE_URL).content.decode()

    assert 'role="img"' in page
    assert 'aria-labelledby="earnings-chart-title earnings-chart-desc"' in page
    assert '<title id="earnings-chart-title">' in page
    assert '<desc id="earnings-chart-desc">' in page
    assert '<table class="chart-table">' in page and "Week of" in page


def test_axis_steps_are_round_dollar_amounts():
    assert axis_step_cents(0) == 100
    assert axis_step_cents(250) == 100
    assert axis_step_cents(2250) == 1000
    assert axis_step_cents(4000) == 1000
    assert axis_step_cents(4001) == 2000
    assert axis_step_cents(123_456) == 50_000


def test_chart_geometry_scales_bars_to_the_axis():
    today = timezone.localdate()
    weeks = [WeekEarnings(today - timedelta(weeks=12 - i), 0) for i in range(12)]
    weeks[3] = WeekEarnings(weeks[3].week_start, 3000)
    weeks[7] = WeekEarnings(weeks[7].week_start, 1500)
    weeks[9] = WeekEarnings(weeks[9].week_start, 1)

    chart = earnings_chart(weeks)

    assert [tick.cents for tick in chart.ticks] == [0, 1000, 2000, 3000]
    assert chart.ticks[-1].y == chart.baseline - PLOT_HEIGHT
    heights = [bar.height for bar in chart.bars]
    assert heights[3] == PLOT_HEIGHT and heights[7] == PLOT_HEIGHT // 2
    assert heights[9] == 1  # a cent still shows
    assert all(bar.y + bar.height == chart.baseline for bar in chart.bars)
    assert chart.total_cents == 4501 and chart.bars[-1].labelled


def test_chart_axis_text_is_at_least_12px_on_a_360px_phone(settings):
    """The SVG scales to its box, so its text is sized in SVG units (site.css)."""
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    phone_units = int(
        re.search(r"\.earnings-chart \.chart-axis \{[^}]*font-size: (\d+)px", css)[1]
    )
    today = timezone.localdate()
    weeks = [WeekEarnings(today - timedelta(weeks=12 - i), 9999) for i in range(12)]
    chart = earnings_chart(weeks)
    # 360 px less the page's and the card's padding and borders.
    box_px = 360 - 2 * 12 - 2 * 16 - 2
    assert phone_units * box_px / chart.width >= 12
    # Named dates sit at least a date's width apart ("Nov 30" ≈ 3.3 em).
    labelled = [bar.center for bar in chart.bars if bar.labelled]
    gaps = {b - a for a, b in zip(labelled, labelled[1:], strict=False)}
    assert min(gaps) >= 3.3 * phone_units


# --- History ------------------------------------------------------------------------


def test_history_is_newest_first_with_signed_amounts_and_order_links(
    member_client, member
):
    order = earn(member, 2500)
    earned = order.seller_earnings_cents
    key = form_key(member_client.get(BALANCE_URL).content.decode())
    withdraw(member_client, key, "10.00")

    page = member_client.get(BALANCE_URL).content.decode()
    history = page[page.index('id="history-heading"') :]

    assert history.index("Withdrawal to bank") < history.index("earnings released")
    assert "account ending 6789" in history and "-$10.00" in history
    assert f"+{money(earned)}" in history
    assert f'href="{order.get_absolute_url()}"' in history


def test_history_is_paginated(member_client, member):
    for _ in range(13):
        earn(member, 1000)
    single = member_client.get(BALANCE_URL).content.decode()
    for index in range(13):
        withdraw(member_client, f"{index:032x}", "1.00")

    first = member_client.get(BALANCE_URL).content.decode()
    second = member_client.get(BALANCE_URL, {"page": 2}).content.decode()

    assert single.count('<td class="amount') == 13 and "Page 1 of" not in single
    assert first.count('<td class="amount') == 25 and "Page 1 of 2" in first
    assert second.count('<td class="amount') == 1 and "Page 2 of 2" in second
    # Newest first: the oldest release is alone on the last page.
    assert "earnings released" in second and "Withdrawal to bank" not in second


def test_balance_page_query_count_does_not_grow_with_history(
    member_client, member, django_assert_max_num_queries
):
    # Session, user, three balance sums, the chart, the history's count and page.
    earn(member, 1000)
    with django_assert_max_num_queries(10):
        assert member_client.get(BALANCE_URL).status_code == 200
    for _ in range(8):
        earn(member, 1000)
    for index in range(5):
        withdraw(member_client, f"{index:032x}", "1.00")

    with django_assert_max_num_queries(10):
        page = member_client.get(BALANCE_URL).content.decode()

    assert page.count('<td class="amount') == 14


# --- Withdrawing --------------------------------------------------------------------


def test_withdraw_everything(member_client, member, on_commit):
    order = earn(member, 2500)
    earned = order.seller_earnings_cents
    page = member_client.get(BALANCE_URL).content.decode()
    assert 'name="amount" value="{}"'.format(f"{earned / 100:.2f}") in page

    with on_commit():
        response = withdraw(member_client, form_key(page), f"{earned / 100:.2f}")

    assert response.status_code == 302 and response.url == BALANCE_URL
    withdrawal = Withdrawal.objects.get()
    assert withdrawal.member == member and withdrawal.amount_cents == earned
    assert withdrawal.account_last4 == "6789"
    assert ACCOUNT not in str(list(Withdrawal.objects.values()))
    legs = LedgerEntry.objects.filter(
        kind=LedgerEntry.Kind.PAYOUT, withdrawal=withdrawal
    )
    assert sorted(legs.values_list("account", "amount_cents")) == [
        ("available", -earned),
        ("payouts", earned),
    ]
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "6789" in mail.outbox[0].body and ACCOUNT not in mail.outbox[0].body

    page = member_client.get(BALANCE_URL).content.decode()
    assert f"{money(earned)} is on its way to your account ending 6789." in page
    assert figure(page, "available") == "$0.00"
    assert ACCOUNT not in page


def test_part_of_the_balance_can_be_withdrawn_in_dollars_and_cents(
    member_client, member
):
    earned = earn(member, 2500).seller_earnings_cents
    key = form_key(member_client.get(BALANCE_URL).content.decode())

    response = withdraw(member_client, key, "$10.29", routing="011-000-015")

    assert response.status_code == 302
    assert Withdrawal.objects.get().amount_cents == 1029
    page = member_client.get(BALANCE_URL).content.decode()
    assert figure(page, "available") == money(earned - 1029)


@pytest.mark.parametrize(
    ("amount", "routing", "account", "message"),
    [
        ("500.00", ROUTING, ACCOUNT, "You can withdraw at most"),
        ("0.99", ROUTING, ACCOUNT, "Withdraw at least $1.00."),
        ("-5", ROUTING, ACCOUNT, "Withdraw at least $1.00."),
        ("ten", ROUTING, ACCOUNT, "Enter the amount in dollars and cents"),
        ("1.005", ROUTING, ACCOUNT, "Enter the amount in dollars and cents"),
        ("NaN", ROUTING, ACCOUNT, "Enter the amount in dollars and cents"),
        ("5.00", "011000016", ACCOUNT, "Enter a valid 9-digit routing number."),
        ("5.00", "01100001", ACCOUNT, "Enter a valid 9-digit routing number."),
        ("5.00", "٠١١٠٠٠٠١٥", ACCOUNT, "Enter a valid 9-digit routing number."),
        ("5.00", ROUTING, "123", "Enter an account number of 4 to 17 digits."),
        ("5.00", ROUTING, "12345678901234567890", "4 to 17 digits"),
        ("5.00", ROUTING, "<script>1</script>", "4 to 17 digits"),
    ],
)
def test_refused_withdrawal_is_a_400_with_the_reason_and_writes_nothing(
    member_client, member, on_commit, amount, routing, account, message
):
    earn(member, 2500)
    key = form_key(member_client.get(BALANCE_URL).content.decode())
    entries = LedgerEntry.objects.count()

    with on_commit():
        response = withdraw(member_client, key, amount, routing, account)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert not Withdrawal.objects.exists()
    assert LedgerEntry.objects.count() == entries
    assert mail.outbox == []
    assert f'value="{account}"' not in page and "<script>1" not in page


def test_resubmitting_the_same_form_withdraws_once(member_client, member, on_commit):
    earned = earn(member, 2500).seller_earnings_cents
    key = form_key(member_client.get(BALANCE_URL).content.decode())

    with on_commit():
        first = withdraw(member_client, key, "5.00")
        second = withdraw(member_client, key, "5.00")

    assert first.status_code == second.status_code == 302
    assert Withdrawal.objects.count() == 1
    assert len(mail.outbox) == 1
    page = member_client.get(BALANCE_URL).content.decode()
    assert figure(page, "available") == money(earned - 500)


def test_a_new_page_load_gives_a_new_key(member_client, member):
    earn(member, 2500)
    first = form_key(member_client.get(BALANCE_URL).content.decode())
    second = form_key(member_client.get(BALANCE_URL).content.decode())

    withdraw(member_client, first, "2.00")
    withdraw(member_client, second, "2.00")

    assert first != second and Withdrawal.objects.count() == 2


@pytest.mark.parametrize("key", ["", "not-a-key", "A" * 32])
def test_a_form_without_its_key_is_refused_and_comes_back_with_a_fresh_one(
    member_client, member, key
):
    earn(member, 2500)

    response = withdraw(member_client, key, "5.00")

    page = response.content.decode()
    assert response.status_code == 400
    assert "This form is out of date" in page
    assert not Withdrawal.objects.exists()
    fresh = form_key(page)
    assert withdraw(member_client, fresh, "5.00").status_code == 302


def test_withdraw_form_converts_dollars_to_cents_exactly(member):
    # 1.15 * 100 is 114.99999999999999 in floating point.
    cases = [("1.15", 115), ("19.99", 1999), ("$1,234.57", 123457), ("0.29", None)]
    for text, cents in cases:
        form = WithdrawForm(
            {
                "amount": text,
                "routing_number": ROUTING,
                "account_number": ACCOUNT,
                "idempotency_key": "a" * 32,
                "password": PASSWORD,
            },
            user=member,
        )
        if cents is None:
            assert not form.is_valid() and "amount" in form.errors
        else:
            assert form.is_valid(), form.errors
            assert form.cleaned_data["amount"] == cents


# --- Access -------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    login = reverse("accounts:login")
    for response in (
        client.get(BALANCE_URL),
        client.post(WITHDRAW_URL, {"amount": "5.00"}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(login)
    assert not Withdrawal.objects.exists()


def test_wrong_methods_are_refused(member_client):
    assert member_client.post(BALANCE_URL).status_code == 405
    assert member_client.get(WITHDRAW_URL).status_code == 405


def test_another_member_never_sees_or_spends_your_balance(client, member):
    earned = earn(member, 12345).seller_earnings_cents
    other = UserFactory()
    client.force_login(other)

    page = client.get(BALANCE_URL).content.decode()
    assert figure(page, "available") == "$0.00"
    assert money(earned) not in page

    response = withdraw(client, "b" * 32, "5.00")
    assert response.status_code == 400
    assert "You can withdraw at most $0.00." in response.content.decode()
    assert not Withdrawal.objects.exists()


# --- Races (MariaDB: SQLite has no row locks) -----------------------------------


def post_together(member, forms: list[dict]) -> list[int]:
    """POST each withdraw form from its own thread and connection, all at once."""
    clients = []
    for _ in forms:
        client = Client()
        client.force_login(member)
        clients.append(client)
    statuses, raised = run_in_threads(
        len(forms),
        lambda index: clients[index].post(WITHDRAW_URL, forms[index]).status_code,
    )
    assert raised == []
    return statuses


def form(key: str, amount: str) -> dict:
    return {
        "amount": amount,
        "routing_number": ROUTING,
        "account_number": ACCOUNT,
        "idempotency_key": key,
        "password": PASSWORD,
    }


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_withdrawals_cannot_spend_the_same_money(catalogue):
    member = UserFactory()  # with a password: the form asks for it
    earned = earn(member, 2500).seller_earnings_cents
    everything = f"{earned / 100:.2f}"

    statuses = post_together(member, [form(f"{i:032x}", everything) for i in range(5)])

    assert sorted(statuses) == [302] + [400] * 4
    assert Withdrawal.objects.get().amount_cents == earned
    assert ledger.available_cents(member) == 0


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_one_form_submitted_many_times_at_once_withdraws_once(catalogue):
    member = UserFactory()  # with a password: the form asks for it
    earn(member, 2500)

    statuses = post_together(member, [form("c" * 32, "5.00") for _ in range(5)])

    assert statuses == [302] * 5
    assert Withdrawal.objects.count() == 1
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT).count() == 2
