"""Site-wide views: home, health check and error pages."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from discovery.selectors import new_items_for_saved_searches
from listings.models import Category
from listings.selectors import list_new_arrivals, list_recently_viewed
from marketplace.pagecache import cache_anonymous_page

logger = logging.getLogger(__name__)
HOME_NEW_ARRIVALS = 24


@require_safe
@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
@cache_anonymous_page
def home(request):
    """The front page: new arrivals and departments."""
    return render(
        request,
        "home.html",
        {
            "new_arrivals": list_new_arrivals(limit=HOME_NEW_ARRIVALS),
            "recently_viewed": list_recently_viewed(request.session),
            "saved_search_items": new_items_for_saved_searches(
                user=request.user, limit=12
            ),
            "departments": Category.objects.departments().prefetch_related("children"),
        },
    )


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the failure may come from one.
    return HttpResponseServerError(loader.get_template("500.html").render())
