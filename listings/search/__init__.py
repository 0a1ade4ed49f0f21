"""Search and browse: one interface over two full-text engines.

`parse_search_params()` turns a query string into `SearchParams` (bad values
are ignored or clamped, with a notice); `search_listings()` returns one page of
results, a count and per-department facets.

How a page is found, so that page 500 costs what page 1 costs:
- Sorted results (newest, price, most liked) page by seek (keyset): the next
  page starts after the last row shown, walking one index that matches the
  sort and the most selective filter (department, category or brand).
- Words are matched either through the full-text index (MariaDB/MySQL
  FULLTEXT, SQLite FTS5) or, on MariaDB/MySQL, by walking the sort's index and
  keeping rows whose document matches. The full-text index materialises every
  match before sorting, so it is fast for rare words and slow for common ones;
  the walk stops after one page of hits, so it is fast for common words and
  slow for rare ones. A SAMPLE_ROWS sample of the walk tells which is cheaper.
- Relevance pages are bounded: at most RELEVANCE_MAX_PAGES pages, from the
  full-text ranking when the words match few rows, else from the newest
  matches within the newest RELEVANCE_SCAN_ROWS rows, ranked by where the
  words occur.
- Counts are exact up to 10,000 ("10,000+" beyond) when that fits a time
  budget, and cached briefly; otherwise an estimate from the sample is shown
  as "about N".
"""

from dataclasses import replace

from listings.models import Listing
from listings.search.fetch import (
    _count,
    _facets,
    _fetch_ids_relevance,
    _fetch_ids_sorted,
)
from listings.search.index import (
    document_for,
    rebuild_search_index,
    refresh_search_fields,
)
from listings.search.params import (
    INNODB_STOPWORDS,
    MIN_INDEXED_LENGTH,
    SEARCH_PARAMETERS,
    SORT_LABELS,
    Facet,
    SearchParams,
    SearchResult,
    _encode_cursor,
    canonical_query,
    default_sort,
    parse_search_params,
)
from listings.search.sql import (
    _plan,
)

__all__ = [
    "INNODB_STOPWORDS",
    "MIN_INDEXED_LENGTH",
    "SEARCH_PARAMETERS",
    "SORT_LABELS",
    "Facet",
    "SearchParams",
    "SearchResult",
    "_encode_cursor",
    "canonical_query",
    "default_sort",
    "document_for",
    "parse_search_params",
    "rebuild_search_index",
    "refresh_search_fields",
    "search_listings",
    "similar_listings",
]


# --- Entry point --------------------------------------------------------------
def search_listings(
    params: SearchParams,
    *,
    with_counts: bool = True,
    listed_after=None,
    limit: int | None = None,
) -> SearchResult:
    """One page of listings for `params`, in a constant number of queries;
    only its first `limit` listings are loaded when a caller shows fewer."""
    notices: list[str] = []
    if listed_after is not None:
        # Saved-search alerts: only what was listed since the last alert.
        params = replace(params, sort="newest", cursor="", page=1)
    plan = _plan(params, params.sort)
    result = SearchResult(params=params, listings=[], strategy=plan.strategy)
    if params.sort == "relevance":
        ids, result.has_next_page = _fetch_ids_relevance(params, plan, notices)
    else:
        if listed_after is not None:
            plan.text_where = [*plan.text_where, "published_at > %s"]
            plan.text_args = [*plan.text_args, listed_after]
        ids, result.next_cursor, result.previous_cursor = _fetch_ids_sorted(
            params, plan, params.sort, notices
        )
    if limit is not None:
        ids = ids[:limit]
    by_id = Listing.objects.with_card_data().in_bulk(ids)
    result.listings = [by_id[pk] for pk in ids if pk in by_id]
    if with_counts:
        result.count, result.count_capped, result.count_approximate = _count(
            params, plan
        )
        result.facets = _facets(params, plan)
    result.notices = notices
    return result


def similar_listings(listing: Listing, *, limit: int = 12) -> list[Listing]:
    """On sale in the same category within half to twice the price, newest first."""
    params = SearchParams(
        category=listing.category,
        min_price=max(listing.price_cents // 200, 1),
        max_price=listing.price_cents // 50,
    )
    found = search_listings(params, with_counts=False, limit=limit + 1).listings
    return [item for item in found if item.pk != listing.pk][:limit]
