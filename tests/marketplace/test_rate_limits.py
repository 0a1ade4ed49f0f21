"""Throttles (marketplace/ratelimit.py): login, sign-up, password reset, resends,
offers, uploads and withdrawals answer a 429 page once their limit is reached."""

import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from accounts.backends import UsernameOrEmailBackend
from marketplace.ratelimit import client_ip
from tests.conftest import make_upload
from tests.factories import PASSWORD, ListingFactory, UserFactory, buy

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clock(monkeypatch):
    """`clock.advance(seconds)` moves time.time() on: windows and cache entries end."""

    class Clock:
        offset = 0.0

        def advance(self, seconds):
            self.offset += seconds

    real_time = time.time
    clock = Clock()
    monkeypatch.setattr(time, "time", lambda: real_time() + clock.offset)
    return clock


@pytest.fixture
def rates(settings):
    """`rates(name="2/h", ...)`: set some limits for one test, keep the others."""

    def set_rates(**changes):
        settings.RATE_LIMITS = {
            **settings.RATE_LIMITS,
            **{name.replace("_", "-"): rate for name, rate in changes.items()},
        }

    return set_rates


def log_in(client, login, password, ip="127.0.0.1"):
    return client.post(
        LOGIN_URL, {"username": login, "password": password}, REMOTE_ADDR=ip
    )


def assert_throttled(response, minutes_at_most):
    """A 429 that says what was limited and when to retry, in step with Retry-After."""
    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert 0 < seconds <= minutes_at_most * 60
    page = response.content.decode()
    minutes = math.ceil(seconds / 60)
    unit = "minute" if minutes == 1 else "minutes"
    assert f"Try again in {minutes} {unit}" in page
    assert "Too many" in page
    return page


# --- Login ------------------------------------------------------------------------


def test_200_wrong_passwords_are_stopped_and_the_right_one_waits_for_the_window(
    client, clock, monkeypatch
):
    member = UserFactory()

    statuses = [
        log_in(client, member.username, f"guess-{n}").status_code for n in range(200)
    ]

    assert statuses[:10] == [200] * 10  # the form again, "do not match"
    assert set(statuses[10:]) == {429}
    # Once limited, no password is checked at all: no hashing cost.
    checked = []
    with monkeypatch.context() as patch:
        patch.setattr(
            UsernameOrEmailBackend,
            "authenticate",
            lambda *args, **kwargs: checked.append(1),
        )
        refused = log_in(client, member.username, PASSWORD)
    page = assert_throttled(refused, minutes_at_most=15)
    assert "Too many login attempts" in page
    assert checked == [] and "_auth_user_id" not in client.session

    clock.advance(int(refused["Retry-After"]) + 1)

    response = log_in(client, member.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_one_account_guessed_from_many_addresses_is_stopped(client):
    member = UserFactory(username="Tom")
    # The username in any case and the email address name the same account.
    logins = ["Tom", "tom", " TOM ", member.email, member.email.upper()]

    statuses = [
        log_in(client, logins[n % 5], "wrong", ip=f"10.0.{n}.1").status_code
        for n in range(12)
    ]

    assert statuses == [200] * 10 + [429] * 2
    assert log_in(client, "tom", PASSWORD, ip="10.9.9.9").status_code == 429


def test_one_address_trying_many_accounts_is_stopped(client, rates):
    rates(login_ip="5/15m")
    members = UserFactory.create_batch(7)

    statuses = [
        log_in(client, m.username, "wrong", ip="192.0.2.7").status_code
        for m in members[:6]
    ]

    assert statuses == [200] * 5 + [429]
    assert_throttled(log_in(client, members[6].username, PASSWORD, ip="192.0.2.7"), 15)
    # Another address is not affected.
    assert (
        log_in(client, members[6].username, PASSWORD, ip="192.0.2.8").status_code == 302
    )


def test_showing_the_login_page_is_not_counted(client, rates):
    rates(login_ip="2/15m", login_account="2/15m")
    for _ in range(5):
        assert client.get(LOGIN_URL).status_code == 200
    member = UserFactory()
    assert log_in(client, member.username, PASSWORD).status_code == 302


# --- The client address -----------------------------------------------------------


def request_from(remote_addr, forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_client_address_is_remote_addr_unless_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_HOPS = 0
    # A client cannot pick its own address by sending the header.
    assert client_ip(request_from("198.51.100.4", "203.0.113.9")) == "198.51.100.4"

    settings.TRUSTED_PROXY_HOPS = 1
    # The proxy appends the address it saw: the right-most hop; the rest is the
    # client's own say.
    request = request_from("10.0.0.2", "203.0.113.9, 198.51.100.4")
    assert client_ip(request) == "198.51.100.4"

    settings.TRUSTED_PROXY_HOPS = 2
    request = request_from("10.0.0.2", "203.0.113.9, 198.51.100.4, 10.0.0.1")
    assert client_ip(request) == "198.51.100.4"
    # Fewer hops than proxies: not from the outside; the socket's address.
    assert client_ip(request_from("10.0.0.2", "10.0.0.1")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2", "not-an-ip, junk")) == "10.0.0.2"


def test_ipv6_clients_are_counted_per_64_network(settings):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_ip(request_from("2001:db8:1:2:aaaa::1")) == client_ip(
        request_from("2001:db8:1:2:bbbb::9")
    )
    assert client_ip(request_from("2001:db8:1:2::1")) != client_ip(
        request_from("2001:db8:1:3::1")
    )


def test_an_unusable_client_address_is_a_throttled_bucket_not_a_500(client, rates):
    rates(login_ip="2/15m")
    statuses = [
        log_in(client, f"nobody{n}", "wrong", ip="").status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]


# --- Sign-up, password reset, verification resends ----------------------------------


def test_signups_from_one_address_are_limited(client, rates):
    rates(signup_ip="2/h")
    url = reverse("accounts:signup")
    statuses = [client.post(url, {"username": f"n{n}"}).status_code for n in range(3)]
    assert statuses[:2] == [200, 200]
    assert "Too many sign-ups" in assert_throttled_from(client, url, 60)
    assert client.get(url).status_code == 200


def assert_throttled_from(client, url, minutes, **extra):
    return assert_throttled(client.post(url, **extra), minutes)


def test_password_reset_emails_are_limited_per_address_typed(client, rates):
    rates(password_reset_email="2/h")
    member = UserFactory()
    url = reverse("accounts:password-reset")

    statuses = [
        client.post(url, {"email": member.email}, REMOTE_ADDR=f"10.1.{n}.1").status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2
    page = assert_throttled(
        client.post(
            url, {"email": f" {member.email.upper()} "}, REMOTE_ADDR="10.2.0.1"
        ),
        60,
    )
    assert "password reset" in page
    assert len(mail.outbox) == 2


def test_password_reset_requests_are_limited_per_client_address(client, rates):
    rates(password_reset_ip="3/h")
    url = reverse("accounts:password-reset")
    statuses = [
        client.post(url, {"email": f"someone{n}@example.com"}).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]


def test_verification_resends_are_limited_per_member(client, rates):
    rates(verification_resend="2/h")
    member = UserFactory(unverified=True)
    client.force_login(member)
    url = reverse("accounts:resend-verification")

    statuses = [client.post(url).status_code for _ in range(2)]

    assert statuses == [302, 302]
    assert "verification" in assert_throttled_from(client, url, 60)
    # Another member has their own count.
    client.force_login(UserFactory(unverified=True))
    assert client.post(url).status_code == 302


# --- Offers, uploads, withdrawals -----------------------------------------------------


def test_offers_and_counter_accepts_share_one_limit_per_member(client, rates):
    rates(offer_member="3/h")
    member = UserFactory()
    client.force_login(member)
    listing = ListingFactory()
    offer_url = reverse("orders:offer-new", args=[listing.pk])
    counter_url = reverse("orders:counter-accept", args=[999999])

    statuses = [
        client.post(offer_url, {"amount": "x"}).status_code,
        client.post(offer_url, {"amount": "x"}).status_code,
        client.post(counter_url).status_code,
    ]

    assert 429 not in statuses
    assert "offers" in assert_throttled_from(client, offer_url, 60)
    assert_throttled_from(client, counter_url, 60)
    # Looking is not offering.
    assert client.get(offer_url).status_code != 429


def photo_post(client, url, field="photos", **data):
    return client.post(url, {**data, field: make_upload(size=(40, 30))})


def test_photo_uploads_share_one_limit_per_member(client, rates):
    rates(upload_member="3/h")
    member = UserFactory()
    client.force_login(member)
    listing = ListingFactory(seller=member)
    new_url = reverse("listings:new")
    edit_url = reverse("listings:edit", args=[listing.pk])
    settings_url = reverse("accounts:settings")

    statuses = [
        photo_post(client, new_url).status_code,
        photo_post(client, edit_url).status_code,
        photo_post(client, settings_url, field="avatar_upload").status_code,
    ]

    assert 429 not in statuses
    page = assert_throttled(photo_post(client, new_url), 60)
    assert "photo uploads" in page
    assert_throttled(photo_post(client, edit_url), 60)
    assert_throttled(photo_post(client, settings_url, field="avatar_upload"), 60)
    # A form without a file is no upload: saving text still works.
    assert client.post(new_url, {"title": "Lamp"}).status_code != 429
    assert client.post(settings_url, {"display_name": "Tom"}).status_code != 429


def test_dispute_photos_count_as_uploads(client, rates):
    rates(upload_member="1/h")
    order = buy(ListingFactory())
    client.force_login(order.buyer)
    url = reverse("orders:report", args=[order.pk])

    assert photo_post(client, url).status_code != 429
    assert_throttled(photo_post(client, url), 60)


def test_withdrawal_attempts_are_limited_per_member(client, rates):
    rates(withdraw_member="2/h")
    member = UserFactory()
    client.force_login(member)
    url = reverse("orders:withdraw")

    statuses = [client.post(url, {"amount": "5.00"}).status_code for _ in range(2)]

    assert statuses == [400, 400]
    assert "withdrawal" in assert_throttled_from(client, url, 60)


def test_cards_sent_to_the_card_form_are_limited_per_member(client, rates):
    rates(card_member="2/h")
    member = UserFactory()
    client.force_login(member)
    url = reverse("orders:card-token")

    statuses = [client.post(url, {"next": "/"}).status_code for _ in range(2)]

    assert statuses == [400, 400]
    assert "cards checked" in assert_throttled_from(client, url, 60)


def test_a_malformed_rate_in_the_environment_refuses_to_start():
    env = {**os.environ, "RATE_LIMIT_LOGIN_IP": "lots"}
    result = subprocess.run(
        [sys.executable, "-c", "import marketplace.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "RATE_LIMIT_LOGIN_IP='lots' is not a rate like 10/15m" in result.stderr

    env["RATE_LIMIT_LOGIN_IP"] = "7/30m"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from marketplace import settings as s; print(s.RATE_LIMITS['login-ip'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "7/30m", result.stderr
