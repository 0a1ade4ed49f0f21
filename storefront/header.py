"""The header's numbers for a logged-in member, asked once per request
(the header itself: storefront.templatetags.storefront_tags)."""

from marketplace.shared import fragment_key, shared_value
from storefront import selectors


def counts_for(request) -> selectors.HeaderCounts:
    """The member's header counts (the bell's unread notifications included),
    read in one query at most once per request, and kept for a few seconds
    (marketplace.shared): others' doings (a sale, an offer, a notification)
    show within that bound, the member's own at once."""
    if not hasattr(request, "_header_counts"):
        request._header_counts = shared_value(
            request,
            fragment_key("header-counts", request.user.pk),
            lambda: selectors.header_counts(member=request.user),
        )
    return request._header_counts
