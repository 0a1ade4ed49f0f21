"""The header's numbers for a logged-in member, asked once per request."""

from storefront import selectors


def counts_for(request) -> selectors.HeaderCounts:
    """The member's header counts, read (one query) at most once per request.

    It also answers notifications' `unread_notification_count` for the same
    request, so the bell costs no second query.
    """
    if not hasattr(request, "_header_counts"):
        found = selectors.header_counts(member=request.user)
        request._header_counts = found
        request._unread_notification_count = found.unread_notifications
    return request._header_counts


def member_header(request) -> dict:
    """`header_counts`: the bell's unread count and the account menu's to-do
    count, asked only if a template shows them; nothing at all for visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"header_counts": lambda: counts_for(request)}
