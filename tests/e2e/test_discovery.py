"""Finding and liking in a real browser: search, filter, sort, open, like."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from discovery.models import Like
from listings.models import Listing
from tests.e2e.helpers import field, log_in
from tests.factories import (
    ListingFactory,
    UserFactory,
    add_photos,
    leaf_category,
)

# (title, price in dollars, category slug)
ITEMS = [
    ("Brass desk lamp", 40, "home-lighting"),
    ("Brass floor lamp", 120, "home-lighting"),
    ("Glass desk lamp", 25, "home-lighting"),
    ("Brass candle holder", 15, "home-home-decor"),
    ("Walnut picture frame", 18, "home-home-decor"),
    ("Brass-look phone case", 12, "electronics-cell-phones"),
]
BRASS = [title for title, _price, _slug in ITEMS if title.startswith("Brass")]


@pytest.fixture
def shopper(catalogue):
    return UserFactory()


@pytest.fixture
def listings(catalogue):
    now = timezone.now()
    made = {}
    for age, (title, price, slug) in enumerate(ITEMS):
        listing = ListingFactory(
            title=title,
            price_cents=price * 100,
            category=leaf_category(slug),
            published_at=now - timedelta(minutes=age),
        )
        add_photos(listing, 1)
        made[title] = listing
    return made


def card_titles(page):
    return page.locator(".results .listing-card-title")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_search_filter_open_and_like(new_page, shopper, listings, javascript):
    page = new_page(1280, javascript=javascript)
    log_in(page, shopper.username)

    # The header search box.
    header_search = page.get_by_role("search")
    header_search.get_by_label("Search for items").fill("brass")
    header_search.get_by_role("button", name="Search", exact=True).click()

    expect(page).to_have_url(re.compile(r"/search/\?q=brass$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “brass”")
    expect(page.locator(".result-count")).to_have_text("4 results")
    expect(card_titles(page)).to_have_count(4)
    shown = card_titles(page).all_inner_texts()
    assert sorted(shown) == sorted(BRASS)

    # Filters: department Home, at most $100; then cheapest first from the
    # sort control above the results (on change with JavaScript, else Apply).
    filters = page.locator("#filters form")
    expect(field(filters, "Words")).to_have_value("brass")
    field(filters, "Category").select_option(label="Home")
    field(filters, "Max price ($)").fill("100")
    filters.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"[?&]category=home(&|$)"))
    expect(page.locator(".result-count")).to_have_text("2 results")

    sort_form = page.locator(".results form.sort-form")
    field(sort_form, "Sort by").select_option(label="Price: low to high")
    if not javascript:
        sort_form.get_by_role("button", name="Apply").click()

    expect(page).to_have_url(re.compile(r"[?&]sort=price_asc(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]category=home(&|$)"))
    expect(page.locator(".result-count")).to_have_text("2 results")
    expect(card_titles(page)).to_have_text(["Brass candle holder", "Brass desk lamp"])
    expect(page.locator(".results .listing-card-price")).to_have_text(
        ["$15.00", "$40.00"]
    )
    results = page.locator(".results")
    expect(results).not_to_contain_text("Brass-look phone case")
    expect(results).not_to_contain_text("Brass floor lamp")
    expect(field(filters, "Max price ($)")).to_have_value("100")
    expect(field(sort_form, "Sort by")).to_have_value("price_asc")

    # Open the lamp from its card.
    lamp = listings["Brass desk lamp"]
    page.locator(".results .listing-card a", has_text="Brass desk lamp").click()
    expect(page).to_have_url(re.compile(rf"/items/{lamp.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Brass desk lamp")
    item_url = page.url

    like_form = page.locator("form.like-form")
    like_button = like_form.get_by_role("button", name="Like")
    expect(like_button).to_have_attribute("aria-pressed", "false")
    # No likes yet: no "0 likes" beside the heart.
    expect(like_form.locator(".like-count")).to_have_count(0)

    if javascript:
        # htmx swaps the form in place: the page itself is not reloaded.
        page.evaluate("window.__sameDocument = true")
        like_button.click()
        expect(like_form.get_by_role("button", name="Like")).to_have_attribute(
            "aria-pressed", "true"
        )
        expect(like_form.locator(".like-count")).to_have_text("1 like")
        assert page.url == item_url
        assert page.evaluate("window.__sameDocument === true"), "page reloaded"
    else:
        with page.expect_navigation():
            like_button.click()
        expect(page).to_have_url(item_url)
        expect(page.locator("form.like-form .like-count")).to_have_text("1 like")
        expect(
            page.locator("form.like-form").get_by_role("button", name="Like")
        ).to_have_attribute("aria-pressed", "true")

    assert Like.objects.filter(user=shopper).count() == 1
    assert Like.objects.get().listing_id == lamp.pk
    assert Listing.objects.get(pk=lamp.pk).like_count == 1

    # The item is on /likes/.
    page.goto("/likes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Likes")
    liked = page.locator(".liked-card .listing-card-title")
    expect(liked).to_have_text(["Brass desk lamp"])
