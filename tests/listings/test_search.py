"""Search and browse: relevance, filters, sorts, seek paging, counts, notices."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from listings.models import Brand, Listing
from listings.search import parse_search_params, search_listings
from tests.factories import ListingFactory, UserFactory, leaf_category

# InnoDB's full-text index sees only committed rows, so text searches run in
# transactional tests; `catalogue` re-seeds the categories those tests flush.
text_db = pytest.mark.usefixtures("transactional_db", "catalogue")


def search(**query):
    params, notices = parse_search_params(query)
    return search_listings(params), notices


def titles(result):
    return [listing.title for listing in result.listings]


def make(title, minutes_ago=0, **fields):
    return ListingFactory(
        title=title,
        published_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )


@text_db
def test_title_match_ranks_above_description_only_match():
    make("Walnut side table", description="Solid wood.", minutes_ago=5)
    make("Side table", description="Stained to look like walnut.", minutes_ago=1)
    make("Desk chair", description="Nothing to see.")

    result, _ = search(q="walnut")

    assert titles(result) == ["Walnut side table", "Side table"]
    assert result.params.sort == "relevance"


@text_db
def test_words_match_brand_and_category_names_and_all_words_are_needed():
    make("Running shoes", brand_name="Hoka", category=leaf_category("men-sneakers"))
    make("Running shorts", category=leaf_category("women-activewear"))

    assert titles(search(q="hoka")[0]) == ["Running shoes"]
    assert titles(search(q="sneakers")[0]) == ["Running shoes"]
    assert titles(search(q="running activewear")[0]) == ["Running shorts"]
    assert titles(search(q="running nothinglikethis")[0]) == []


@text_db
def test_short_words_and_stopwords_still_match():
    make("Sony TV 42 inch", minutes_ago=2)
    make("The lamp", minutes_ago=1)
    make("Radio")

    assert titles(search(q="tv")[0]) == ["Sony TV 42 inch"]
    assert titles(search(q="the lamp")[0]) == ["The lamp"]


@text_db
def test_html_sql_and_emoji_in_the_query_are_harmless(client):
    make("Lamp")
    for q in ["<script>alert(1)</script>", "' OR 1=1 --", "👟 🔥", "مصباح", '"*+-~()']:
        response = client.get(reverse("listings:search"), {"q": q})
        assert response.status_code == 200, q
        assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_filters_each_narrow_the_results():
    make("Lamp", price_cents=2000, condition="good")
    make("Phone", category=leaf_category("electronics-cell-phones"), price_cents=30000)
    make("Free lamp", shipping_payer="seller", price_cents=5000, condition="new")
    make("Nike lamp", brand=Brand.objects.get(key="nike"), price_cents=1500)

    assert set(titles(search(category="electronics")[0])) == {"Phone"}
    assert set(titles(search(category="home-lighting")[0])) == {
        "Lamp",
        "Free lamp",
        "Nike lamp",
    }
    assert titles(search(brand="NIKE")[0]) == ["Nike lamp"]
    assert set(titles(search(condition=["new"])[0])) == {"Free lamp"}
    assert set(titles(search(min_price="19", max_price="50")[0])) == {
        "Lamp",
        "Free lamp",
    }
    assert titles(search(shipping="free")[0]) == ["Free lamp"]


@pytest.mark.django_db
def test_sorts():
    make("Cheap", price_cents=100, minutes_ago=3)
    make("Dear", price_cents=90000, minutes_ago=2, like_count=7)
    make("Middle", price_cents=5000, minutes_ago=1)

    assert titles(search()[0]) == ["Middle", "Dear", "Cheap"]
    assert titles(search(sort="price_asc")[0]) == ["Cheap", "Middle", "Dear"]
    assert titles(search(sort="price_desc")[0]) == ["Dear", "Middle", "Cheap"]
    assert titles(search(sort="most_liked")[0])[0] == "Dear"


@pytest.mark.django_db
def test_sold_status_shows_only_sold_items_and_hidden_ones_never_show():
    make("Sold lamp", status=Listing.Status.SOLD)
    make("Lamp for sale")
    make("Draft lamp", status=Listing.Status.DRAFT)
    make("Paused lamp", status=Listing.Status.PAUSED)
    away = UserFactory(vacation_until=timezone.localdate() + timedelta(days=3))
    make("Away lamp", seller=away)
    make("Banned lamp", seller=UserFactory(is_active=False))

    assert titles(search()[0]) == ["Lamp for sale"]
    assert titles(search(status="sold")[0]) == ["Sold lamp"]


@pytest.mark.django_db
def test_count_and_department_facets():
    for i in range(3):
        make(f"Lamp {i}")
    make("Phone", category=leaf_category("electronics-cell-phones"))

    result, _ = search()
    facets = {facet.department.slug: facet.count for facet in result.facets}

    assert result.count == 4 and not result.count_capped
    assert facets == {"home": 3, "electronics": 1}
    filtered, _ = search(category="electronics")
    # Facets ignore the category filter so other departments stay one click away.
    assert filtered.count == 1
    assert {f.department.slug: f.count for f in filtered.facets} == facets


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["newest", "price_asc", "price_desc", "most_liked"])
def test_every_result_appears_exactly_once_across_pages(settings, sort):
    settings.SEARCH_PAGE_SIZE = 4
    for i in range(11):
        make(f"Item {i}", price_cents=100 * (i % 3 + 1), minutes_ago=i % 4)
    seen, cursor, pages = [], "", 0
    while True:
        result, _ = search(sort=sort, cursor=cursor)
        seen += [listing.pk for listing in result.listings]
        pages += 1
        if pages == 2:
            make("Arrived meanwhile", price_cents=200)  # must not shift pages
        if not result.next_cursor:
            break
        cursor = result.next_cursor
    expected = set(
        Listing.objects.exclude(title="Arrived meanwhile").values_list("pk", flat=True)
    )
    assert len(seen) == len(set(seen))
    assert expected <= set(seen)
    # And back again: Previous from the last page gives the page before it.
    back, _ = search(sort=sort, cursor=result.previous_cursor)
    assert [listing.pk for listing in back.listings] == seen[
        -len(result.listings) - 4 : -len(result.listings)
    ]


@pytest.mark.django_db
def test_invalid_parameters_give_200_with_a_notice(client):
    make("Lamp")
    response = client.get(
        reverse("listings:search"),
        {
            "min_price": "abc",
            "max_price": "99999",
            "sort": "bogus",
            "status": "stolen",
            "condition": "mint",
            "category": "nope",
            "brand": "zzzz",
            "cursor": "not-a-cursor",
            "page": "999999",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "is not a price",
        "maximum price was set to $2000",
        "Unknown sort order",
        "Unknown status",
        "unknown condition",
        "no such category",
        "No brand is called",
        "page link is out of date",
    ):
        assert text in page, text
    assert "Lamp" in page


@pytest.mark.django_db
def test_empty_results_suggest_removing_filters(client):
    make("Lamp", price_cents=2000)
    response = client.get(
        reverse("listings:search"), {"min_price": 500, "shipping": "free"}
    )
    page = response.content.decode()
    assert "No items match this search." in page
    assert "Remove price" in page and "Remove free shipping" in page


@pytest.mark.django_db
def test_category_page_is_the_search_page_with_breadcrumbs(client):
    make("Lamp")
    response = client.get(reverse("listings:category", args=["home-lighting"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="page">Lighting' in page
    assert "Lamp" in page


@pytest.mark.django_db
def test_search_and_category_query_counts_do_not_grow_with_results(
    client, django_assert_max_num_queries
):
    from tests.factories import add_photos

    for listing in [make(f"Lamp {i}") for i in range(2)]:
        add_photos(listing, 1, size=(20, 20))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("listings:search"))
    with django_assert_max_num_queries(20) as few_category:
        client.get(reverse("listings:category", args=["home"]))
    for listing in [make(f"Lamp {i}") for i in range(40)]:
        add_photos(listing, 1, size=(20, 20))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("listings:search"), {"x": "1"})
    with django_assert_max_num_queries(len(few_category.captured_queries)):
        client.get(reverse("listings:category", args=["home"]), {"x": "1"})


@pytest.mark.django_db
def test_sqlite_uses_fts5_not_a_table_scan():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    make("Lamp")
    result, _ = search(q="lamp")
    assert result.strategy == "fulltext"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM listings_fts WHERE listings_fts MATCH 'lamp'"
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.mysql
@text_db
def test_mariadb_picks_the_walk_for_common_words_and_fulltext_for_rare_ones():
    for i in range(60):
        make(f"Blue shirt {i}", minutes_ago=i)
    make("Zanzibar teapot", minutes_ago=100)

    common, _ = search(q="shirt", sort="newest")
    rare, _ = search(q="zanzibar", sort="newest")

    assert common.strategy == "walk" and len(common.listings) == 48
    assert rare.strategy == "fulltext" and titles(rare) == ["Zanzibar teapot"]


@pytest.mark.mysql
@pytest.mark.django_db
def test_mariadb_seek_page_uses_a_range_on_the_forced_index():
    """Deep pages must not walk the index from the start (docs/performance-notes.md)."""
    make("Lamp")
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM listings_listing "
            "FORCE INDEX (listing_status_newest) WHERE status = 'on_sale' "
            "AND (published_at < %s OR (published_at = %s AND id < %s)) "
            "ORDER BY published_at DESC, id DESC LIMIT 49",
            [timezone.now().replace(tzinfo=None)] * 2 + [10**9],
        )
        columns = [c[0] for c in cursor.description]
        plan = dict(zip(columns, cursor.fetchone(), strict=True))
    assert plan["key"] == "listing_status_newest"
    assert plan["type"] == "range"
