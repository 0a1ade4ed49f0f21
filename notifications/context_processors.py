"""The header bell's unread count, for logged-in members only."""

from notifications import selectors


def unread_notifications(request) -> dict:
    """`unread_notification_count`: asked (one COUNT) only if a template shows
    it, at most once per request; nothing at all for visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        if not hasattr(request, "_unread_notification_count"):
            request._unread_notification_count = selectors.unread_count(member=user)
        return request._unread_notification_count

    return {"unread_notification_count": count}
