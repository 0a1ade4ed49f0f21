"""What listings adds when an accounts hook fires.

Registered in `ListingsConfig.ready()`; docs/architecture.md lists every hook.
"""

from urllib.parse import urlencode

from accounts import hooks as account_hooks
from listings.search import SearchParams, search_listings
from listings.selectors import public_listing_counts


def profile_listings(*, request, member) -> dict:
    """A profile's listings: the "on sale" or "sold" tab, newest first, paged."""
    tab = "sold" if request.GET.get("tab") == "sold" else "on_sale"
    params = SearchParams(
        seller_id=member.pk,
        status=tab,
        sort="newest",
        cursor=request.GET.get("cursor", "")[:200],
    )
    result = search_listings(params, with_counts=False)

    def link(cursor):
        query = urlencode([("tab", tab), ("cursor", cursor)]) if cursor else ""
        return f"{request.path}?{query}" if query else ""

    return {
        "tab": tab,
        "counts": public_listing_counts(seller=member),
        "listings": result.listings,
        "notices": result.notices,
        "next_url": link(result.next_cursor),
        "previous_url": link(result.previous_cursor),
    }


def register() -> None:
    account_hooks.profile_page_context.register(profile_listings)
