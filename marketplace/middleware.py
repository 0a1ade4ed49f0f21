"""Site-wide request limits and the response headers SecurityMiddleware does not set."""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.template import loader
from django.utils.cache import patch_cache_control

from marketplace import request_id
from marketplace.images import pixel_budget
from marketplace.retry import is_lost_lock

# Django's admin ships a few inline style attributes; it is staff-only.
ADMIN_CSP = (
    "default-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
)

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy header to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy(request, response)
        return response

    def policy(self, request, response) -> str:
        if request.path.startswith(self.admin_prefix):
            return ADMIN_CSP
        if settings.DEBUG and response.status_code >= 400:
            # Django's technical 404 and 500 pages style themselves inline.
            return settings.DEBUG_ERROR_PAGE_CSP
        return settings.CONTENT_SECURITY_POLICY


# Media types worth compressing: text. Photos and other binaries are already
# compressed, and gzipping them again costs CPU for nothing.
COMPRESSED_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
)


class CompressTextMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for text responses only (HTML above all).

    Streaming text responses are compressed as they stream; files and images
    (photos, dispute photos, uploads) pass through untouched.
    """

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)


class PrivatePagesMiddleware:
    """Mark every response to a logged-in member `Cache-Control: private, no-store`.

    Any page a member sees shows their own data (at least the header's name
    and counts; orders, balance, addresses and settings on their own pages),
    so no shared proxy, nor the disk of a shared computer, may keep a copy.
    Anonymous pages keep their caching (marketplace.pagecache serves them
    whole), and so do public files under MEDIA_URL, the same for everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(settings.MEDIA_URL)
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


class RequestLimitsMiddleware:
    """Refuse a body over REQUEST_MAX_BYTES unread; give each request a pixel budget.

    Placed first, so nothing reads the body before the check. The size comes
    from Content-Length: under WSGI Django reads at most that many bytes, and
    a body without one (chunked) is never read at all, so it needs no check.
    Every image decoded while the request runs is charged to one
    PHOTO_REQUEST_PIXEL_BUDGET (marketplace.images.pixel_budget).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return self.too_large(request)
        with pixel_budget():
            return self.get_response(request)

    def too_large(self, request):
        response = render(
            request,
            "413.html",
            {
                "limit_mb": settings.REQUEST_MAX_BYTES // (1024 * 1024),
                "photo_mb": settings.PHOTO_MAX_BYTES // (1024 * 1024),
            },
            status=413,
        )
        # The body is left unread: the connection cannot carry another request.
        response["Connection"] = "close"
        response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response


class RequestIdMiddleware:
    """Give each request an id: the proxy's X-Request-ID when safe, else a new one.

    The id is current (marketplace.request_id) while the request is served,
    so every log line it writes carries it (marketplace.logs), and it goes
    back in the response's X-Request-ID header for the access log, the
    proxy and the member reporting a problem. An incoming id that is too
    long or has characters that could break a log line or a header is
    replaced, not trusted.
    """

    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = request_id.clean(request.headers.get(self.header))
        request.request_id = value
        token = request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[self.header] = value
        return response


class LostLockMiddleware:
    """A transaction that lost a lock for good answers 503, not 500.

    Services that can conflict run again when they lose (marketplace.retry);
    one that still loses after its attempts, or one that does not retry (a
    rare conflict on a Galera cluster, docs/galera.md), has rolled back whole:
    the member is told nothing was saved and to send it again, with
    Retry-After. Other database errors stay 500s.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_lost_lock(exception):
            return None
        logger.warning(
            "Lost a lock for good on %s %s: %s", request.method, request.path, exception
        )
        # Rendered without a request context, like the 500 page: nothing the
        # failure came from is needed to say it.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "2"
        return response
