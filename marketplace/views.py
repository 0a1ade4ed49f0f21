"""Site-wide views: liveness, readiness, metrics, error pages.

The front page is storefront's.
"""

import logging

from django.db import DatabaseError
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from marketplace import health, metrics

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not (the
    health check of docs/product-rules.md; /readyz checks every dependency)."""
    try:
        health.check_database()
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
@never_cache
def readyz(request):
    """Readiness: 200 when the database, the cache and media storage answer,
    503 naming the ones that did not (the reason goes to the log only)."""
    lines, ready = [], True
    for name, check in health.CHECKS.items():
        try:
            lines.append(f"{name}: {check()}")
        except Exception:
            ready = False
            lines.append(f"{name}: failed")
            logger.exception("Readiness check %s failed", name)
    return HttpResponse(
        "".join(f"{line}\n" for line in lines),
        status=200 if ready else 503,
        content_type="text/plain",
    )


# Exempt from CSRF so that to anyone not allowed every method is the same 404
# as an unknown URL (the CSRF check would answer a POST with 403 first). It
# changes nothing, whatever the method.
@csrf_exempt
@never_cache
def prometheus_metrics(request):
    """The Prometheus scrape, for METRICS_ALLOWED_IPS or the bearer token.

    Anyone else gets the 404 of an unknown URL, whatever the method.
    """
    if not metrics.scrape_allowed(request):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the failure may come from one.
    return HttpResponseServerError(loader.get_template("500.html").render())
