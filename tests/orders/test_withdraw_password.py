"""A withdrawal asks for the password again, and the member is emailed each time."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from orders.models import Withdrawal
from tests.factories import PASSWORD, ListingFactory, UserFactory, buy, completed

pytestmark = pytest.mark.django_db

BALANCE_URL = reverse("orders:balance")
WITHDRAW_URL = reverse("orders:withdraw")


@pytest.fixture
def seller_client(client, member):
    """A member with $22.50 available (a $25 sale, completed)."""
    completed(buy(ListingFactory(seller=member, price_cents=2500)))
    client.force_login(member)
    return client


def withdraw(client, **changes):
    page = client.get(BALANCE_URL).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page)[1]
    data = {
        "amount": "10.00",
        "routing_number": "011000015",
        "account_number": "000123456789",
        "idempotency_key": key,
        "password": PASSWORD,
        **changes,
    }
    return client.post(WITHDRAW_URL, {k: v for k, v in data.items() if v is not None})


def test_the_withdraw_form_asks_for_the_password(seller_client):
    page = seller_client.get(BALANCE_URL).content.decode()
    assert re.search(r'<label for="id_password">Password:?</label>', page)
    assert 'type="password" name="password"' in page
    assert 'autocomplete="current-password"' in page


@pytest.mark.parametrize(
    ("password", "error"),
    [
        (None, "This field is required."),
        ("", "This field is required."),
        ("wrong-password", "That is not your password."),
        (PASSWORD.upper(), "That is not your password."),
    ],
)
def test_a_withdrawal_without_the_right_password_is_refused(
    seller_client, on_commit, password, error
):
    with on_commit():
        response = withdraw(seller_client, password=password)

    assert response.status_code == 400
    page = response.content.decode()
    # The error is next to the Password field, not somewhere above the form.
    start = page.index('<div class="field field-error"><label for="id_password">')
    assert error in page[start : page.index('<input type="password"', start)]
    assert not Withdrawal.objects.exists()
    assert mail.outbox == []
    assert "wrong-password" not in page and PASSWORD not in page


def test_the_password_of_the_member_logged_in_is_the_one_asked(
    client, member, on_commit
):
    completed(buy(ListingFactory(seller=member, price_cents=2500)))
    other = UserFactory()
    other.set_password("the-other-members-password")
    other.save()
    client.force_login(member)

    response = withdraw(client, password="the-other-members-password")

    assert response.status_code == 400
    assert not Withdrawal.objects.exists()


def test_the_member_is_emailed_when_a_withdrawal_is_requested(
    seller_client, member, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://nomi.example.com"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = withdraw(seller_client, amount="12.34")
        # Not before the withdrawal is committed.
        assert mail.outbox == []

    assert response.status_code == 302
    assert len(callbacks) >= 1
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "Withdrawal of $12.34 requested"
    assert "A withdrawal of $12.34" in email.body
    assert "ending in 6789 was requested" in email.body
    assert "If this wasn't you, reset your password" in email.body
    assert "https://nomi.example.com/accounts/password-reset/" in email.body
    assert "000123456789" not in email.body and PASSWORD not in email.body


def test_each_withdrawal_sends_its_own_email(seller_client, on_commit):
    with on_commit():
        withdraw(seller_client, amount="2.00")
        withdraw(seller_client, amount="3.00")

    assert Withdrawal.objects.count() == 2
    assert [m.subject for m in mail.outbox] == [
        "Withdrawal of $2.00 requested",
        "Withdrawal of $3.00 requested",
    ]


def test_wrong_passwords_count_toward_the_withdrawal_limit(seller_client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "withdraw-member": "3/h"}
    for _ in range(3):
        assert withdraw(seller_client, password="guess").status_code == 400

    response = withdraw(seller_client)

    assert response.status_code == 429
    assert "Too many withdrawal attempts" in response.content.decode()
    assert not Withdrawal.objects.exists()
