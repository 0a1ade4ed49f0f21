"""POST /items/photos/stage/: one photo per request, staged for the sell form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from listings.models import Listing, ListingPhoto
from tests.conftest import make_upload
from tests.factories import UserFactory, first_tier, leaf_category

URL = "/items/photos/stage/"


@pytest.fixture
def form_data(db):
    return {
        "title": "Brass desk lamp",
        "description": "Works.",
        "category": leaf_category().pk,
        "brand": "",
        "condition": "good",
        "size": "",
        "colour": "",
        "price": "40",
        "shipping": "buyer",
        "shipping_tier": first_tier().pk,
        "ships_from_zip": "94107",
    }


def test_url_is_named():
    assert reverse("listings:stage-photo") == URL


def test_one_photo_is_staged_for_its_owner(member_client, member):
    response = member_client.post(URL, {"photo": make_upload("lamp-front.jpg")})

    assert response.status_code == 201
    photo = ListingPhoto.objects.get()
    assert photo.owner == member
    assert photo.listing is None
    data = response.json()
    assert data["id"] == photo.pk
    assert data["thumb_url"] == photo.thumb_320.url
    assert data["name"] == "lamp-front.jpg"
    assert (data["width"], data["height"]) == (160, photo.thumb_height(160))


def test_staged_photo_is_listed_by_the_sell_form(member_client, member, form_data):
    staged = member_client.post(URL, {"photo": make_upload()}).json()["id"]
    form_data["staged_photo"] = [str(staged)]

    response = member_client.post(reverse("listings:new"), form_data)

    listing = Listing.objects.get(seller=member)
    assert response.status_code == 302
    assert [p.pk for p in listing.photos.all()] == [staged]


def test_two_files_are_refused(member_client):
    response = member_client.post(
        URL, {"photo": [make_upload("a.jpg"), make_upload("b.jpg")]}
    )

    assert response.status_code == 400
    assert response.json()["error"]
    assert not ListingPhoto.objects.exists()


def test_a_second_file_under_another_name_is_refused(member_client):
    response = member_client.post(
        URL, {"photo": make_upload("a.jpg"), "photos": make_upload("b.jpg")}
    )

    assert response.status_code == 400
    assert not ListingPhoto.objects.exists()


def test_no_file_is_refused(member_client):
    response = member_client.post(URL, {})

    assert response.status_code == 400
    assert response.json()["error"]


def test_visitor_is_sent_to_log_in(client, db):
    response = client.post(URL, {"photo": make_upload()})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not ListingPhoto.objects.exists()


def test_unverified_member_is_sent_to_verify(client, unverified_member):
    client.force_login(unverified_member)

    response = client.post(URL, {"photo": make_upload()})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verification-required"))
    assert not ListingPhoto.objects.exists()


def test_get_is_not_allowed(member_client):
    assert member_client.get(URL).status_code == 405


def test_bad_image_answers_its_error(member_client):
    fake = SimpleUploadedFile("lamp.jpg", b"not an image", content_type="image/jpeg")

    response = member_client.post(URL, {"photo": fake})

    assert response.status_code == 400
    assert "lamp.jpg" in response.json()["error"]
    assert not ListingPhoto.objects.exists()


def test_staged_photos_are_capped(member_client, settings):
    settings.STAGED_PHOTOS_MAX = 2
    for name in ("a.jpg", "b.jpg"):
        assert member_client.post(URL, {"photo": make_upload(name)}).status_code == 201

    response = member_client.post(URL, {"photo": make_upload("c.jpg")})

    assert response.status_code == 400
    assert "c.jpg was not added" in response.json()["error"]
    assert ListingPhoto.objects.count() == 2


def test_the_request_pixel_budget_applies(member_client, settings):
    settings.PHOTO_REQUEST_PIXEL_BUDGET = 100_000

    response = member_client.post(URL, {"photo": make_upload(size=(800, 600))})

    assert response.status_code == 400
    assert "too large to process at once" in response.json()["error"]
    assert not ListingPhoto.objects.exists()


def test_uploads_are_throttled_like_the_sell_form(member_client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload-member": "2/h"}
    for _ in range(2):
        assert member_client.post(URL, {"photo": make_upload()}).status_code == 201

    response = member_client.post(URL, {"photo": make_upload()})

    assert response.status_code == 429
    assert ListingPhoto.objects.count() == 2
    # The sell form counts against the same limit.
    sell = member_client.post(reverse("listings:new"), {"photos": make_upload()})
    assert sell.status_code == 429


def test_another_members_staged_photo_is_ignored_by_the_sell_form(
    client, member, form_data
):
    other = UserFactory()
    client.force_login(other)
    theirs = client.post(URL, {"photo": make_upload()}).json()["id"]
    client.force_login(member)
    form_data.update(staged_photo=[str(theirs)], photos=[make_upload()])

    client.post(reverse("listings:new"), form_data)

    listing = Listing.objects.get(seller=member)
    assert theirs not in [p.pk for p in listing.photos.all()]
    assert listing.photos.count() == 1
    assert ListingPhoto.objects.get(pk=theirs).listing is None


def test_sell_form_has_the_staging_hooks(member_client):
    page = member_client.get(reverse("listings:new")).content.decode()

    assert f'data-stage-url="{URL}"' in page
    assert 'aria-live="polite"' in page
    assert "<template" in page
