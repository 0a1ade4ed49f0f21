"""The one notification service every app calls (PRODUCT.md section 6).

`notify()` writes the in-app entry and queues the email in the caller's
transaction, once per (recipient, event_key). The other writes here are the
member's own: marking entries read and choosing which emails they get
(in settings, or with the signed one-click unsubscribe link of an email).
"""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.timezones import member_time_zone
from marketplace.emails import send_templated_email
from notifications.models import ALWAYS_EMAILED, EmailOptOut, Kind, Notification

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


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
    returns None.

    `text` is one short line and `url` a path on this site (the order, offer,
    item or saved searches page). Emails of kinds a member may turn off carry
    a signed unsubscribe link and the RFC 8058 List-Unsubscribe headers.
    A deleted member is told nothing (returns None).
    """
    if recipient.is_deleted:
        return None
    try:
        # A savepoint: a repeat's IntegrityError leaves the caller's work intact.
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                event_key=event_key[:120],
                text=" ".join(str(text).split())[:300],
                url=url[:300],
            )
    except IntegrityError:
        return None
    if email_template and wants_email(recipient, kind):
        headers, footer = {}, ""
        if kind not in ALWAYS_EMAILED:
            link = unsubscribe_url(member=recipient, kind=kind)
            headers = {
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
            footer = render_to_string(
                "notifications/email/unsubscribe_footer.txt",
                {"link": link, "kind": Kind(kind).label},
            )
        # Dates and times in the email are the recipient's, not the sender's.
        with timezone.override(member_time_zone(recipient)):
            send_templated_email(
                to=recipient.email,
                template=email_template,
                context={"to": recipient, **(email_context or {})},
                headers=headers,
                footer=footer,
            )
    return notification


def wants_email(member, kind: str) -> bool:
    """Whether `member` gets an email of `kind`.

    Deleted members get none; suspended members (inactive) only the money
    emails (ALWAYS_EMAILED), which no one can turn off; everyone else gets
    every kind they have not turned off.
    """
    if not member.email or member.is_deleted:
        return False
    if kind in ALWAYS_EMAILED:
        return True
    if not member.is_active:
        return False
    return not EmailOptOut.objects.filter(member=member, kind=kind).exists()


# --- Read marks ------------------------------------------------------------------


@transaction.atomic
def mark_read(*, member, notification_id: int) -> Notification:
    """Mark one of the member's notifications read (another's: DoesNotExist)."""
    notification = Notification.objects.for_recipient(member).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, member) -> int:
    """Mark every unread notification of the member read; returns how many."""
    return (
        Notification.objects.for_recipient(member)
        .unread()
        .update(read_at=timezone.now())
    )


# --- Email choices ------------------------------------------------------------------


def optional_kinds() -> list[str]:
    """The kinds whose emails a member may turn off (all but money)."""
    return [kind for kind in Kind.values if kind not in ALWAYS_EMAILED]


@transaction.atomic
def set_email_preferences(*, member, emailed_kinds: set[str]) -> None:
    """Email `member` about exactly `emailed_kinds` (money kinds always).

    Unknown kinds are ignored; a money kind can never be turned off.
    """
    off = set(optional_kinds()) - set(emailed_kinds)
    EmailOptOut.objects.filter(member=member).exclude(kind__in=off).delete()
    existing = set(
        EmailOptOut.objects.filter(member=member).values_list("kind", flat=True)
    )
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(member=member, kind=kind) for kind in sorted(off - existing)],
        ignore_conflicts=True,
    )


@transaction.atomic
def turn_off_email(*, member, kind: str) -> bool:
    """Turn off one kind's emails; False (nothing changed) for a money kind."""
    if kind in ALWAYS_EMAILED or kind not in Kind.values:
        return False
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(member=member, kind=kind)], ignore_conflicts=True
    )
    return True


# --- One-click unsubscribe ------------------------------------------------------------


def unsubscribe_token(*, member, kind: str) -> str:
    """A signed, unforgeable "member id + kind" (no expiry: links in old emails
    keep working)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(f"{member.pk}.{kind}")


def unsubscribe_url(*, member, kind: str) -> str:
    token = unsubscribe_token(member=member, kind=kind)
    path = reverse("notifications:unsubscribe", kwargs={"unsubscribe_token": token})
    return f"{settings.SITE_URL}{path}"


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (member id, kind) a token names, or None when it is bad or tampered."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token[:200])
    except signing.BadSignature:
        return None
    member_id, _sep, kind = value.partition(".")
    if not member_id.isdigit() or kind not in Kind.values:
        return None
    return int(member_id), kind
