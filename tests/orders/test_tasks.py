"""Orders' periodic tasks: the deadlines, and the nightly ledger check that
alerts on a difference; each changing nothing when run a second time."""

import logging
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from prometheus_client import REGISTRY

from marketplace import metrics
from orders import tasks
from orders.models import LedgerEntry, Order
from tests.factories import buy

pytestmark = pytest.mark.django_db


def test_deadlines_are_acted_on_once_when_run_twice(settings, on_commit):
    order = buy()
    Order.objects.filter(pk=order.pk).update(
        created_at=timezone.now() - timedelta(days=settings.AUTO_CANCEL_DAYS, hours=1)
    )

    with on_commit():
        first = tasks.process_deadlines()
    events = order.events.count()
    emails = len(mail.outbox)
    with on_commit():
        second = tasks.process_deadlines()

    assert first["orders cancelled"] == 1
    assert set(second.values()) == {0}
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.events.count() == events and len(mail.outbox) == emails


def test_clean_books_raise_no_alert(caplog):
    buy()
    metrics.LEDGER_DIFFERENCES.set(7)
    with caplog.at_level(logging.INFO, logger="orders.tasks"):
        assert tasks.reconcile_ledger() == 0

    assert REGISTRY.get_sample_value("nomi_ledger_differences") == 0

    assert mail.outbox == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_difference_is_logged_every_run_and_mailed_to_admins_once(settings, caplog):
    settings.ADMINS = [("Ops", "ops@example.com")]
    buy()
    LedgerEntry.objects.create(
        movement=uuid.uuid4(),
        kind=LedgerEntry.Kind.FEE,
        account=LedgerEntry.Account.REVENUE,
        amount_cents=1,
    )

    with caplog.at_level(logging.ERROR, logger="orders.tasks"):
        assert tasks.reconcile_ledger() == 2
        assert tasks.reconcile_ledger() == 2

    # The gauge an alert watches: the last run's differences.
    assert REGISTRY.get_sample_value("nomi_ledger_differences") == 2

    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2
    assert "2 difference(s)" in errors[0].getMessage()
    assert "entries sum to $0.01" in errors[0].getMessage()
    assert errors[0].ledger_differences == 2
    # The same differences are mailed once, not on each run.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@example.com"]
    assert "2 difference(s)" in mail.outbox[0].subject
    assert "entries sum to $0.01" in mail.outbox[0].body
