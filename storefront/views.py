"""Site-level pages that show several apps' content together, and the help pages."""

from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from discovery.selectors import new_items_for_saved_searches
from listings.selectors import list_new_arrivals, list_recently_viewed
from marketplace.fees import seller_earnings_cents, selling_fee_cents
from marketplace.pagecache import cache_anonymous_page
from marketplace.shared import fragment_key, shared_fragment, shared_value
from orders.pricing import quote
from storefront import selectors
from storefront.header import counts_for

HOME_NEW_ARRIVALS = 24
HOME_SAVED_SEARCH_ITEMS = 12
# The prices of the fee page's worked examples (cents): the fees themselves
# come from marketplace.fees and orders.pricing, so they follow the settings.
FEE_EXAMPLES = ((2500, 600), (12000, 0))


@require_safe
@cache_anonymous_page
def home(request):
    """The front page: a member's to-dos and finds first; new arrivals and
    departments for everyone.

    Only visitors' pages are cached (cache_anonymous_page never caches, nor
    serves from the cache, a request with a session or a logged-in member).
    """
    language = get_language()
    context = {
        # The same for everyone: fragments shared for a few seconds.
        "new_arrivals": shared_fragment(
            request,
            fragment_key("home-new-arrivals", language),
            lambda: render_to_string(
                "storefront/_new_arrivals.html",
                {"new_arrivals": list_new_arrivals(limit=HOME_NEW_ARRIVALS)},
            ),
        ),
        "departments": shared_fragment(
            request,
            fragment_key("home-departments", language),
            lambda: render_to_string(
                "storefront/_home_departments.html",
                {"departments": selectors.list_departments()},
            ),
        ),
        "recently_viewed": list_recently_viewed(request.session),
    }
    if request.user.is_authenticated:
        member = request.user
        # Other members' price cuts and new listings, for this member: kept
        # for a few seconds like any shared part; their own changes show at
        # once (marketplace.shared.FreshAfterWriteMiddleware).
        finds = shared_value(
            request,
            fragment_key("home-finds", member.pk),
            lambda: {
                "price_drops": selectors.liked_price_drops(member=member),
                "saved_search_items": new_items_for_saved_searches(
                    user=member, limit=HOME_SAVED_SEARCH_ITEMS
                ),
            },
        )
        context.update(
            to_do=selectors.member_to_do(member=member, counts=counts_for(request)),
            **finds,
        )
    return render(request, "storefront/home.html", context)


@require_safe
@cache_anonymous_page
def departments(request):
    """/departments/: every department with its categories."""
    return render(
        request,
        "storefront/departments.html",
        {"departments": selectors.list_departments(with_categories=True)},
    )


@require_safe
@cache_anonymous_page
def help_index(request):
    """/help/: the help pages, and how to reach support."""
    return render(
        request, "storefront/help.html", {"support_email": settings.SUPPORT_EMAIL}
    )


def fee_example(item_cents: int, shipping_cents: int) -> dict:
    """One worked example: what the buyer pays and what the seller keeps."""
    buyer = quote(item_cents, shipping_cents)
    return {
        "quote": buyer,
        "seller_fee_cents": selling_fee_cents(item_cents),
        "seller_earns_cents": seller_earnings_cents(
            item_cents, shipping_cents=shipping_cents
        ),
    }


@require_safe
@cache_anonymous_page
def help_fees(request):
    """/help/fees/: the selling and buyer fees in force, with worked examples."""
    return render(
        request,
        "storefront/help_fees.html",
        {
            "selling_fee_percent": settings.SELLING_FEE_PERCENT,
            "buyer_fee_percent": settings.BUYER_FEE_PERCENT,
            "min_withdrawal_cents": settings.MIN_WITHDRAWAL_CENTS,
            "examples": [fee_example(*prices) for prices in FEE_EXAMPLES],
        },
    )


@require_safe
@cache_anonymous_page
def help_buyer_protection(request):
    """/help/buyer-protection/: money held until the buyer confirms; the deadlines."""
    return render(
        request,
        "storefront/help_buyer_protection.html",
        {
            "buyer_fee_percent": settings.BUYER_FEE_PERCENT,
            "ship_deadline_days": settings.SHIP_DEADLINE_DAYS,
            "auto_cancel_days": settings.AUTO_CANCEL_DAYS,
            "auto_complete_days": settings.AUTO_COMPLETE_DAYS,
            "dispute_max_photos": settings.DISPUTE_MAX_PHOTOS,
            "offer_expiry_hours": settings.OFFER_EXPIRY_HOURS,
        },
    )


@require_safe
@cache_anonymous_page
def help_prohibited(request):
    """/help/prohibited/: what may not be sold on Nomi."""
    return render(request, "storefront/help_prohibited.html")


@require_safe
@cache_anonymous_page
def terms(request):
    """/terms/: the terms of use, short."""
    return render(
        request,
        "storefront/terms.html",
        {
            "selling_fee_percent": settings.SELLING_FEE_PERCENT,
            "auto_complete_days": settings.AUTO_COMPLETE_DAYS,
            "support_email": settings.SUPPORT_EMAIL,
        },
    )


@require_safe
@cache_anonymous_page
def privacy(request):
    """/privacy/: what Nomi keeps about members and why."""
    return render(
        request, "storefront/privacy.html", {"support_email": settings.SUPPORT_EMAIL}
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
