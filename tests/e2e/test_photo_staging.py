"""Adding many photos at once in a real browser: sell.js sends them one by one."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from listings.models import Category, Listing, ListingPhoto, ShippingTier
from tests.e2e.helpers import field, log_in
from tests.factories import UserFactory

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

    staged = page.locator("[data-staged-list] .photo-tile")
    expect(staged).to_have_count(5)
    expect(page.locator("[data-stage-status]")).to_have_text(
        "Done: 5 of 6 photos added."
    )
    expect(page.locator("[data-stage-errors] li")).to_have_text(
        [re.compile(r"^notes\.jpg ")]
    )
    expect(staged.first.get_by_label("Remove")).to_be_visible()
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
