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

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import Brand, Category, Listing
from marketplace.pagecache import bump_data_version

COUNT_CAP = 10_000
# Relevance looks at most this many best (or, for common words, newest) matches.
RELEVANCE_WINDOW = 240
# Full-text ranking is used when the words match at most this many rows;
# otherwise the newest RELEVANCE_SCAN_ROWS rows of the walk are ranked.
RELEVANCE_FULLTEXT_MAX_MATCHES = 1_000
RELEVANCE_SCAN_ROWS = 15_000
SAMPLE_ROWS = 1_000
RELEVANCE_MAX_PAGES = 5
CACHE_SECONDS = 300
# MariaDB/MySQL: how long a count or facet query may take before an estimate
# is shown instead, and how long any walk may take before it gives up.
COUNT_BUDGET_SECONDS = 0.03
# Exact counts are tried only when they fit the budget: a full-text match
# costs ~100 µs, a walked row ~1.5 µs (measured on the 1M-row benchmark).
EXACT_FULLTEXT_MAX_MATCHES = 300
EXACT_WALK_MAX_ROWS = 20_000
# Without words, facets over at most this many rows are counted exactly.
FACET_EXACT_MAX = 20_000
WALK_BUDGET_SECONDS = 0.5
RANK_WALK_BUDGET_SECONDS = 0.2
# Rough per-row costs measured on MariaDB (docs/performance-notes.md): a
# full-text match costs a random row read; a walk reads rows in index order.
FULLTEXT_COST_PER_MATCH = 100
WALK_COST_PER_ROW = 1

# InnoDB's default full-text stopwords; like words under 3 letters they are
# not in the index, so they are matched by the walk instead.
INNODB_STOPWORDS = frozenset(
    [
        "a",
        "about",
        "an",
        "are",
        "as",
        "at",
        "be",
        "by",
        "com",
        "de",
        "en",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "la",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "who",
        "will",
        "with",
        "und",
        "www",
    ]
)
MIN_INDEXED_LENGTH = 3
MAX_TERMS = 8
TOKEN_RE = re.compile(r"\w+", re.UNICODE)

SORTS = {
    # name: ((column, descending), (tie-breaker column, descending))
    "newest": (("published_at", True), ("id", True)),
    "price_asc": (("price_cents", False), ("id", False)),
    "price_desc": (("price_cents", True), ("id", True)),
    "most_liked": (("like_count", True), ("id", True)),
}
SORT_LABELS = {
    "relevance": _("Best match"),
    "newest": _("Newest"),
    "price_asc": _("Price: low to high"),
    "price_desc": _("Price: high to low"),
    "most_liked": _("Most liked"),
}
STATUSES = {"on_sale": Listing.Status.ON_SALE, "sold": Listing.Status.SOLD}


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    category: Category | None = None
    brand: Brand | None = None
    conditions: tuple[str, ...] = ()
    min_price: int | None = None
    max_price: int | None = None
    free_shipping: bool = False
    status: str = "on_sale"
    sort: str = "newest"
    cursor: str = ""
    page: int = 1
    seller_id: int | None = None  # a profile's listings; never from the URL

    @property
    def terms(self) -> list[str]:
        """The query's words, lower-cased, de-duplicated, at most MAX_TERMS."""
        words = dict.fromkeys(w.lower() for w in TOKEN_RE.findall(self.q))
        return list(words)[:MAX_TERMS]

    @property
    def indexed_terms(self) -> list[str]:
        return [
            t
            for t in self.terms
            if len(t) >= MIN_INDEXED_LENGTH and t not in INNODB_STOPWORDS
        ]

    def query_items(self, **changes) -> list[tuple[str, str]]:
        """The parameters as (name, value) pairs for a URL, with `changes` applied."""
        params = replace(self, **changes)
        items = []
        if params.seller_id is not None:
            items.append(("seller", str(params.seller_id)))
        if params.q:
            items.append(("q", params.q))
        if params.category:
            items.append(("category", params.category.slug))
        if params.brand:
            items.append(("brand", params.brand.name))
        items.extend(("condition", c) for c in params.conditions)
        if params.min_price is not None:
            items.append(("min_price", str(params.min_price)))
        if params.max_price is not None:
            items.append(("max_price", str(params.max_price)))
        if params.free_shipping:
            items.append(("shipping", "free"))
        if params.status != "on_sale":
            items.append(("status", params.status))
        if params.sort != default_sort(params.q):
            items.append(("sort", params.sort))
        if params.cursor:
            items.append(("cursor", params.cursor))
        if params.page != 1:
            items.append(("page", str(params.page)))
        return items

    def cache_key(self, kind: str) -> str:
        """A key for what does not depend on the page shown."""
        items = self.query_items(cursor="", page=1, sort="newest")
        digest = hashlib.sha256(json.dumps(items).encode()).hexdigest()[:32]
        return f"search:{kind}:{digest}"


@dataclass
class Facet:
    department: Category
    count: int
    approximate: bool


@dataclass
class SearchResult:
    params: SearchParams
    listings: list[Listing]
    strategy: str
    next_cursor: str = ""
    previous_cursor: str = ""
    has_next_page: bool = False
    count: int = 0
    count_capped: bool = False
    count_approximate: bool = False
    facets: list[Facet] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def default_sort(q: str) -> str:
    """Best match when there are words to match, else newest first."""
    return "relevance" if TOKEN_RE.search(q) else "newest"


def canonical_query(params: SearchParams) -> str:
    """The search as a query string, the same for the same search however typed."""
    return urlencode(params.query_items(cursor="", page=1))


# --- Parsing ------------------------------------------------------------------
def _dollars(value: str, label: str, notices: list[str]) -> int | None:
    value = (value or "").strip().lstrip("$").replace(",", "")
    if not value:
        return None
    try:
        amount = int(float(value))
    except (ValueError, OverflowError):
        notices.append(
            _("“%(value)s” is not a price; the %(label)s filter is ignored.")
            % {"value": value[:20], "label": label}
        )
        return None
    clamped = min(max(amount, 0), settings.LISTING_MAX_PRICE_DOLLARS)
    if clamped != amount:
        notices.append(
            _("The %(label)s was set to $%(amount)d.")
            % {"label": label, "amount": clamped}
        )
    return clamped


def parse_search_params(
    data, *, category: Category | None = None
) -> tuple[SearchParams, list[str]]:
    """Read search parameters from a QueryDict or dict; never raises.

    Unknown or malformed values are dropped or clamped, each with a notice.
    """
    notices: list[str] = []

    def get(name):
        value = data.get(name, "")
        return value if isinstance(value, str) else ""

    def getlist(name):
        if hasattr(data, "getlist"):
            return data.getlist(name)
        value = data.get(name, [])
        return value if isinstance(value, list) else [value]

    q = " ".join(get("q").split())[:200]
    if category is None and get("category"):
        category = (
            Category.objects.select_related("parent")
            .filter(slug=get("category"))
            .first()
        )
        if category is None:
            notices.append(_("There is no such category; showing every category."))
    brand = None
    if get("brand").strip():
        key = " ".join(get("brand").split()).lower()[:60]
        brand = Brand.objects.filter(key=key).first()
        if brand is None:
            notices.append(
                _("No brand is called “%(brand)s”; showing every brand.")
                % {"brand": get("brand")[:60]}
            )
    valid_conditions = set(Listing.Condition.values)
    wanted = [c for c in getlist("condition") if isinstance(c, str)]
    conditions = tuple(c for c in Listing.Condition.values if c in wanted)
    if any(c not in valid_conditions for c in wanted):
        notices.append(_("An unknown condition was ignored."))
    min_price = _dollars(get("min_price"), _("minimum price"), notices)
    max_price = _dollars(get("max_price"), _("maximum price"), notices)
    if min_price is not None and max_price is not None and min_price > max_price:
        min_price, max_price = max_price, min_price
        notices.append(_("The minimum and maximum prices were swapped."))
    status = get("status") or "on_sale"
    if status not in STATUSES:
        notices.append(_("Unknown status; showing items on sale."))
        status = "on_sale"
    sort = get("sort") or default_sort(q)
    if sort not in SORTS and sort != "relevance":
        notices.append(_("Unknown sort order; sorted by the default."))
        sort = default_sort(q)
    if sort == "relevance" and not TOKEN_RE.search(q):
        sort = "newest"
    try:
        page = int(get("page") or 1)
    except ValueError:
        page = 1
        notices.append(_("That page number is not valid; showing the first page."))
    if page < 1 or page > RELEVANCE_MAX_PAGES:
        clamped = min(max(page, 1), RELEVANCE_MAX_PAGES)
        if sort == "relevance":
            notices.append(
                _("Results by best match go up to page %(max)d.")
                % {"max": RELEVANCE_MAX_PAGES}
            )
        page = clamped
    cursor = get("cursor")[:200] if sort != "relevance" else ""
    if cursor and _decode_cursor(cursor, sort) is None:
        # Dropped here so that no link on the page carries it on.
        notices.append(_("That page link is out of date; showing the first page."))
        cursor = ""
    params = SearchParams(
        q=q,
        category=category,
        brand=brand,
        conditions=conditions,
        min_price=min_price,
        max_price=max_price,
        free_shipping=get("shipping") == "free",
        status=status,
        sort=sort,
        cursor=cursor,
        page=page if sort == "relevance" else 1,
    )
    return params, notices


# --- Cursors ------------------------------------------------------------------
def _encode_cursor(sort: str, value, pk: int, direction: str) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps([sort, value, pk, direction], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# What a cursor may carry: the sort keys are non-negative integers or dates a
# database column can hold, ids are positive; anything else is not ours.
CURSOR_MAX_INT = 2**63 - 1
CURSOR_MIN_DATE = datetime(1970, 1, 1, tzinfo=UTC)
CURSOR_MAX_DATE = datetime(9999, 1, 1, tzinfo=UTC)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _decode_cursor(cursor: str, sort: str):
    """(value, pk, direction), or None for a cursor of another sort or a bad one.

    A cursor comes from the URL, so it is hostile until proven ours: any value
    that does not decode, or lies outside what the columns hold (Infinity,
    NaN, huge or negative numbers, dates that overflow UTC), is refused like an
    out-of-date link rather than reaching the database.
    """
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        name, value, pk, direction = json.loads(base64.urlsafe_b64decode(padded))
        if name != sort or direction not in ("after", "before"):
            return None
        if not _is_int(pk) or not 0 < pk <= CURSOR_MAX_INT:
            return None
        if SORTS[sort][0][0] == "published_at":
            if not isinstance(value, str):
                return None
            value = datetime.fromisoformat(value)
            if timezone.is_naive(value):
                return None
            value = value.astimezone(UTC)
            if not CURSOR_MIN_DATE <= value < CURSOR_MAX_DATE:
                return None
        elif not _is_int(value) or not 0 <= value <= CURSOR_MAX_INT:
            return None
        return value, pk, direction
    except (
        ValueError,  # bad base64, JSON, date, or not four parts
        TypeError,
        KeyError,
        OverflowError,  # a date that leaves the calendar once moved to UTC
        RecursionError,  # deeply nested JSON
        UnicodeDecodeError,
    ):
        return None


# --- SQL building -------------------------------------------------------------
TABLE = Listing._meta.db_table
USER_TABLE = get_user_model()._meta.db_table


def _is_mysql() -> bool:
    return connection.vendor == "mysql"


def _db_value(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _filters(params: SearchParams, *, with_category: bool = True) -> tuple[list, list]:
    """WHERE fragments (for the listing table, unqualified) and their arguments."""
    where = [
        "status = %s",
        "published_at IS NOT NULL",
        # Two subqueries, each answered by its own index on the member table.
        f"seller_id NOT IN (SELECT id FROM {USER_TABLE} WHERE is_active = %s)",
        f"seller_id NOT IN (SELECT id FROM {USER_TABLE} WHERE vacation_until >= %s)",
    ]
    args = [STATUSES[params.status], False, timezone.localdate()]
    if with_category and params.category is not None:
        if params.category.is_department:
            where.append("department_id = %s")
        else:
            where.append("category_id = %s")
        args.append(params.category.pk)
    if params.brand is not None:
        where.append("brand_id = %s")
        args.append(params.brand.pk)
    if params.seller_id is not None:
        where.append("seller_id = %s")
        args.append(params.seller_id)
    if params.conditions:
        where.append(f"`condition` IN ({', '.join(['%s'] * len(params.conditions))})")
        args.extend(params.conditions)
    if params.min_price is not None:
        where.append("price_cents >= %s")
        args.append(params.min_price * 100)
    if params.max_price is not None:
        where.append("price_cents <= %s")
        args.append(params.max_price * 100)
    if params.free_shipping:
        where.append("shipping_payer = %s")
        args.append(Listing.ShippingPayer.SELLER)
    return where, args


def _quote(sql: str) -> str:
    """Our fragments quote `condition` (a reserved word) MySQL-style."""
    return sql if _is_mysql() else sql.replace("`condition`", '"condition"')


def _index_for(params: SearchParams, sort: str) -> str:
    """The index whose order matches `sort` and narrows by the best filter."""
    category = params.category
    if sort in ("price_asc", "price_desc"):
        if category is not None:
            return (
                "listing_dept_price" if category.is_department else "listing_cat_price"
            )
        return "listing_status_price"
    if sort == "most_liked":
        return "listing_status_liked"
    if params.seller_id is not None:
        return "listing_seller_newest"
    if params.brand is not None:
        return "listing_brand_newest"
    if category is not None:
        return "listing_dept_newest" if category.is_department else "listing_cat_newest"
    return "listing_status_newest"


def _from(index: str | None) -> str:
    if index and _is_mysql():
        return f"{TABLE} FORCE INDEX ({index})"
    return TABLE


def _walk_text_filter(terms: list[str]) -> tuple[list, list]:
    """Each word must start a word of the document (the same as FULLTEXT `+w*`)."""
    if _is_mysql():
        return (
            ["search_document REGEXP %s"] * len(terms),
            [f"(?i)\\b{re.escape(t)}" for t in terms],
        )
    # SQLite without FTS5 in the walk: LIKE is case-insensitive for ASCII.
    return (["search_document LIKE %s"] * len(terms), [f"%{t}%" for t in terms])


def _fulltext_filter(params: SearchParams) -> tuple[list, list]:
    """Rows matching every word through the full-text index (+ a check for
    the words the index does not hold)."""
    indexed = params.indexed_terms
    others = [t for t in params.terms if t not in indexed]
    if _is_mysql():
        where = ["MATCH(search_document) AGAINST(%s IN BOOLEAN MODE)"]
        args = [" ".join(f"+{t}*" for t in indexed)]
        more_where, more_args = _walk_text_filter(others)
        return where + more_where, args + more_args
    fts = " ".join(f'"{t}"*' for t in params.terms)
    return (
        ["id IN (SELECT rowid FROM listings_fts WHERE listings_fts MATCH %s)"],
        [fts],
    )


def _run(sql: str, args: list, *, budget: float | None = None) -> list[tuple]:
    sql = _quote(sql)
    if budget is not None and _is_mysql():
        sql = f"SET STATEMENT max_statement_time={budget:.3f} FOR {sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_db_value(a) for a in args])
        return list(cursor.fetchall())


def _aware(value):
    """Raw queries return naive UTC datetimes (USE_TZ); cursors carry aware ones."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, UTC)
    return value


def _is_timeout(error: DatabaseError) -> bool:
    # MariaDB: ER_STATEMENT_TIMEOUT (1969), or InnoDB's "aborted by user" (188)
    # when the statement was inside a full-text search; MySQL: 3024.
    code = error.args[0] if error.args else None
    return code in (188, 1317, 1969, 3024)


# --- Planning -----------------------------------------------------------------
@dataclass
class _Plan:
    strategy: str  # "index" (no words), "fulltext" or "walk"
    index: str | None
    text_where: list
    text_args: list
    sample_hits: int = SAMPLE_ROWS
    sample_size: int = SAMPLE_ROWS
    # The words as a row filter usable on any row set (samples, windows).
    text_where_walk: list = field(default_factory=list)
    text_args_walk: list = field(default_factory=list)


def _sample(params: SearchParams, index: str, text_where: list, text_args: list):
    """(hits, size): how many of the first SAMPLE_ROWS rows of `index`'s walk
    pass every filter and word."""
    where, args = _filters(params)
    prefix_sql, prefix_args = _index_prefix_filter(params, index)
    inner = (
        "SELECT search_document, published_at, seller_id, department_id, "
        "category_id, brand_id, `condition`, price_cents, shipping_payer "
        f"FROM {_from(index)} WHERE status = %s {prefix_sql}"
        f"ORDER BY {_index_order(index)} LIMIT {SAMPLE_ROWS}"
    )
    passes = " AND ".join(where[1:] + text_where)
    sql = (
        f"SELECT COALESCE(SUM(CASE WHEN {passes} THEN 1 ELSE 0 END), 0), COUNT(*) "
        f"FROM ({inner}) s"
    )
    sql_args = [*args[1:], *text_args, args[0], *prefix_args]
    # The same sample serves the plan, the count and the facets, and repeated
    # searches for a minute.
    key = (
        "search:sample:"
        + hashlib.sha256(repr((sql, [str(a) for a in sql_args])).encode()).hexdigest()
    )
    cached = cache.get(key)
    if cached is None:
        rows = _run(sql, sql_args)
        cached = (int(rows[0][0]), int(rows[0][1]))
        cache.set(key, cached, 60)
    return cached


def _index_prefix_filter(params: SearchParams, index: str) -> tuple[str, list]:
    if index in ("listing_dept_newest", "listing_dept_price"):
        return "AND department_id = %s ", [params.category.pk]
    if index in ("listing_cat_newest", "listing_cat_price"):
        return "AND category_id = %s ", [params.category.pk]
    if index == "listing_brand_newest":
        return "AND brand_id = %s ", [params.brand.pk]
    if index == "listing_seller_newest":
        return "AND seller_id = %s ", [params.seller_id]
    return "", []


def _index_order(index: str) -> str:
    if index.endswith("_price"):
        return "price_cents, id"
    if index.endswith("_liked"):
        return "like_count DESC, id DESC"
    return "published_at DESC, id DESC"


def _table_rows() -> int:
    """The table's row estimate (InnoDB statistics; no scan), cached."""
    count = cache.get("search:table-rows")
    if count is None:
        rows = _run(
            "SELECT TABLE_ROWS FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s",
            [TABLE],
        )
        count = int(rows[0][0] or 0) if rows else 0
        cache.set("search:table-rows", count, CACHE_SECONDS)
    return count


def _plan(params: SearchParams, sort: str) -> _Plan:
    plan = _choose(params, sort)
    plan.text_where_walk, plan.text_args_walk = _walk_text_filter(params.terms)
    return plan


def _choose(params: SearchParams, sort: str) -> _Plan:
    index = _index_for(params, sort if sort in SORTS else "newest")
    if not params.terms:
        return _Plan("index", index, [], [])
    if not _is_mysql():
        where, args = _fulltext_filter(params)
        return _Plan("fulltext", None, where, args)
    walk_where, walk_args = _walk_text_filter(params.terms)
    hits, size = _sample(params, index, walk_where, walk_args)
    if not params.indexed_terms:
        return _Plan("walk", index, walk_where, walk_args, hits, size)
    # Cost of each way, in "row reads" (see the module docstring).
    global_hits, global_size = _sample(
        SearchParams(status=params.status),
        "listing_status_newest",
        walk_where,
        walk_args,
    )
    matches = _table_rows() * global_hits / max(global_size, 1)
    fulltext_cost = FULLTEXT_COST_PER_MATCH * matches
    walk_cost = (
        WALK_COST_PER_ROW * settings.SEARCH_PAGE_SIZE * size / hits
        if hits
        else float("inf")
    )
    if sort == "relevance":
        # Ranking scores every match; for common words rank a window of the
        # newest matches instead (see _fetch_ids_relevance).
        few = matches <= RELEVANCE_FULLTEXT_MAX_MATCHES
        strategy = "fulltext" if few else "walk"
    else:
        strategy = "fulltext" if fulltext_cost <= walk_cost else "walk"
    if strategy == "fulltext":
        where, args = _fulltext_filter(params)
        return _Plan("fulltext", None, where, args, hits, size)
    return _Plan("walk", index, walk_where, walk_args, hits, size)


# --- Fetching a page ----------------------------------------------------------
def _fetch_ids_sorted(params: SearchParams, plan: _Plan, sort: str, notices):
    page_size = settings.SEARCH_PAGE_SIZE
    (key, key_desc), (tie, tie_desc) = SORTS[sort]
    where, args = _filters(params)
    where += plan.text_where
    args += plan.text_args
    position = _decode_cursor(params.cursor, sort) if params.cursor else None
    if params.cursor and position is None:
        notices.append(_("That page link is out of date; showing the first page."))
    backwards = position is not None and position[2] == "before"
    if position is not None:
        value, pk, _direction = position
        # Rows after the cursor in display order (before it when going back).
        ahead = key_desc != backwards
        op = "<" if ahead else ">"
        where.append(f"({key} {op} %s OR ({key} = %s AND {tie} {op} %s))")
        args += [value, value, pk]
    descending = key_desc != backwards
    direction = "DESC" if descending else "ASC"
    order = f"{key} {direction}, {tie} {direction}"
    sql = (
        f"SELECT id, {key} FROM {_from(plan.index)} WHERE {' AND '.join(where)} "
        f"ORDER BY {order} LIMIT {page_size + 1}"
    )
    try:
        rows = _run(sql, args, budget=WALK_BUDGET_SECONDS if plan.index else None)
    except DatabaseError as error:
        if not _is_timeout(error):
            raise
        notices.append(
            _("This search took too long. Add a more specific word or a filter.")
        )
        return [], "", ""
    more = len(rows) > page_size
    rows = rows[:page_size]
    if backwards:
        rows.reverse()
    ids = [row[0] for row in rows]
    next_cursor = previous_cursor = ""
    if rows and (more or backwards):
        next_cursor = _encode_cursor(sort, _aware(rows[-1][1]), rows[-1][0], "after")
    if rows and (position is not None and (not backwards or more)):
        previous_cursor = _encode_cursor(sort, _aware(rows[0][1]), rows[0][0], "before")
    return ids, next_cursor, previous_cursor


def _rank_window(params: SearchParams, plan: _Plan, notices) -> list[int]:
    """Common words by relevance: the newest matches, ranked by where words occur."""
    where, args = _filters(params)
    prefix_sql, prefix_args = _index_prefix_filter(params, plan.index)
    # Only the newest RELEVANCE_SCAN_ROWS rows of the walk are looked at: find
    # where they end (an index-only step), then walk that range.
    edge = _run(
        f"SELECT published_at FROM {_from(plan.index)} WHERE status = %s "
        f"{prefix_sql}ORDER BY published_at DESC, id DESC "
        f"LIMIT 1 OFFSET {RELEVANCE_SCAN_ROWS - 1}",
        [args[0], *prefix_args],
    )
    if edge:
        where = [*where, "published_at >= %s"]
        args = [*args, _aware(edge[0][0])]
    sql = (
        f"SELECT id, title, search_document FROM {_from(plan.index)} "
        f"WHERE {' AND '.join(where + plan.text_where)} "
        f"ORDER BY published_at DESC, id DESC LIMIT {RELEVANCE_WINDOW}"
    )
    try:
        rows = _run(sql, args + plan.text_args, budget=RANK_WALK_BUDGET_SECONDS)
    except DatabaseError as error:
        if not _is_timeout(error):
            raise
        notices.append(
            _("This search took too long. Add a more specific word or a filter.")
        )
        return []
    patterns = [re.compile(rf"\b{re.escape(t)}", re.IGNORECASE) for t in params.terms]

    def score(row):
        title, document = row[1], row[2]
        return sum(
            3 if p.search(title) else (1 if p.search(document) else 0) for p in patterns
        )

    # Stable sort keeps newest first among equal scores.
    return [row[0] for row in sorted(rows, key=score, reverse=True)]


def _fulltext_window(params: SearchParams, plan: _Plan) -> list[int]:
    """The RELEVANCE_WINDOW best full-text matches, then the page's filters.

    InnoDB returns the top rows by score fast when nothing else is in the
    WHERE clause; filtering those few rows by primary key is cheap.
    """
    words = " ".join(f"+{t}*" for t in params.indexed_terms)
    match = "MATCH(search_document) AGAINST(%s IN BOOLEAN MODE)"
    ranked = [
        row[0]
        for row in _run(
            f"SELECT id FROM {TABLE} WHERE {match} "
            f"ORDER BY {match} DESC LIMIT {RELEVANCE_WINDOW}",
            [words, words],
        )
    ]
    if not ranked:
        return []
    where, args = _filters(params)
    text_where, text_args = _walk_text_filter(params.terms)
    keep = {
        row[0]
        for row in _run(
            f"SELECT id FROM {TABLE} WHERE id IN ({', '.join(['%s'] * len(ranked))}) "
            f"AND {' AND '.join(where + text_where)}",
            [*ranked, *args, *text_args],
        )
    }
    return [pk for pk in ranked if pk in keep]


def _fetch_ids_relevance(params: SearchParams, plan: _Plan, notices):
    page_size = settings.SEARCH_PAGE_SIZE
    offset = (params.page - 1) * page_size
    if plan.strategy == "walk":
        ranked = _rank_window(params, plan, notices)
        return ranked[offset : offset + page_size], len(ranked) > offset + page_size
    if _is_mysql():
        ranked = _fulltext_window(params, plan)
        return ranked[offset : offset + page_size], len(ranked) > offset + page_size
    where, args = _filters(params)
    where += plan.text_where
    args += plan.text_args
    # SQLite: bm25() is lower for better matches.
    score = (
        "(SELECT bm25(listings_fts) FROM listings_fts "
        "WHERE listings_fts MATCH %s AND rowid = id)"
    )
    score_args = [plan.text_args[0]]
    order = f"{score} ASC, id DESC"
    sql = (
        f"SELECT id FROM {TABLE} WHERE {' AND '.join(where)} "
        f"ORDER BY {order} LIMIT {page_size + 1} OFFSET {offset}"
    )
    rows = _run(sql, args + score_args)
    return [r[0] for r in rows[:page_size]], len(rows) > page_size


# --- Counting -----------------------------------------------------------------
@dataclass
class _Estimate:
    matches: int
    confident: bool  # enough sample hits to trust the size


def _estimate(params: SearchParams, plan: _Plan) -> _Estimate:
    """Matches estimated from the newest rows' hit rate and the table's size."""
    hits, size = _sample(
        params, "listing_status_newest", plan.text_where_walk, plan.text_args_walk
    )
    return _Estimate(int(_table_rows() * hits / max(size, 1)), hits >= 30)


def _count(params: SearchParams, plan: _Plan) -> tuple[int, bool, bool]:
    """(count, capped at COUNT_CAP, approximate) — cached for CACHE_SECONDS."""
    key = params.cache_key("count")
    cached = cache.get(key)
    if cached is not None:
        return tuple(cached)
    estimate = _estimate(params, plan) if _is_mysql() else None
    if estimate and estimate.confident and estimate.matches >= 3 * COUNT_CAP:
        # Far past the cap: counting to 10,001 would only confirm it.
        result = (COUNT_CAP, True, False)
        cache.set(key, list(result), CACHE_SECONDS)
        return result
    if estimate and not _counting_is_cheap(plan, estimate):
        result = _estimated_count(estimate)
        cache.set(key, list(result), CACHE_SECONDS)
        return result
    where, args = _filters(params)
    sql = (
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {_from(plan.index)} "
        f"WHERE {' AND '.join(where + plan.text_where)} LIMIT {COUNT_CAP + 1}) c"
    )
    try:
        count = _run(sql, args + plan.text_args, budget=COUNT_BUDGET_SECONDS)[0][0]
        result = (min(count, COUNT_CAP), count > COUNT_CAP, False)
    except DatabaseError as error:
        if not _is_timeout(error):
            raise
        result = _estimated_count(estimate or _estimate(params, plan))
    cache.set(key, list(result), CACHE_SECONDS)
    return result


def _estimated_count(estimate: _Estimate) -> tuple[int, bool, bool]:
    return (
        min(_round(estimate.matches), COUNT_CAP),
        estimate.matches > COUNT_CAP,
        True,
    )


def _counting_is_cheap(plan: _Plan, estimate: _Estimate) -> bool:
    """Whether an exact count fits COUNT_BUDGET_SECONDS (see the cost notes)."""
    if plan.strategy == "fulltext":
        return estimate.matches <= EXACT_FULLTEXT_MAX_MATCHES
    density = plan.sample_hits / max(plan.sample_size, 1)
    to_count = min(estimate.matches, COUNT_CAP + 1)
    return density > 0 and to_count / density <= EXACT_WALK_MAX_ROWS


def _round(count: int) -> int:
    """An estimate to two significant digits: "about 8,400", not "about 8,378"."""
    if count < 100:
        return count
    magnitude = 10 ** (len(str(count)) - 2)
    return round(count / magnitude) * magnitude


def _facets(params: SearchParams, plan: _Plan) -> list[Facet]:
    """Per-department counts for the current query (ignoring the category filter)."""
    key = params.cache_key("facets")
    cached = cache.get(key)
    departments = {d.pk: d for d in Category.objects.departments()}
    if cached is None:
        unfiltered = replace(params, category=None)
        estimate = _estimate(unfiltered, plan) if _is_mysql() else None
        if estimate and not (
            estimate.matches <= EXACT_FULLTEXT_MAX_MATCHES
            or (not params.terms and estimate.matches <= FACET_EXACT_MAX)
        ):
            cached = {"approximate": True, "counts": _facet_estimates(params, plan)}
        else:
            cached = _exact_facets(params, plan)
        cache.set(key, cached, CACHE_SECONDS)
    return [
        Facet(departments[pk], count, cached["approximate"])
        for pk, count in sorted(cached["counts"].items(), key=lambda kv: -kv[1])
        if pk in departments and count
    ]


def _exact_facets(params: SearchParams, plan: _Plan) -> dict:
    where, args = _filters(params, with_category=False)
    sql = (
        f"SELECT department_id, COUNT(*) FROM {TABLE} "
        f"WHERE {' AND '.join(where + plan.text_where)} GROUP BY department_id"
    )
    try:
        rows = _run(sql, args + plan.text_args, budget=COUNT_BUDGET_SECONDS * 2)
    except DatabaseError as error:
        if not _is_timeout(error):
            raise
        return {"approximate": True, "counts": _facet_estimates(params, plan)}
    return {"approximate": False, "counts": {pk: n for pk, n in rows if pk}}


def _facet_estimates(params: SearchParams, plan: _Plan) -> dict[int, int]:
    where, args = _filters(params, with_category=False)
    inner = (
        f"SELECT * FROM {_from('listing_status_newest')} WHERE status = %s "
        f"ORDER BY published_at DESC, id DESC LIMIT {SAMPLE_ROWS}"
    )
    rows = _run(
        f"SELECT department_id, COUNT(*) FROM ({inner}) s "
        f"WHERE {' AND '.join(where[1:] + plan.text_where_walk) or '1=1'} "
        "GROUP BY department_id",
        [args[0], *args[1:], *plan.text_args_walk],
    )
    scale = _table_rows() / SAMPLE_ROWS
    return {pk: _round(int(n * scale)) for pk, n in rows if pk}


# --- Entry point --------------------------------------------------------------
def search_listings(
    params: SearchParams, *, with_counts: bool = True, listed_after=None
) -> SearchResult:
    """One page of listings for `params`, in a constant number of queries."""
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
    by_id = Listing.objects.with_card_data().in_bulk(ids)
    result.listings = [by_id[pk] for pk in ids if pk in by_id]
    if with_counts:
        result.count, result.count_capped, result.count_approximate = _count(
            params, plan
        )
        result.facets = _facets(params, plan)
    result.notices = notices
    return result


# --- Keeping the document current ---------------------------------------------
def document_for(listing: Listing) -> str:
    """The text the full-text index holds for `listing`.

    The title is repeated so that a word in the title ranks above the same
    word only in the description.
    """
    category = listing.category
    department = category.parent if category.parent_id else None
    parts = [listing.title] * 3 + [
        listing.brand_name,
        category.name,
        department.name if department else "",
        listing.size,
        listing.colour,
        listing.description,
    ]
    return " ".join(p for p in parts if p)


def refresh_search_fields(listing: Listing) -> None:
    """Set the department and search document before `listing` is saved."""
    listing.department_id = listing.category.parent_id or listing.category_id
    listing.search_document = document_for(listing)


def rebuild_search_index(*, batch_size: int = 2000, progress=None) -> int:
    """Recompute every listing's department and document; returns how many."""
    done = 0
    last_pk = 0
    while True:
        batch = list(
            Listing.objects.select_related("category__parent")
            .filter(pk__gt=last_pk)
            .order_by("pk")[:batch_size]
        )
        if not batch:
            break
        for listing in batch:
            refresh_search_fields(listing)
        Listing.objects.bulk_update(batch, ["department", "search_document"])
        done += len(batch)
        last_pk = batch[-1].pk
        bump_data_version()
        if progress:
            progress(done)
    return done


def similar_listings(listing: Listing, *, limit: int = 12) -> list[Listing]:
    """On sale in the same category within half to twice the price, newest first."""
    params = SearchParams(
        category=listing.category,
        min_price=max(listing.price_cents // 200, 1),
        max_price=listing.price_cents // 50,
    )
    found = search_listings(params, with_counts=False).listings
    return [item for item in found if item.pk != listing.pk][:limit]
