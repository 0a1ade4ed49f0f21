"""Whole-page cache for anonymous visitors, bounded by time.

Rendering, not the database, is what limits a page of 48 cards
(docs/performance-notes.md). Anonymous visitors without a session all see the
same search and browse pages, so those are served whole from the cache, keyed
by URL, for at most PAGE_CACHE_SECONDS: a page is re-rendered by one request
once it is SHARED_FRESH_SECONDS old, while the others still get the old copy,
and never served once PAGE_CACHE_SECONDS old (marketplace.shared.shared_value).

No write invalidates a page. A global version that every like and listing
bumped left the cache cold under a steady trickle of writes; a time bound of a
few seconds keeps it warm, and is the same promise the shared fragments make
to members: other people's changes show within a few seconds.
"""

from functools import wraps

from django.conf import settings

from marketplace.shared import FRESH_COOKIE, fragment_key, shared_value


def _cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        # A session (recently viewed items) or a pending message is personal.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and FRESH_COOKIE not in request.COOKIES
        and not getattr(request, "htmx", False)
    )


class _NotCacheable(Exception):
    def __init__(self, response):
        self.response = response


def cache_anonymous_page(view):
    """Serve `view`'s 200 responses to anonymous visitors from the page cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)

        def render():
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies:
                raise _NotCacheable(response)
            return response

        try:
            return shared_value(
                request,
                fragment_key("page", request.get_full_path()),
                render,
                max_seconds=settings.PAGE_CACHE_SECONDS,
            )
        except _NotCacheable as refused:
            return refused.response

    return wrapper
