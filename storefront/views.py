"""Site-level pages that show several apps' content together."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from discovery.selectors import new_items_for_saved_searches
from listings.models import Category
from listings.selectors import list_new_arrivals, list_recently_viewed
from marketplace.pagecache import cache_anonymous_page

HOME_NEW_ARRIVALS = 24
HOME_SAVED_SEARCH_ITEMS = 12


@require_safe
@cache_anonymous_page
def home(request):
    """The front page: new arrivals and departments."""
    return render(
        request,
        "storefront/home.html",
        {
            "new_arrivals": list_new_arrivals(limit=HOME_NEW_ARRIVALS),
            "recently_viewed": list_recently_viewed(request.session),
            "saved_search_items": new_items_for_saved_searches(
                user=request.user, limit=HOME_SAVED_SEARCH_ITEMS
            ),
            "departments": Category.objects.departments().prefetch_related("children"),
        },
    )


@require_safe
@cache_anonymous_page
def help_badges(request):
    """/help/badges/: what each seller badge means, with the thresholds in force."""
    return render(
        request,
        "storefront/help_badges.html",
        {
            "min_orders": settings.BADGE_MIN_ORDERS,
            "ships_fast_orders": settings.BADGE_SHIPS_FAST_ORDERS,
            "ships_fast_days": settings.BADGE_SHIPS_FAST_MAX_BUSINESS_DAYS,
            "reliable_orders": settings.BADGE_RELIABLE_ORDERS,
            "responsive_hours": settings.BADGE_RESPONSIVE_MAX_HOURS,
            "time_zone": settings.TIME_ZONE,
        },
    )
