"""What notifications answers for a member's data download and deletion.

Registered in `NotificationsConfig.ready()`.
"""

from accounts import hooks as account_hooks
from accounts.selectors import iso
from notifications.models import EmailOptOut, Notification


def member_notifications_data(*, member) -> dict:
    """The member's notifications and the kinds of email they turned off."""
    return {
        "notifications": [
            {
                "kind": notification.kind,
                "text": notification.text,
                "url": notification.url,
                "created_at": iso(notification.created_at),
                "read_at": iso(notification.read_at),
            }
            for notification in Notification.objects.filter(recipient=member).order_by(
                "created_at", "id"
            )
        ],
        "email_opt_outs": sorted(
            EmailOptOut.objects.filter(member=member).values_list("kind", flat=True)
        ),
    }


def forget_deleted_member(*, member) -> None:
    """A deleting member's notifications and email opt-outs are deleted."""
    Notification.objects.filter(recipient=member).delete()
    EmailOptOut.objects.filter(member=member).delete()


def register() -> None:
    account_hooks.member_data.register(member_notifications_data)
    account_hooks.member_deleted.register(forget_deleted_member)
