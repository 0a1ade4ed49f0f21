"""Search SQL: WHERE fragments, index choice, running statements, the plan."""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, router
from django.utils import timezone

from listings.models import Listing
from listings.search.params import (
    CACHE_SECONDS,
    FULLTEXT_COST_PER_MATCH,
    RELEVANCE_FULLTEXT_MAX_MATCHES,
    SAMPLE_ROWS,
    SORTS,
    STATUSES,
    WALK_COST_PER_ROW,
    SearchParams,
)
from listings.visibility import public_sql

# --- SQL building -------------------------------------------------------------
TABLE = Listing._meta.db_table


def _connection():
    """The database searches read from: the primary, or the read replica when
    the page may read from it (marketplace.db_router)."""
    return connections[router.db_for_read(Listing)]


def _is_mysql() -> bool:
    return _connection().vendor == "mysql"


def _db_value(value):
    if isinstance(value, datetime):
        return _connection().ops.adapt_datetimefield_value(value)
    return value


def _filters(params: SearchParams, *, with_category: bool = True) -> tuple[list, list]:
    """WHERE fragments (for the listing table, unqualified) and their arguments."""
    where, args = public_sql(STATUSES[params.status])
    where.append("published_at IS NOT NULL")
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
    with _connection().cursor() as cursor:
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
        "category_id, brand_id, `condition`, price_cents, shipping_payer, "
        "held_for_review_at "
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
