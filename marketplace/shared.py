"""Shared page fragments: what every viewer sees alike, rendered once per few seconds.

Most of a search, browse, category, home, item or profile page is the same
for every member: the results grid, the filters and counts, the gallery, the
seller card. Rendering that with the template engine costs tens of
milliseconds, so it is rendered once and kept in the cache as HTML for every
viewer, and each request adds only its own parts around it (the header, the
buy button, the heart).

Freshness is bounded by time, not by invalidation:
- a fragment is *fresh* for SHARED_FRESH_SECONDS; after that the first request
  re-renders it while the others keep serving the old copy, which is never
  served after SHARED_MAX_SECONDS (hard expiry). Other members' changes
  (a new listing, a like, a price cut) therefore appear on lists within
  SHARED_MAX_SECONDS at most;
- a member's own changes show on their very next page: every write request
  sets a short-lived cookie (`FreshAfterWriteMiddleware`) for as long as a
  fragment rendered before the write may live, and while it is there the
  member's pages render fresh (and store what they render, which is newer).

An item's price, status and buy button are never part of a fragment: the item
page reads its row on every request (docs/performance-notes.md).

Without a shared cache (locmem, the default) each worker keeps its own copies;
the time bound holds all the same. SHARED_MAX_SECONDS = 0 turns fragments off.
"""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString

FRESH_COOKIE = "nomi_fresh"
# Where a shared fragment leaves room for one viewer's part (see fill()).
HOLE = "<!--viewer:{}-->"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def enabled() -> bool:
    return settings.SHARED_MAX_SECONDS > 0


def wants_fresh(request) -> bool:
    """Whether this request must not be served anything older than the data:
    the member wrote something moments ago, or this request writes."""
    return request is not None and (
        FRESH_COOKIE in request.COOKIES or getattr(request, "_writes", False)
    )


def mark_written(request) -> None:
    """Record that a safe-method request (a GET that marks a notification
    read) changed data, so the member's next pages render fresh."""
    request._writes = True


def fresh_seconds() -> int:
    """How long a write keeps the writer's pages fresh: as long as a copy
    rendered before it may be served, and as long as the read replica may
    lag behind it (marketplace.db_router, docs/replica.md)."""
    seconds = max(settings.SHARED_MAX_SECONDS, settings.PAGE_CACHE_SECONDS, 0)
    if settings.DATABASE_REPLICA_URL:
        seconds = max(seconds, settings.REPLICA_FRESH_SECONDS)
    return seconds


def fragment_key(name: str, *parts) -> str:
    """A cache key for fragment `name` of `parts` (any length, any text)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"shared:{name}:{digest}"


def shared_value(
    request,
    key: str,
    compute: Callable[[], object],
    *,
    fresh_seconds: float | None = None,
    max_seconds: float | None = None,
    lock_seconds: float = 2.0,
):
    """What `compute()` returns (anything the cache can pickle), shared by
    every viewer: recomputed once it is `fresh_seconds` old, never served
    once it is `max_seconds` old, and never served to a request that
    `wants_fresh` (which stores what it computes)."""
    fresh = settings.SHARED_FRESH_SECONDS if fresh_seconds is None else fresh_seconds
    hard = settings.SHARED_MAX_SECONDS if max_seconds is None else max_seconds
    if hard <= 0:
        return compute()
    now = time.time()
    if not wants_fresh(request):
        entry = cache.get(key)
        if entry is not None:
            fresh_until, value = entry
            # Stale: one request recomputes (it wins the lock), the others
            # serve the old copy until it is replaced or hard-expires.
            if now < fresh_until or not cache.add(
                f"{key}:lock", 1, timeout=lock_seconds
            ):
                return value
    value = compute()
    cache.set(key, (now + min(fresh, hard), value), timeout=hard)
    return value


def shared_fragment(request, key: str, render: Callable[[], str]) -> SafeString:
    """The HTML `render()` returns, shared by every viewer for a few seconds."""
    # The HTML comes out of the template engine, escaped where it must be.
    return SafeString(shared_value(request, key, lambda: str(render())))


def fill(html: str, holes: dict[str, str]) -> SafeString:
    """`html` (a shared fragment) with each viewer-specific hole filled by
    HTML the template engine rendered for this viewer."""
    for mark, content in holes.items():
        html = html.replace(mark, content, 1)
    return SafeString(html)


class FreshAfterWriteMiddleware:
    """After a write request, make the writer's next pages skip shared caches.

    The cookie lasts as long as a fragment rendered just before the write could
    still be served (SHARED_MAX_SECONDS, plus a second for the render itself),
    or the read replica could lag (REPLICA_FRESH_SECONDS), whichever is longer,
    so whatever the member changed shows on their next page. It carries
    nothing secret: a client that keeps it only gets slower pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        seconds = fresh_seconds()
        if (
            (request.method not in SAFE_METHODS or getattr(request, "_writes", False))
            and response.status_code < 500
            and seconds > 0
        ):
            response.set_cookie(
                FRESH_COOKIE,
                "1",
                max_age=seconds + 1,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
