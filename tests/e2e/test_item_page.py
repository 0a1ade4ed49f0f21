"""The item page in a browser: on a phone "Buy now" is in sight without
scrolling, in a bar that never covers the end of the page, and takes the buyer
to checkout; on a desktop the actions sit above the fold in the right column;
thumbnails switch the photo in place with JavaScript, and a swipe does too."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import log_in
from tests.factories import ListingFactory, UserFactory, add_photos

# As long as a description may be (1,000 characters), one short line after another.
LONG_DESCRIPTION = "\n".join(f"{n:02}: solid walnut, a few marks." for n in range(30))


@pytest.fixture
def listing(catalogue):
    listing = ListingFactory(
        title="Walnut side table",
        price_cents=8000,
        description=LONG_DESCRIPTION,
        ships_from_zip="94107",
        ships_from_city="San Francisco",
        ships_from_state="CA",
    )
    add_photos(listing, 3, size=(400, 300))
    return listing


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
    )


def test_phone_buy_now_is_in_sight_and_goes_to_checkout(new_page, listing):
    page = new_page(360)
    log_in(page, UserFactory().username)
    page.goto(listing.get_absolute_url())

    bar = page.locator(".buy-bar")
    buy_now = bar.get_by_role("link", name="Buy now", exact=True)
    expect(buy_now).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    assert in_viewport(page, buy_now), "Buy now is below the fold"
    assert in_viewport(page, bar.get_by_role("link", name="Make offer", exact=True))
    expect(bar).to_contain_text("$80.00")
    assert bar.evaluate("el => getComputedStyle(el).position") == "fixed"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide"

    # Scrolled to the very end, the bar still leaves the footer readable.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    footer = page.locator(".site-footer").bounding_box()
    assert footer["y"] + footer["height"] <= bar.bounding_box()["y"] + 1
    assert in_viewport(page, buy_now)

    buy_now.click()
    expect(page).to_have_url(re.compile(rf"/items/{listing.pk}/buy/$"))


def test_desktop_actions_are_above_the_fold_in_the_right_column(new_page, listing):
    page = new_page(1280)
    page.goto(listing.get_absolute_url())

    bar = page.locator(".buy-bar")
    buy_now = bar.get_by_role("link", name="Buy now", exact=True)
    assert in_viewport(page, buy_now), "Buy now is below the fold"
    assert in_viewport(page, bar.get_by_role("link", name="Make offer", exact=True))
    assert bar.evaluate("el => getComputedStyle(el).position") == "static"
    gallery = page.locator(".gallery").bounding_box()
    assert buy_now.bounding_box()["x"] > gallery["x"] + gallery["width"]
    expect(page.locator(".seller-card")).to_contain_text("Ships from San Francisco, CA")


def test_thumbnail_switches_the_photo_in_place(new_page, listing):
    photos = list(listing.photos.all())
    page = new_page(1280)
    page.goto(listing.get_absolute_url())
    page.evaluate("window.__samePage = true")
    main = page.locator("figure.gallery-main img")
    thumbs = page.locator(".gallery-thumbs a")
    expect(main).to_have_attribute("src", photos[0].image.url)
    expect(page.locator(".gallery-count")).to_have_text("Photo 1 of 3")

    thumbs.nth(2).click()

    expect(main).to_have_attribute("src", photos[2].image.url)
    expect(thumbs.nth(2)).to_have_attribute("aria-current", "true")
    expect(thumbs.nth(0)).not_to_have_attribute("aria-current", "true")
    expect(page.locator(".gallery-count")).to_have_text("Photo 3 of 3")
    expect(page).to_have_url(re.compile(r"\?photo=3$"))
    assert page.evaluate("window.__samePage === true"), "the page was reloaded"
    main.evaluate("img => img.decode()")
    assert main.evaluate("img => img.naturalWidth") > 0


SWIPE_JS = """(img, dx) => {
    const at = (x) => [
        new Touch({identifier: 1, target: img, clientX: x, clientY: 100}),
    ];
    const send = (type, touches, changed) => img.dispatchEvent(
        new TouchEvent(type, {touches: touches, changedTouches: changed}),
    );
    send("touchstart", at(200), at(200));
    send("touchend", [], at(200 + dx));
}"""


def swipe(image, dx):
    """A one-finger horizontal move of `dx` px across the photo."""
    image.evaluate(SWIPE_JS, dx)


def test_swipe_shows_the_next_and_previous_photo(new_page, listing):
    photos = list(listing.photos.all())
    page = new_page(360)
    page.goto(listing.get_absolute_url())
    main = page.locator("figure.gallery-main img")

    swipe(main, -120)
    expect(main).to_have_attribute("src", photos[1].image.url)
    swipe(main, 120)
    swipe(main, 120)
    expect(main).to_have_attribute("src", photos[2].image.url)
    swipe(main, 10)  # too short: a tap, not a swipe
    expect(page.locator(".gallery-count")).to_have_text("Photo 3 of 3")


def test_without_javascript_a_thumbnail_loads_its_photo(new_page, listing):
    photos = list(listing.photos.all())
    page = new_page(360, javascript=False)
    page.goto(listing.get_absolute_url())

    page.locator(".gallery-thumbs a").nth(1).click()

    expect(page).to_have_url(re.compile(r"\?photo=2#photo$"))
    expect(page.locator("figure.gallery-main img")).to_have_attribute(
        "src", photos[1].image.url
    )
    expect(page.locator(".gallery-count")).to_have_text("Photo 2 of 3")
