"""The photo uploader in a real browser: sell.js shows each photo as a tile at
once, sends them one by one, and reorders and removes them."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from listings.models import Category, Listing, ListingPhoto, ShippingTier
from tests.e2e.helpers import axe_violations, field, log_in
from tests.factories import ListingFactory, UserFactory, add_photos

TITLE = "Set of five ceramic mugs"
STAGE_URL = "/items/photos/stage/"


@pytest.fixture
def seller(catalogue):
    return UserFactory()


def jpeg(folder, name, size, color):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    file = folder / name
    file.write_bytes(buffer.getvalue())
    return file


def fill_sell_form(page):
    field(page, "Title").fill(TITLE)
    field(page, "Description").fill("Stoneware, no chips.")
    lighting = Category.objects.get(slug="home-lighting")
    field(page, "Category").select_option(str(lighting.pk))
    page.get_by_role("radio", name=re.compile(r"^Good —")).check()
    field(page, "Price").fill("25")
    page.get_by_role("radio", name="Buyer pays shipping").check()
    tier = ShippingTier.objects.filter(is_active=True).order_by("position").first()
    field(page, "Package size").select_option(str(tier.pk))
    field(page, "Ships from ZIP code").fill("94107")


def test_five_photos_over_one_requests_budget_are_all_added(
    new_page, seller, settings, tmp_path
):
    # Each 800x600 photo is charged ~1 MP (decoded + encoded): a request has
    # room for two of them, so the five could never be sent together.
    settings.PHOTO_REQUEST_PIXEL_BUDGET = 2_000_000
    photos = [
        jpeg(tmp_path, f"mug-{n}.jpg", (800, 600), (40 * n, 90, 160))
        for n in range(1, 6)
    ]
    bogus = tmp_path / "notes.jpg"
    bogus.write_bytes(b"this is not a photo")
    page = new_page(1280)
    log_in(page, seller.username)
    stage_posts = []
    page.on(
        "request",
        lambda request: (
            stage_posts.append(request)
            if request.method == "POST" and request.url.endswith(STAGE_URL)
            else None
        ),
    )

    page.goto("/items/new/")
    photo_input = field(page, "Photos")
    photo_input.set_input_files([*photos, bogus])

    staged = page.locator("[data-photo-list] [data-photo-tile]:not(.is-uploading)")
    expect(staged).to_have_count(5)
    expect(page.locator("[data-stage-status]")).to_have_text(
        "Done: 5 of 6 photos added."
    )
    expect(page.locator("[data-stage-errors] li")).to_have_text(
        [re.compile(r"^notes\.jpg ")]
    )
    expect(page.locator("[data-photo-list] [data-photo-tile]")).to_have_count(5)
    expect(staged.first.get_by_role("button", name="Remove photo 1")).to_be_visible()
    assert len(stage_posts) == 6  # one photo per request
    assert photo_input.evaluate("input => input.files.length") == 0
    assert ListingPhoto.objects.filter(owner=seller, listing=None).count() == 5

    fill_sell_form(page)
    page.get_by_role("button", name="List item").click()

    expect(page).to_have_url(re.compile(r"/items/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".gallery-thumbs a")).to_have_count(5)
    listing = Listing.objects.get(seller=seller)
    assert listing.status == Listing.Status.ON_SALE
    assert listing.photos.count() == 5
    assert not ListingPhoto.objects.filter(owner=seller, listing=None).exists()


def tile_images(page):
    return page.locator("[data-photo-list] [data-photo-tile] img")


def test_photos_show_as_tiles_and_are_moved_and_removed_with_buttons(
    new_page, seller, tmp_path
):
    page = new_page(360)
    log_in(page, seller.username)
    wide = jpeg(tmp_path, "wide.jpg", (800, 600), (200, 40, 60))
    tall = jpeg(tmp_path, "tall.jpg", (600, 800), (30, 120, 200))
    square = jpeg(tmp_path, "square.jpg", (700, 700), (40, 160, 90))

    page.goto("/items/new/")
    expect(page.locator("[data-photo-list]")).to_be_hidden()
    field(page, "Photos").set_input_files([wide, tall, square])

    tiles = page.locator("[data-photo-list] [data-photo-tile]")
    expect(tiles).to_have_count(3)
    expect(page.locator("[data-stage-status]")).to_have_text(
        "Done: 3 of 3 photos added."
    )
    for n in range(3):
        image = tiles.nth(n).get_by_role("img", name=f"Photo {n + 1}")
        expect(image).to_be_visible()
        image.evaluate("img => img.decode()")
        assert image.evaluate("img => img.naturalWidth") > 0
    expect(tiles.first.locator(".photo-cover")).to_have_text("Cover")
    expect(tiles.nth(1).locator(".photo-cover")).to_be_hidden()
    # The plain controls give way to the buttons.
    expect(tiles.first.get_by_label("Position")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []

    # With the keyboard: the square photo (third) moves to the front.
    earlier = page.get_by_role("button", name="Move photo 3 earlier")
    earlier.focus()
    page.keyboard.press("Enter")
    moved = page.get_by_role("button", name="Move photo 2 earlier")
    expect(moved).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Move photo 1 earlier")).to_be_focused()
    expect(page.get_by_role("button", name="Move photo 1 earlier")).to_have_attribute(
        "aria-disabled", "true"
    )
    expect(page.locator("[data-stage-status]")).to_have_text(
        "Photo moved to position 1 of 3."
    )

    # The tall photo (now third) is removed.
    page.get_by_role("button", name="Remove photo 3").click()
    expect(tiles).to_have_count(2)
    expect(page.locator("[data-stage-status]")).to_have_text("Photo removed.")

    fill_sell_form(page)
    page.get_by_role("button", name="List item").click()

    expect(page).to_have_url(re.compile(r"/items/\d+/$"))
    listing = Listing.objects.get(seller=seller)
    assert [(p.width, p.height) for p in listing.photos.all()] == [
        (700, 700),
        (800, 600),
    ]


def test_a_photo_removed_before_its_upload_is_never_sent(new_page, seller, tmp_path):
    page = new_page(360)
    log_in(page, seller.username)
    photos = [
        jpeg(tmp_path, f"mug-{n}.jpg", (400, 300), (40 * n, 90, 160))
        for n in range(1, 4)
    ]
    held, posts = [], []
    page.on(
        "request",
        lambda request: (
            posts.append(request)
            if request.method == "POST" and request.url.endswith(STAGE_URL)
            else None
        ),
    )

    page.goto("/items/new/")
    released = []

    def hold_until_released(route):
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route(f"**{STAGE_URL}", hold_until_released)
    with page.expect_request(f"**{STAGE_URL}"):
        field(page, "Photos").set_input_files(photos)

    tiles = page.locator("[data-photo-list] [data-photo-tile]")
    expect(tiles).to_have_count(3)
    # Instant previews from the files themselves, before any upload is done.
    assert tiles.nth(2).locator("img").get_attribute("src").startswith("blob:")
    expect(tiles.nth(0)).to_have_class(re.compile(r"\bis-uploading\b"))

    page.get_by_role("button", name="Remove photo 3").click()
    expect(tiles).to_have_count(2)
    released.append(True)
    held.pop().continue_()

    expect(page.locator("[data-stage-status]")).to_have_text(
        "Done: 2 of 2 photos added."
    )
    expect(tiles.locator(".photo-progress")).to_have_count(0)
    assert ListingPhoto.objects.filter(owner=seller, listing=None).count() == 2
    assert len(posts) == 2  # the removed photo was never sent

    fill_sell_form(page)
    page.get_by_role("button", name="List item").click()
    expect(page).to_have_url(re.compile(r"/items/\d+/$"))
    assert Listing.objects.get(seller=seller).photos.count() == 2


def test_editing_reorders_and_removes_the_listings_own_photos(
    new_page, seller, tmp_path
):
    listing = ListingFactory(seller=seller)
    first, second, third = add_photos(listing, 3)
    page = new_page(360)
    log_in(page, seller.username)

    page.goto(f"/items/{listing.pk}/edit/")
    tiles = page.locator("[data-photo-list] [data-photo-tile]")
    expect(tiles).to_have_count(3)
    page.get_by_role("button", name="Remove photo 1").click()
    expect(tiles).to_have_count(2)
    expect(page.get_by_role("button", name="Remove photo 1")).to_be_focused()
    page.get_by_role("button", name="Move photo 2 earlier").click()
    # A new photo added while editing goes last.
    field(page, "Photos").set_input_files(
        [jpeg(tmp_path, "new.jpg", (500, 400), (10, 10, 10))]
    )
    expect(page.locator("[data-stage-status]")).to_have_text(
        "Done: 1 of 1 photos added."
    )
    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_url(re.compile(rf"/items/{listing.pk}/$"))
    photos = list(listing.photos.all())
    assert photos[:2] == [third, second]
    assert len(photos) == 3 and (photos[2].width, photos[2].height) == (500, 400)
    assert not ListingPhoto.objects.filter(pk=first.pk).exists()
