"""Search parameters: tuning constants, parsing a query string, page cursors."""

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import Brand, Category, Listing

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
    def sold(self) -> bool:
        """Sold items (price research) rather than items on sale."""
        return STATUSES[self.status] == Listing.Status.SOLD

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


# Every query parameter parse_search_params() reads: a page's cached parts are
# keyed by these alone (listings.views.search).
SEARCH_PARAMETERS = (
    "q",
    "category",
    "brand",
    "condition",
    "min_price",
    "max_price",
    "shipping",
    "status",
    "sort",
    "page",
    "cursor",
)


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
