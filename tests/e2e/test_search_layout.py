"""The search page and listing cards at phone and desktop widths.

Phones: a sticky Filter/Sort bar above the first result, filters in a sheet
(a :target sheet without JavaScript, a modal with it). Desktop: filters in a
sidebar, sort above the grid, four columns. Likes: the like button and the
price-drop line inside the card, never under the card's link.
"""

import re

import pytest
from playwright.sync_api import expect

from discovery.models import Like
from tests.e2e.helpers import axe_violations, field, log_in
from tests.factories import ListingFactory, UserFactory, add_photos, leaf_category

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@pytest.fixture
def many(catalogue):
    """Twelve lamps, portrait and landscape photos, in one category."""
    lighting = leaf_category("home-lighting")
    made = []
    for number in range(12):
        listing = ListingFactory(
            title=f"Lamp number {number} with a rather long name to wrap",
            price_cents=(number + 1) * 1000,
            category=lighting,
        )
        add_photos(listing, 1, size=(60, 80) if number % 2 else (80, 60))
        made.append(listing)
    return made


def no_horizontal_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def box(locator):
    found = locator.bounding_box()
    assert found is not None, "not rendered"
    return found


def inside(inner, outer):
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def hit_by_a_tap(page, locator):
    """True when a tap at the element's centre lands on it, not on something above."""
    locator.scroll_into_view_if_needed()
    return locator.evaluate(
        """element => {
            const r = element.getBoundingClientRect();
            const x = r.x + r.width / 2, y = r.y + r.height / 2;
            const hit = document.elementFromPoint(x, y);
            return element === hit || element.contains(hit);
        }"""
    )


@JS
def test_phone_filter_bar_opens_the_filters(new_page, many, javascript):
    page = new_page(360, javascript=javascript)
    page.goto("/c/home-lighting/")

    toggle = page.get_by_role("button" if javascript else "link", name="Filter")
    expect(toggle).to_be_visible()
    first_card = page.locator(".results .listing-card").first
    assert box(toggle)["y"] + box(toggle)["height"] <= box(first_card)["y"]
    expect(page.locator(".results-bar .result-count")).to_have_text("12 results")
    sort = page.get_by_label("Sort by")
    expect(sort).to_be_visible()
    assert box(sort)["y"] < box(first_card)["y"]
    # The filters are not in the way of the results until asked for.
    words = field(page, "Words")
    expect(words).to_be_hidden()
    no_horizontal_overflow(page)

    # The bar stays at the top while the results scroll.
    page.evaluate("window.scrollTo(0, 1500)")
    assert page.evaluate("window.scrollY") > 1000
    assert 0 <= box(toggle)["y"] < 120

    toggle.click()
    expect(words).to_be_visible()
    expect(field(page, "Max price ($)")).to_be_visible()
    no_horizontal_overflow(page)
    sheet = page.locator("#filters")
    if javascript:
        expect(sheet).to_have_attribute("role", "dialog")
        expect(sheet).to_have_attribute("aria-modal", "true")
        expect(sheet).to_be_focused()
        # Tab stays inside the sheet; Escape closes it and focus comes back.
        for _ in range(25):
            page.keyboard.press("Tab")
            assert page.evaluate(
                "document.getElementById('filters').contains(document.activeElement)"
            )
        page.keyboard.press("Escape")
        expect(words).to_be_hidden()
        expect(toggle).to_be_focused()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.press("Enter")
        expect(words).to_be_visible()
        page.get_by_role("button", name="Close").click()
        expect(words).to_be_hidden()
        toggle.click()
    else:
        expect(sheet).to_be_focused()
        page.get_by_role("link", name="Close").click()
        expect(words).to_be_hidden()
        toggle.focus()
        page.keyboard.press("Enter")
        expect(words).to_be_visible()

    field(page, "Max price ($)").fill("50")
    page.locator("#filters").get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/c/home-lighting/\?.*&max_price=50&"))
    expect(page.locator(".result-count")).to_have_text("5 results")
    expect(words).to_be_hidden()


@JS
def test_sort_submits_with_and_without_javascript(new_page, many, javascript):
    page = new_page(360, javascript=javascript)
    page.goto("/c/home-lighting/?max_price=50")
    apply = page.locator(".sort-form").get_by_role("button", name="Apply")
    if javascript:
        expect(apply).to_be_hidden()
        page.get_by_label("Sort by").select_option(label="Price: high to low")
    else:
        expect(apply).to_be_visible()
        page.get_by_label("Sort by").select_option(label="Price: high to low")
        apply.click()
    expect(page).to_have_url(
        re.compile(r"/c/home-lighting/\?max_price=50&sort=price_desc$")
    )
    expect(page.locator(".results .listing-card-price").first).to_have_text("$50.00")
    no_horizontal_overflow(page)


def test_desktop_sort_above_four_columns_beside_the_sidebar(new_page, many):
    page = new_page(1280)
    page.goto("/c/home-lighting/")

    expect(page.locator(".filters-toggle")).to_be_hidden()
    sidebar = box(page.locator("section.filters"))
    expect(field(page, "Words")).to_be_visible()
    grid = page.locator(".results .listing-grid")
    sort = page.get_by_label("Sort by")
    count = page.locator(".results-bar .result-count")
    # Sort at the top of the results, right-aligned beside the count.
    assert box(sort)["y"] + box(sort)["height"] <= box(grid)["y"]
    assert box(sort)["x"] > box(count)["x"] + box(count)["width"]
    results = box(page.locator(".results"))
    assert box(sort)["x"] + box(sort)["width"] >= results["x"] + results["width"] - 2
    # Four columns, all beside the sidebar.
    cards = page.locator(".results .listing-card")
    tops = [box(cards.nth(i))["y"] for i in range(8)]
    assert len({round(top) for top in tops[:4]}) == 1
    assert tops[4] > tops[0]
    assert box(grid)["x"] >= sidebar["x"] + sidebar["width"]
    assert box(cards.nth(0))["width"] > 180
    no_horizontal_overflow(page)

    # Category chips under the title link to the department's categories.
    chips = page.get_by_role("navigation", name="Categories in Home")
    expect(chips.get_by_role("link", name="Lighting")).to_have_attribute(
        "aria-current", "page"
    )
    chips.get_by_role("link", name="All Home").click()
    expect(page).to_have_url(re.compile(r"/c/home/$"))


@pytest.mark.parametrize("width", [360, 1280])
def test_likes_card_keeps_its_button_and_price_drop_inside(new_page, many, width):
    shopper = UserFactory()
    for listing in many[:3]:
        Like.objects.create(
            user=shopper,
            listing=listing,
            price_cents_at_like=listing.price_cents + 1500,
        )
    page = new_page(width)
    log_in(page, shopper.username)
    page.goto("/likes/")

    cards = page.locator(".liked-card")
    expect(cards).to_have_count(3)
    for index in range(3):
        card = cards.nth(index)
        button = card.get_by_role("button", name="Like")
        drop = card.locator(".price-drop")
        expect(button).to_be_visible()
        expect(drop).to_have_text("$15.00 less than when you liked it")
        outline = box(card)
        assert inside(box(button), outline)
        assert inside(box(drop), outline)
        assert hit_by_a_tap(page, button), "the card's link covers the button"
    no_horizontal_overflow(page)

    # The button works in place; the picture still opens the item.
    first = cards.first
    first.get_by_role("button", name="Like").click()
    expect(first.get_by_role("button", name="Like")).to_have_attribute(
        "aria-pressed", "false"
    )
    assert Like.objects.filter(user=shopper).count() == 2
    second = cards.nth(1)
    href = second.locator(".listing-card-link").get_attribute("href")
    # A tap on the picture lands on the card's link stretched over it.
    picture = second.locator("img")
    picture.scroll_into_view_if_needed()
    spot = box(picture)
    page.mouse.click(spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
    expect(page).to_have_url(re.compile(rf"{re.escape(href)}$"))


def test_open_sheet_chips_and_liked_cards_have_no_axe_violations(new_page, many):
    shopper = UserFactory()
    Like.objects.create(
        user=shopper, listing=many[0], price_cents_at_like=many[0].price_cents + 1500
    )
    # axe runs in the page, so JavaScript is on; #filters opens the sheet the
    # way the link does without it.
    page = new_page(360)
    page.goto("/c/home-lighting/?q=lamp")
    assert axe_violations(page) == []
    page.locator(".filters-toggle").click()
    expect(field(page, "Words")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/c/home-lighting/?q=lamp#filters")
    expect(field(page, "Words")).to_be_visible()
    assert axe_violations(page) == []
    log_in(page, shopper.username)
    page.goto("/likes/")
    assert axe_violations(page) == []
