"""Uploads cannot cost more than the pixel budget, pile up, or leave files behind."""

import io
import os
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, ImageFile

from listings import photos as photo_files
from listings.models import ListingPhoto
from listings.photos import build_photo
from marketplace.images import ImageRejected, decode_upload, pixel_budget
from tests.conftest import make_image_bytes
from tests.factories import ListingFactory, add_photos

SIDE = 6000  # 36 MP: under the 40 MP per-photo limit, ~35 KB as PNG


@pytest.fixture(scope="module")
def bomb_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (SIDE, SIDE), (250, 250, 250)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def decoded(monkeypatch) -> list:
    """The size of every image Pillow actually decodes."""
    sizes = []
    original = ImageFile.ImageFile.load

    def spy(self):
        if self.tile:  # still encoded: this call decodes
            sizes.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return sizes


def png_upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_twelve_decode_bombs_are_refused_before_decoding(
    member_client, settings, bomb_png, decoded
):
    settings.PHOTO_REQUEST_PIXEL_BUDGET = 40_000_000  # room for one, not two
    uploads = [png_upload(bomb_png, f"bomb{i}.png") for i in range(12)]
    assert len(bomb_png) < 200_000

    response = member_client.post(
        reverse("listings:new"), {"title": "Lamp", "photos": uploads}
    )

    assert response.status_code == 400
    assert decoded.count((SIDE, SIDE)) == 1
    assert ListingPhoto.objects.count() == 1
    page = response.content.decode()
    refused = response.context["form"].errors["photos"]
    assert sum("too large to process at once" in error for error in refused) == 11
    assert 'value="Lamp"' in page  # other input is kept


def test_default_budget_refuses_a_second_bomb_undecoded(
    member_client, bomb_png, decoded
):
    """With the shipped settings a 36 MP PNG alone is over the request budget."""
    uploads = [png_upload(bomb_png, f"bomb{i}.png") for i in range(2)]

    response = member_client.post(reverse("listings:new"), {"photos": uploads})

    assert response.status_code == 400
    assert decoded == []
    assert not ListingPhoto.objects.exists()


def test_budget_is_per_request_and_good_photos_stay_staged(member_client, settings):
    settings.PHOTO_REQUEST_PIXEL_BUDGET = 1_700_000
    photos = [
        SimpleUploadedFile(f"p{i}.jpg", make_image_bytes(size=(800, 500)))
        for i in range(3)
    ]  # 0.4 MP decoded + 0.4 MP encoded each: two fit, the third does not

    response = member_client.post(reverse("listings:new"), {"photos": photos})

    assert response.status_code == 400
    assert ListingPhoto.objects.count() == 2
    assert "p2.jpg was not processed" in response.content.decode()
    # The next request has a budget of its own.
    again = SimpleUploadedFile("p2.jpg", make_image_bytes(size=(800, 500)))
    member_client.post(reverse("listings:new"), {"photos": [again]})
    assert ListingPhoto.objects.count() == 3


def test_budget_is_charged_before_decoding(decoded):
    upload = SimpleUploadedFile("b.png", make_image_bytes("PNG", size=(400, 300)))
    with (
        pixel_budget(100_000) as budget,
        pytest.raises(ImageRejected, match="too large to process"),
    ):
        decode_upload(upload)
    assert decoded == []
    assert budget.remaining == 100_000


def test_large_jpeg_is_decoded_reduced_and_charged_so(decoded):
    data = make_image_bytes(size=(6400, 4800))  # 30.7 MP

    with pixel_budget(10_000_000) as budget:
        image = decode_upload(SimpleUploadedFile("big.jpg", data), max_side=1600)

    assert decoded == [(1600, 1200)]  # 1/4 scale straight from the JPEG decoder
    assert image.size == (1600, 1200)
    # Charged what it decodes and what it will encode, not its 30.7 MP.
    assert budget.remaining == 10_000_000 - 2 * 1600 * 1200


def test_avatar_upload_is_charged_to_the_request_budget(
    member_client, settings, bomb_png, decoded
):
    response = member_client.post(
        reverse("accounts:settings"),
        {
            "display_name": "Ada",
            "bio": "",
            "state": "",
            "avatar_upload": png_upload(bomb_png, "me.png"),
        },
    )

    assert response.status_code == 400
    assert decoded == []
    assert "too large to process at once" in response.content.decode()


def test_staged_photos_per_member_are_capped(member_client, member, settings):
    settings.STAGED_PHOTOS_MAX = 3
    add_photos(ListingFactory(seller=member), 2)
    ListingPhoto.objects.update(listing=None)  # two abandoned staged photos
    photos = [SimpleUploadedFile(f"n{i}.jpg", make_image_bytes()) for i in range(3)]

    response = member_client.post(reverse("listings:new"), {"photos": photos})

    assert response.status_code == 400
    assert ListingPhoto.objects.filter(owner=member, listing=None).count() == 3
    refused = response.context["form"].errors["photos"]
    assert sum("photos waiting to be listed" in error for error in refused) == 2
    assert "photos waiting to be listed" in response.content.decode()


def _files(root) -> set[str]:
    return {
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _, names in os.walk(root)
        for name in names
    }


def test_a_failed_thumbnail_write_leaves_no_file(member, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(photo_files, "encode_fit", _fail_on_webp(broken))

    with pytest.raises(OSError):
        build_photo(
            owner=member,
            upload=SimpleUploadedFile("a.jpg", make_image_bytes()),
            stem="half",
        )

    assert _files(settings.MEDIA_ROOT) == set()


def _fail_on_webp(broken):
    original = photo_files.encode_fit

    def encode_fit(image, *, max_side, fmt="JPEG"):
        if fmt == "WEBP":
            return broken()
        return original(image, max_side=max_side, fmt=fmt)

    return encode_fit


def test_a_failed_row_save_leaves_no_file(member_client, settings, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(ListingPhoto, "save", broken)

    with pytest.raises(RuntimeError):
        member_client.post(
            reverse("listings:new"),
            {"photos": [SimpleUploadedFile("a.jpg", make_image_bytes())]},
        )

    assert _files(settings.MEDIA_ROOT) == set()


def test_discard_staged_photos_removes_old_orphan_files(db, settings):
    (kept,) = add_photos(ListingFactory(), 1)
    storage = kept.image.storage
    orphan = storage.save("listings/2020/01/orphan.jpg", io.BytesIO(b"x"))
    fresh = storage.save("listings/2020/01/being-written.jpg", io.BytesIO(b"x"))
    old = time.time() - 2 * 24 * 3600
    for name in (orphan, kept.image.name, kept.thumb_320.name, kept.thumb_640.name):
        os.utime(storage.path(name), (old, old))

    out = io.StringIO()
    call_command("discard_staged_photos", stdout=out)

    assert not storage.exists(orphan)
    assert storage.exists(fresh)  # younger than the cutoff: maybe mid-upload
    for name in (kept.image.name, kept.thumb_320.name, kept.thumb_640.name):
        assert storage.exists(name)
    assert "Deleted 1 photo files without a photo row" in out.getvalue()


def test_orphan_sweep_reads_the_photo_rows_once(
    db, django_assert_max_num_queries, settings
):
    add_photos(ListingFactory(), 3)
    storage = ListingPhoto.objects.first().image.storage
    old = time.time() - 2 * 24 * 3600
    for i in range(20):
        name = storage.save(f"listings/2020/02/o{i}.jpg", io.BytesIO(b"x"))
        os.utime(storage.path(name), (old, old))

    with django_assert_max_num_queries(1):
        count = photo_files.delete_orphan_files(older_than=timedelta(hours=24))

    assert count == 20
