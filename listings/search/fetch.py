"""Search pages, counts and facets, from a plan (listings.search.sql)."""

import re
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils.translation import gettext as _

from listings.models import Category
from listings.search.params import (
    CACHE_SECONDS,
    COUNT_BUDGET_SECONDS,
    COUNT_CAP,
    EXACT_FULLTEXT_MAX_MATCHES,
    EXACT_WALK_MAX_ROWS,
    FACET_EXACT_MAX,
    RANK_WALK_BUDGET_SECONDS,
    RELEVANCE_SCAN_ROWS,
    RELEVANCE_WINDOW,
    SAMPLE_ROWS,
    SORTS,
    WALK_BUDGET_SECONDS,
    Facet,
    SearchParams,
    _decode_cursor,
    _encode_cursor,
)
from listings.search.sql import (
    TABLE,
    _aware,
    _filters,
    _from,
    _index_prefix_filter,
    _is_mysql,
    _is_timeout,
    _Plan,
    _run,
    _sample,
    _table_rows,
    _walk_text_filter,
)


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
