"""The one notification service every app calls (PRODUCT.md section 6)."""

from django.db import IntegrityError, transaction

from marketplace.emails import send_templated_email
from notifications.models import ALWAYS_EMAILED, EmailOptOut, Kind, Notification


def notify(
    *,
    recipient,
    kind: Kind,
    event_key: str,
    text: str,
    url: str,
    email_template: str | None = None,
    email_context: dict | None = None,
) -> Notification | None:
    """Tell `recipient` about one event, once: the in-app entry and, unless they
    turned this kind off, the email (through the outbox, in the caller's
    transaction). A second call with the same `event_key` does nothing and
    returns None."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                event_key=event_key[:120],
                text=text[:300],
                url=url[:300],
            )
    except IntegrityError:
        return None
    if email_template and wants_email(recipient, kind):
        send_templated_email(
            to=recipient.email,
            template=email_template,
            context={"to": recipient, **(email_context or {})},
        )
    return notification


def wants_email(member, kind: str) -> bool:
    """Money emails always go; others unless the member turned the kind off."""
    if not member.email or (not member.is_active and kind not in ALWAYS_EMAILED):
        return False
    if kind in ALWAYS_EMAILED:
        return True
    return not EmailOptOut.objects.filter(member=member, kind=kind).exists()
