"""Whole-page cache for anonymous visitors, invalidated by a data version.

Rendering, not the database, is what limits a page of 48 cards
(docs/performance-notes.md).
Anonymous visitors without a session all see the same search and browse
pages, so those are cached whole, keyed by URL and by a data version that
every change to listings or likes bumps after commit: a cached page is never
older than the data it shows, and at most PAGE_CACHE_SECONDS old in any case.

It needs a cache shared by every worker (CACHE_URL=redis://...), since a bump
in one process must reach the others: PAGE_CACHE_SECONDS defaults to 0 (off)
and is turned on where such a cache is configured.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "pagecache:version"


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_data_version() -> None:
    """Invalidate every cached page once the current transaction commits."""

    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set yet (or evicted): start a new series
            cache.set(VERSION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


def _cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        # A session (recently viewed items) or a pending message is personal.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not getattr(request, "htmx", False)
    )


def cache_anonymous_page(view):
    """Serve `view`'s 200 responses to anonymous visitors from the page cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = f"page:{data_version()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
