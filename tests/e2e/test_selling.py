"""Selling in a real browser: list an item with photos, then see its page."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from listings.models import Category, Listing, ShippingTier
from tests.e2e.helpers import axe_violations, field, log_in
from tests.factories import UserFactory

TITLE = "Brass desk lamp with green shade"


@pytest.fixture
def seller(catalogue):
    return UserFactory()


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (37.0, 46.0, 30.0), 3: "W", 4: (122.0, 25.0, 10.0)})
    return exif.tobytes()


def jpeg(folder, name, size, color, **save_kwargs):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", **save_kwargs)
    file = folder / name
    file.write_bytes(buffer.getvalue())
    return file


def fill_sell_form(page, *, price="40", category=None, tier=None):
    """The sell form for TITLE; `category` and `tier` are ids, by default the
    lighting category and the first shipping tier of this process's database."""
    field(page, "Title").fill(TITLE)
    field(page, "Description").fill("Works perfectly. Small scratch on the base.")
    if category is None:
        category = Category.objects.get(slug="home-lighting").pk
    field(page, "Category").select_option(str(category))
    field(page, "Brand").fill("Anglepoise")
    page.get_by_role("radio", name=re.compile(r"^Good —")).check()
    field(page, "Size").fill("45 cm")
    field(page, "Color").fill("Green")
    field(page, "Price").fill(price)
    page.get_by_role("radio", name="Buyer pays shipping").check()
    if tier is None:
        tier = (
            ShippingTier.objects.filter(is_active=True).order_by("position").first().pk
        )
    field(page, "Package size").select_option(str(tier))
    field(page, "Ships from ZIP code").fill("94107")


def assert_no_horizontal_scroll(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{what} is {width} px wide in a {viewport} px window"


def main_photo(page):
    return page.locator("figure.gallery-main img")


def assert_loaded(image):
    expect(image).to_be_visible()
    image.evaluate("img => img.decode()")  # waits for it; rejects if broken
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0


@pytest.mark.parametrize("width", [360, 1280])
def test_list_item_with_two_photos_and_see_it(new_page, seller, tmp_path, width):
    page = new_page(width)
    log_in(page, seller.username)
    first = jpeg(tmp_path, "lamp-front.jpg", (800, 600), (200, 40, 60), exif=gps_exif())
    second = jpeg(tmp_path, "lamp-side.jpg", (600, 800), (30, 120, 200))

    page.goto("/items/new/")
    expect(page.get_by_role("heading", name="Sell an item")).to_be_visible()
    field(page, "Photos").set_input_files([first, second])
    fill_sell_form(page, price="40")

    # sell.js updates "You earn" as the price is typed: $40 less the 10 % fee.
    earnings = page.locator("output[data-earnings]")
    expect(earnings).to_have_text("$36.00")
    expect(page.locator("output[data-fee]")).to_have_text("$4.00")
    if width == 360:
        assert_no_horizontal_scroll(page, "the sell page")

    page.get_by_role("button", name="List item").click()

    expect(page).to_have_url(re.compile(r"/items/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".item-summary .price")).to_have_text("$40.00")
    image = main_photo(page)
    expect(image).to_have_attribute("alt", TITLE)
    assert_loaded(image)
    thumbs = page.locator(".gallery-thumbs a")
    expect(thumbs).to_have_count(2)
    if width == 360:
        assert_no_horizontal_scroll(page, "the item page")

    listing = Listing.objects.get(seller=seller)
    assert listing.status == Listing.Status.ON_SALE
    assert listing.title == TITLE
    assert listing.price_cents == 4000
    photos = list(listing.photos.all())
    assert len(photos) == 2
    assert (photos[0].width, photos[0].height) == (800, 600)
    assert (photos[1].width, photos[1].height) == (600, 800)
    with photos[0].image.open("rb") as stored:
        assert not Image.open(stored).getexif(), "EXIF (GPS) was kept"
    expect(image).to_have_attribute("src", photos[0].image.url)

    thumbs.nth(1).click()
    expect(page).to_have_url(re.compile(r"/items/\d+/\?photo=2$"))
    expect(thumbs.nth(1)).to_have_attribute("aria-current", "true")
    expect(main_photo(page)).to_have_attribute("src", photos[1].image.url)
    assert_loaded(main_photo(page))
    assert main_photo(page).evaluate("img => img.naturalHeight > img.naturalWidth")


def test_sell_form_keeps_input_after_a_bad_photo(new_page, seller, tmp_path):
    page = new_page(1280, javascript=False)
    log_in(page, seller.username)
    good = jpeg(tmp_path, "lamp.jpg", (800, 600), (200, 40, 60))
    fake = tmp_path / "fake.jpg"
    fake.write_text("This is not a photo, just text with a .jpg name.\n")

    page.goto("/items/new/")
    field(page, "Photos").set_input_files([good, fake])
    fill_sell_form(page, price="40")
    page.get_by_role("button", name="List item").click()

    # Back on the form: the error sits in the summary and next to Photos, the
    # input is kept.
    expect(page).to_have_url(re.compile(r"/items/new/$"))
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        [re.compile(r"^Photos: fake\.jpg is not a valid image")]
    )
    photos_section = page.locator(".sell-photos")
    expect(photos_section).to_have_class(re.compile(r"\bfield-error\b"))
    expect(photos_section.locator("#id_photos_error")).to_contain_text(
        "fake.jpg is not a valid image"
    )
    expect(field(page, "Title")).to_have_value(TITLE)
    expect(field(page, "Price")).to_have_value("40")
    expect(page.locator("output[data-earnings]")).to_have_text("$36.00")
    kept = page.get_by_role("img", name="Photo 1")
    assert_loaded(kept)
    expect(page.get_by_role("img", name="Photo 2")).to_have_count(0)
    assert not Listing.objects.exists()

    # List it again without choosing files: the kept photo is used.
    page.get_by_role("button", name="List item").click()
    expect(page).to_have_url(re.compile(r"/items/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_loaded(main_photo(page))
    expect(page.locator(".gallery-thumbs")).to_have_count(0)
    listing = Listing.objects.get(seller=seller)
    assert listing.status == Listing.Status.ON_SALE
    assert listing.photos.count() == 1


def test_without_javascript_photos_are_ordered_and_removed_with_the_form(
    new_page, seller, tmp_path
):
    page = new_page(360, javascript=False)
    log_in(page, seller.username)
    photos = [
        jpeg(tmp_path, "wide.jpg", (800, 600), (200, 40, 60)),
        jpeg(tmp_path, "tall.jpg", (600, 800), (30, 120, 200)),
        jpeg(tmp_path, "square.jpg", (700, 700), (40, 160, 90)),
    ]

    page.goto("/items/new/")
    field(page, "Photos").set_input_files(photos)
    fill_sell_form(page)
    field(page, "Title").fill("")
    page.get_by_role("button", name="List item").click()

    # Title and nothing else to fix; the three photos wait as tiles with the
    # plain controls (no drag, no arrow buttons without JavaScript).
    expect(page.locator(".error-summary").get_by_role("link")).to_have_text(
        ["Title: This field is required."]
    )
    tiles = page.locator("[data-photo-list] [data-photo-tile]")
    expect(tiles).to_have_count(3)
    expect(tiles.first.locator(".photo-cover")).to_be_visible()
    expect(tiles.nth(1).locator(".photo-cover")).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile("^Move"))).to_have_count(0)
    assert_no_horizontal_scroll(page, "the sell page with photos")

    # The square photo first, the wide one second, the tall one removed.
    tiles.nth(0).get_by_label("Position").fill("2")
    tiles.nth(2).get_by_label("Position").fill("1")
    tiles.nth(1).get_by_label("Remove").check()
    field(page, "Title").fill(TITLE)
    page.get_by_role("button", name="List item").click()

    expect(page).to_have_url(re.compile(r"/items/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    listing = Listing.objects.get(seller=seller)
    assert listing.status == Listing.Status.ON_SALE
    assert [(p.width, p.height) for p in listing.photos.all()] == [
        (700, 700),
        (800, 600),
    ]


def test_error_summary_is_focused_after_a_failed_submit(new_page, seller):
    page = new_page(360)
    log_in(page, seller.username)

    page.goto("/items/new/")
    field(page, "Title").fill(TITLE)
    field(page, "Price").fill("12.50")
    page.get_by_role("button", name="List item").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    links = summary.get_by_role("link")
    expect(links.first).to_have_text("Photos: Add at least one photo to list an item.")
    expect(summary).to_contain_text("Price: Enter the price in whole dollars")
    expect(field(page, "Title")).to_have_value(TITLE)
    assert_no_horizontal_scroll(page, "the sell page with errors")
    assert axe_violations(page) == []

    # A link in the summary takes the keyboard to its field.
    summary.get_by_role("link", name=re.compile("^Price:")).click()
    expect(field(page, "Price")).to_be_focused()
