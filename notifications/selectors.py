"""Reads of notifications: the member's own only (another's is a 404)."""

from django.contrib.auth import get_user_model

from notifications.models import ALWAYS_EMAILED, EmailOptOut, Kind, Notification

User = get_user_model()


def list_notifications(*, member):
    """The member's notifications, newest first (one query per page)."""
    return Notification.objects.for_recipient(member).order_by("-created_at", "-id")


def email_preferences(*, member) -> dict[str, bool]:
    """Every kind → whether the member gets its emails (money kinds: always)."""
    off = set(EmailOptOut.objects.filter(member=member).values_list("kind", flat=True))
    return {kind: kind in ALWAYS_EMAILED or kind not in off for kind in Kind.values}


def get_member(*, member_id: int):
    """The member an unsubscribe link names, or None (deleted since)."""
    return User.objects.filter(pk=member_id).first()
