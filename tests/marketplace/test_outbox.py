"""The email outbox: a mail server failure never fails a request, and
`send_outbox` delivers every email once, with retries and backoff."""

import io
import smtplib
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from marketplace.emails import send_templated_email
from marketplace.models import OutboxEmail
from orders.models import Order
from orders.services import quote_for
from tests.factories import (
    CARD_FORM,
    NEW_ADDRESS_FORM,
    ListingFactory,
    UserFactory,
    add_photos,
    pay_post,
)


class FlakyBackend(LocmemBackend):
    """The test mailbox, except that it raises while the server is "down"."""

    down = False

    def send_messages(self, messages):
        if FlakyBackend.down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class SlowBackend(BaseEmailBackend):
    """Records every delivery (from any thread), taking a moment for each."""

    sent: list = []
    lock = threading.Lock()

    def send_messages(self, messages):
        for message in messages:
            time.sleep(0.01)
            with SlowBackend.lock:
                SlowBackend.sent.append(message.subject)
        return len(messages)


@pytest.fixture
def mail_server(settings):
    settings.EMAIL_BACKEND = "tests.marketplace.test_outbox.FlakyBackend"
    FlakyBackend.down = True
    yield FlakyBackend
    FlakyBackend.down = False


def send_outbox() -> str:
    out = io.StringIO()
    call_command("send_outbox", "--once", stdout=out)
    return out.getvalue()


def make_due() -> None:
    """Move the clock past every scheduled retry."""
    OutboxEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def queue_one(to="ada@example.com", title="Brass lamp") -> OutboxEmail:
    send_templated_email(
        to=to,
        template="orders/email/order_update",
        context={
            "to": UserFactory.build(username="ada"),
            "headline": "Your order has shipped",
            "order": Order(title=title, status=Order.Status.SHIPPED, pk=1),
        },
    )
    return OutboxEmail.objects.latest("pk")


@pytest.mark.django_db(transaction=True)
def test_purchase_goes_through_while_the_mail_server_is_down(catalogue, mail_server):
    listing = ListingFactory(title="Brass desk lamp", price_cents=2500)
    add_photos(listing, 1)
    buyer = UserFactory()
    client = Client()
    client.force_login(buyer)

    response = pay_post(
        client,
        reverse("orders:checkout", args=[listing.pk]),
        {
            "idempotency_key": uuid.uuid4().hex,
            "expected_total_cents": quote_for(listing).total_cents,
            **NEW_ADDRESS_FORM,
            **CARD_FORM,
        },
    )

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:detail", args=[order.pk])
    assert order.status == Order.Status.PAID
    assert order.payment_captured
    assert mail.outbox == []
    pending = OutboxEmail.objects.order_by("to")
    assert sorted(email.to for email in pending) == sorted(
        [buyer.email, listing.seller.email]
    )
    for email in pending:
        assert email.sent_at is None
        assert email.attempts == 1
        assert "SMTPServerDisconnected" in email.last_error
        assert email.next_attempt_at > timezone.now()

    # The server recovers; the worker sends each email once when it is due.
    mail_server.down = False
    send_outbox()
    assert mail.outbox == []
    make_due()
    send_outbox()
    send_outbox()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [buyer.email, listing.seller.email]
    )
    assert "Order confirmed: Brass desk lamp" in [m.subject for m in mail.outbox]
    assert not OutboxEmail.objects.filter(sent_at=None).exists()
    assert set(OutboxEmail.objects.values_list("attempts", flat=True)) == {2}


@pytest.mark.django_db
def test_email_is_sent_once_its_transaction_commits(on_commit):
    with on_commit():
        email = queue_one()
        assert email.sent_at is None
        assert mail.outbox == []

    email.refresh_from_db()
    assert email.sent_at is not None
    assert email.attempts == 1
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    assert mail.outbox[0].subject == "Your order has shipped: Brass lamp"
    assert email.body == ""  # sent: no sign-in link stays readable in the table
    send_outbox()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_rolled_back_work_sends_no_email(on_commit):
    with on_commit():
        try:
            with transaction.atomic():
                queue_one()
                raise RuntimeError("the service failed")
        except RuntimeError:
            pass

    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_retries_back_off_exponentially_then_give_up(settings, mail_server, on_commit):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 300
    settings.OUTBOX_MAX_ATTEMPTS = 5

    before = timezone.now()
    with on_commit():
        email = queue_one()
    after = timezone.now()

    for attempt, delay in [(1, 60), (2, 120), (3, 240), (4, 300)]:
        email.refresh_from_db()
        assert email.attempts == attempt
        assert email.sent_at is None
        wait = timedelta(seconds=delay)
        assert before + wait <= email.next_attempt_at <= after + wait
        # Not due yet: the worker leaves it alone.
        send_outbox()
        email.refresh_from_db()
        assert email.attempts == attempt
        make_due()
        before = timezone.now()
        send_outbox()
        after = timezone.now()

    email.refresh_from_db()
    assert email.attempts == 5
    assert email.status == OutboxEmail.Status.FAILED
    # Given up: even a recovered server gets no more tries from the worker.
    mail_server.down = False
    make_due()
    send_outbox()
    email.refresh_from_db()
    assert (email.attempts, email.sent_at, mail.outbox) == (5, None, [])


@pytest.mark.django_db
def test_worker_reports_what_it_did(mail_server, on_commit):
    with on_commit():
        queue_one(to="one@example.com")
        queue_one(to="two@example.com")
    mail_server.down = False
    make_due()

    output = send_outbox()

    assert "2 sent, 0 failed" in output
    assert sorted(m.to[0] for m in mail.outbox) == [
        "one@example.com",
        "two@example.com",
    ]


@pytest.mark.django_db
def test_staff_see_the_outbox_read_only_and_can_retry_now(
    client, mail_server, on_commit, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    with on_commit():
        email = queue_one(title="Tom's <lamp> & co")
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="marketplace", codename__endswith="outboxemail"
        )
    )
    client.force_login(staff)

    page = client.get(reverse("admin:marketplace_outboxemail_change", args=[email.pk]))
    assert page.status_code == 200
    link = next(line for line in email.body.splitlines() if "http" in line)
    assert link.strip() not in page.content.decode()  # staff cannot read the body
    assert 'name="subject"' not in page.content.decode()
    assert client.get(reverse("admin:marketplace_outboxemail_add")).status_code == 403

    mail_server.down = False
    response = client.post(
        reverse("admin:marketplace_outboxemail_changelist"),
        {"action": "retry_now", "_selected_action": [email.pk]},
    )

    assert response.status_code == 302
    email.refresh_from_db()
    assert email.sent_at is not None
    assert [m.subject for m in mail.outbox] == [email.subject]


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_email_once(settings):
    settings.EMAIL_BACKEND = "tests.marketplace.test_outbox.SlowBackend"
    settings.OUTBOX_BATCH_SIZE = 5
    SlowBackend.sent = []
    now = timezone.now()
    OutboxEmail.objects.bulk_create(
        OutboxEmail(
            to=f"member{n}@example.com",
            subject=f"email {n}",
            body="hello",
            next_attempt_at=now,
        )
        for n in range(40)
    )
    errors = []

    def worker():
        try:
            send_outbox()
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
    assert sorted(SlowBackend.sent) == sorted(f"email {n}" for n in range(40))
    assert not OutboxEmail.objects.filter(sent_at=None).exists()
    assert set(OutboxEmail.objects.values_list("attempts", flat=True)) == {1}
