"""Templated emails through an outbox: a row written in the caller's transaction.

`send_templated_email` renders the email and writes an `OutboxEmail` row in
the current transaction, so the email exists exactly when the change it tells
about does. Once that transaction commits, the row is delivered: by a worker's
`marketplace.send_email` task when a broker is configured, else at once in
this process (marketplace/background.py). If the mail server fails, the error
is recorded and the `marketplace.send_due_emails` task (beat) or
`manage.py send_outbox` retries with exponential backoff. A mail failure never
fails a request.

Two copies of the worker (or a worker and a request) never send one email
twice: a sender first claims a row by moving its `next_attempt_at` past a
lease with a conditional UPDATE on the attempt count it read (on MySQL/MariaDB
the candidates are also read `FOR UPDATE SKIP LOCKED`, so workers do not queue
behind each other), and only the sender whose UPDATE matched sends it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from marketplace.background import dispatch
from marketplace.models import OutboxEmail

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = OutboxEmail._meta.get_field("subject").max_length


def render_plain_text(template_name: str, context: dict) -> str:
    """Render a text template without HTML escaping ("Tom's" stays "Tom's")."""
    return get_template(template_name).template.render(
        Context(context, autoescape=False)
    )


def render_email(*, template: str, context: dict) -> tuple[str, str]:
    """The subject (one line) and body of `<template>_subject.txt` / `_body.txt`."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_plain_text(f"{template}_subject.txt", context)
    # Line breaks in a subject would be header injection: one line, always.
    subject = " ".join(subject.split())[:SUBJECT_MAX_LENGTH]
    body = render_plain_text(f"{template}_body.txt", context)
    return subject, body


def send_templated_email(
    *,
    to: str,
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
    footer: str = "",
) -> None:
    """Queue `<template>_subject.txt` / `_body.txt` to `to`; sent after commit.

    `headers` (e.g. List-Unsubscribe) are stored with the email and sent with
    it; `footer` is plain text added after the body (an unsubscribe link).
    """
    subject, body = render_email(template=template, context=context)
    if footer:
        body = f"{body.rstrip()}\n\n{footer.strip()}\n"
    email = OutboxEmail.objects.create(
        to=to, subject=subject, body=body, headers=_safe_headers(headers)
    )
    dispatch("marketplace.send_email", email.pk)


def _safe_headers(headers: dict[str, str] | None) -> dict[str, str]:
    """Headers as one-line strings: a line break would be header injection."""
    headers = headers or {}
    return {str(name): " ".join(str(value).split()) for name, value in headers.items()}


def send_templated_email_now(*, to: str, template: str, context: dict) -> None:
    """Queue and deliver at once, for a request that changes nothing else.

    Django's password reset writes no rows, so there is no transaction whose
    commit the email should wait for.
    """
    subject, body = render_email(template=template, context=context)
    email = OutboxEmail.objects.create(to=to, subject=subject, body=body)
    deliver_email(email.pk)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after `attempts` failed tries, capped."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def _due(now: datetime):
    return OutboxEmail.objects.filter(
        sent_at__isnull=True,
        next_attempt_at__lte=now,
        attempts__lt=settings.OUTBOX_MAX_ATTEMPTS,
    )


def _claim(**filters) -> list[OutboxEmail]:
    """Take the candidate rows no other sender has taken; the caller sends them.

    The claim counts as an attempt and leases the row for OUTBOX_LEASE_SECONDS:
    if the sender dies mid-send, the row comes due again after the lease.
    """
    now = timezone.now()
    lease_until = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    claimed = []
    with transaction.atomic():
        queryset = _due(now).filter(**filters)
        if connection.features.has_select_for_update_skip_locked:
            queryset = queryset.select_for_update(skip_locked=True)
        queryset = queryset.order_by("next_attempt_at", "pk")
        rows = list(queryset[: settings.OUTBOX_BATCH_SIZE])
        for row in rows:
            # Compare-and-set on the attempt count read: only one sender wins,
            # even where SELECT ... FOR UPDATE is a no-op (SQLite).
            won = OutboxEmail.objects.filter(
                pk=row.pk, sent_at__isnull=True, attempts=row.attempts
            ).update(attempts=row.attempts + 1, next_attempt_at=lease_until)
            if won:
                row.attempts += 1
                claimed.append(row)
    return claimed


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0


def _send_claimed(rows: list[OutboxEmail]) -> SendResult:
    """Send claimed rows one by one, recording each success or failure."""
    result = SendResult()
    for row in rows:
        try:
            EmailMessage(
                row.subject,
                row.body,
                settings.DEFAULT_FROM_EMAIL,
                [row.to],
                headers=row.headers or None,
            ).send()
        except Exception as error:  # any mail error is retried
            logger.warning("Email %s to %s failed: %r", row.pk, row.to, error)
            OutboxEmail.objects.filter(pk=row.pk).update(
                next_attempt_at=timezone.now() + retry_delay(row.attempts),
                last_error=f"{type(error).__name__}: {error}"[:2000],
            )
            result.failed += 1
        else:
            # The body goes once sent: it can hold sign-in links (password
            # reset, verification) that nobody should read back from here.
            OutboxEmail.objects.filter(pk=row.pk).update(
                sent_at=timezone.now(), last_error="", body=""
            )
            result.sent += 1
    return result


def deliver_email(pk: int) -> None:
    """Try to send one queued email now; any error leaves it for the worker."""
    try:
        _send_claimed(_claim(pk=pk))
    except Exception:  # never fail the request that queued it
        logger.exception("Could not deliver outbox email %s; the worker will", pk)


def send_due_emails() -> SendResult:
    """Send one batch of due emails (at most OUTBOX_BATCH_SIZE)."""
    return _send_claimed(_claim())


@transaction.atomic
def retry_emails_now(*, pks: list[int]) -> int:
    """Make unsent emails due now with a fresh round of attempts (staff action)."""
    return OutboxEmail.objects.filter(pk__in=pks, sent_at__isnull=True).update(
        attempts=0, next_attempt_at=timezone.now()
    )
