"""notify(): one entry and at most one email per event and member; who gets
emails; the unsubscribe link and headers; send_outbox sends each once."""

import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from marketplace.emails import send_templated_email
from marketplace.models import OutboxEmail
from notifications.models import ALWAYS_EMAILED, EmailOptOut, Kind, Notification
from notifications.services import (
    notify,
    read_unsubscribe_token,
    set_email_preferences,
    turn_off_email,
    unsubscribe_token,
    wants_email,
)
from tests.concurrency import run_in_threads
from tests.factories import UserFactory
from tests.marketplace.test_outbox import FlakyBackend, SlowBackend


def _notify(member, kind=Kind.OFFER_RECEIVED, key="offer:1:pending", **extra):
    return notify(
        recipient=member,
        kind=kind,
        event_key=key,
        text="You received an offer: Lamp",
        url="/offers/1/",
        email_template=extra.pop("email_template", "tests/email/plain"),
        email_context=extra,
    )


@pytest.fixture(autouse=True)
def _plain_email_template(settings, tmp_path):
    """A tiny email template so these tests depend on no other app's."""
    folder = tmp_path / "templates" / "tests" / "email"
    folder.mkdir(parents=True)
    (folder / "plain_subject.txt").write_text("About {{ to.username }}")
    (folder / "plain_body.txt").write_text("Hello {{ to.username }}.")
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], folder.parent.parent],
        }
    ]


def test_notify_creates_one_entry_and_one_email(member, on_commit):
    with on_commit():
        first = _notify(member)
        again = _notify(member)

    assert first is not None and again is None
    assert Notification.objects.filter(recipient=member).count() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert first.read_at is None
    assert first.text == "You received an offer: Lamp"


def test_same_event_key_for_two_members_tells_both(member, on_commit):
    other = UserFactory()
    with on_commit():
        _notify(member)
        _notify(other)
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_repeat_inside_the_callers_transaction_keeps_its_work(member):
    with transaction.atomic():
        _notify(member)
        assert _notify(member) is None
        # The caller's transaction is still usable after the duplicate.
        assert Notification.objects.filter(recipient=member).count() == 1


def test_text_is_one_line_and_capped(member):
    notification = notify(
        recipient=member,
        kind=Kind.MESSAGE,
        event_key="m:1",
        text="line one\nline two " + "x" * 400,
        url="/x/",
    )
    assert "\n" not in notification.text
    assert len(notification.text) == 300


def test_no_template_means_no_email(member, on_commit):
    with on_commit():
        notify(recipient=member, kind=Kind.MESSAGE, event_key="m:2", text="t", url="/")
    assert OutboxEmail.objects.count() == 0
    assert Notification.objects.count() == 1


def test_opted_out_member_gets_the_entry_but_no_email(member, on_commit):
    EmailOptOut.objects.create(member=member, kind=Kind.OFFER_RECEIVED)
    with on_commit():
        _notify(member)
    assert Notification.objects.filter(recipient=member).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("kind", sorted(ALWAYS_EMAILED))
def test_money_emails_cannot_be_turned_off(member, kind):
    EmailOptOut.objects.create(member=member, kind=kind)  # even a stray row
    assert wants_email(member, kind)
    set_email_preferences(member=member, emailed_kinds=set())
    assert wants_email(member, kind)
    assert turn_off_email(member=member, kind=kind) is False


def test_deleted_member_gets_no_email_at_all(member):
    member.deleted_at = timezone.now()
    member.save()
    assert not wants_email(member, Kind.OFFER_RECEIVED)
    assert not wants_email(member, Kind.PAYOUT_SENT)


def test_suspended_member_gets_only_money_emails(member, on_commit):
    member.is_active = False
    member.save()
    assert not wants_email(member, Kind.ORDER_SHIPPED)
    assert wants_email(member, Kind.ORDER_CONFIRMED)
    with on_commit():
        _notify(member, kind=Kind.ORDER_SHIPPED, key="order:1:shipped")
        _notify(member, kind=Kind.PAYOUT_SENT, key="withdrawal:1")
    assert len(mail.outbox) == 1


def test_member_without_email_gets_none(member):
    member.email = ""
    assert not wants_email(member, Kind.PAYOUT_SENT)


def test_set_email_preferences_keeps_exactly_the_ticked_kinds(member):
    set_email_preferences(member=member, emailed_kinds={Kind.MESSAGE, "nonsense"})
    off = set(EmailOptOut.objects.filter(member=member).values_list("kind", flat=True))
    assert Kind.MESSAGE not in off
    assert Kind.PRICE_DROP in off
    assert not off & ALWAYS_EMAILED
    set_email_preferences(member=member, emailed_kinds=set(Kind.values))
    assert not EmailOptOut.objects.filter(member=member).exists()


# --- The unsubscribe link and headers ------------------------------------------


def test_optional_email_carries_the_link_and_rfc8058_headers(
    member, on_commit, settings
):
    with on_commit():
        _notify(member)
    message = mail.outbox[0]
    token = unsubscribe_token(member=member, kind=Kind.OFFER_RECEIVED)
    link = f"{settings.SITE_URL}/notifications/unsubscribe/{token}/"
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    stored = OutboxEmail.objects.get()
    assert stored.headers["List-Unsubscribe"] == f"<{link}>"


def test_money_email_has_no_unsubscribe(member, on_commit):
    with on_commit():
        _notify(member, kind=Kind.ORDER_CONFIRMED, key="order:1:confirmed")
    message = mail.outbox[0]
    assert "unsubscribe" not in message.body
    assert "List-Unsubscribe" not in message.extra_headers
    assert OutboxEmail.objects.get().headers == {}


def test_token_names_member_and_kind_and_resists_tampering(member):
    token = unsubscribe_token(member=member, kind=Kind.PRICE_DROP)
    assert read_unsubscribe_token(token) == (member.pk, Kind.PRICE_DROP)
    value, signature = token.rsplit(":", 1)
    other = UserFactory()
    assert read_unsubscribe_token(f"{other.pk}.price_drop:{signature}") is None
    assert read_unsubscribe_token(f"{value}:{signature[:-1]}x") is None
    assert read_unsubscribe_token("garbage") is None
    assert read_unsubscribe_token("") is None


def test_delivery_passes_stored_headers(member, settings):
    OutboxEmail.objects.create(
        to=member.email,
        subject="s",
        body="b",
        headers={"List-Unsubscribe": "<https://x/>"},
        next_attempt_at=timezone.now(),
    )
    call_command("send_outbox", "--once", stdout=io.StringIO())
    assert mail.outbox[0].extra_headers == {"List-Unsubscribe": "<https://x/>"}


def test_header_values_never_span_lines(member, on_commit):
    with on_commit():
        send_templated_email(
            to=member.email,
            template="tests/email/plain",
            context={"to": member},
            headers={"X-Test": "a\r\nBcc: evil@example.com"},
        )
    assert OutboxEmail.objects.get().headers == {"X-Test": "a Bcc: evil@example.com"}


# --- Exactly once under concurrency (MariaDB) -------------------------------------


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_the_same_event_raced_tells_the_member_once():
    member = UserFactory()

    def work(_index):
        with transaction.atomic():
            return _notify(member, key="offer:9:pending")

    returned, raised = run_in_threads(4, work)

    assert raised == []
    assert len([n for n in returned if n is not None]) == 1
    assert Notification.objects.filter(recipient=member).count() == 1
    assert OutboxEmail.objects.filter(to=member.email).count() == 1


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_two_send_outbox_runs_at_once_send_each_notification_email_once(settings):
    members = [UserFactory() for _ in range(12)]
    # The mail server is down when they are queued: the two workers share them.
    settings.EMAIL_BACKEND = "tests.marketplace.test_outbox.FlakyBackend"
    FlakyBackend.down = True
    try:
        for n, member in enumerate(members):
            with transaction.atomic():
                _notify(member, key=f"offer:{n}:pending")
    finally:
        FlakyBackend.down = False
    OutboxEmail.objects.update(attempts=0, next_attempt_at=timezone.now())
    settings.EMAIL_BACKEND = "tests.marketplace.test_outbox.SlowBackend"
    SlowBackend.sent = []
    errors = []

    def worker():
        try:
            call_command("send_outbox", "--once", stdout=io.StringIO())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(SlowBackend.sent) == sorted(f"About {m.username}" for m in members)
    assert not OutboxEmail.objects.filter(sent_at=None).exists()


def test_a_deleted_member_is_told_nothing(db):
    from django.utils import timezone

    from marketplace.models import OutboxEmail
    from notifications.models import Kind, Notification
    from notifications.services import notify
    from tests.factories import UserFactory

    member = UserFactory(deleted_at=timezone.now())

    assert (
        notify(
            recipient=member,
            kind=Kind.ORDER_CONFIRMED,
            event_key="order:1:paid",
            text="Order confirmed",
            url="/orders/1/",
            email_template="orders/email/purchase",
        )
        is None
    )
    assert not Notification.objects.filter(recipient=member).exists()
    assert not OutboxEmail.objects.exists()
