"""The upload pipeline: decode, rotate, strip metadata, re-encode, thumbnails."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from listings.photos import build_photo
from marketplace.images import ImageRejected, decode_upload
from tests.conftest import make_image_bytes


def gps_exif(orientation=None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12"
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (37.0, 46.0, 30.0), 3: "W", 4: (122.0, 25.0, 10.0)})
    return exif.tobytes()


def upload(data: bytes, name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_gps_and_all_exif_are_gone_from_every_stored_file(member):
    data = make_image_bytes(size=(2400, 1800), exif=gps_exif(), comment=b"secret")
    assert b"PhoneMaker" in data  # the fixture really carries metadata

    photo = build_photo(owner=member, upload=upload(data), stem="gps")

    for field in (photo.image, photo.thumb_320, photo.thumb_640):
        with field.open("rb") as stored:
            raw = stored.read()
        image = Image.open(io.BytesIO(raw))
        assert not image.getexif(), field.name
        assert image.getexif().get_ifd(0x8825) == {}
        assert b"PhoneMaker" not in raw and b"secret" not in raw
        assert "exif" not in image.info and "xmp" not in image.info


def test_display_image_is_at_most_1600_and_thumbnails_are_webp(member):
    photo = build_photo(
        owner=member, upload=upload(make_image_bytes(size=(4000, 3000))), stem="big"
    )

    assert (photo.width, photo.height) == (1600, 1200)
    with photo.image.open("rb") as f:
        assert Image.open(f).format == "JPEG"
    for field, side in ((photo.thumb_320, 320), (photo.thumb_640, 640)):
        with field.open("rb") as f:
            thumb = Image.open(f)
            assert thumb.format == "WEBP"
            assert max(thumb.size) == side


def test_exif_rotation_is_applied(member):
    # Orientation 6: the camera was turned; the upright picture is portrait.
    data = make_image_bytes(size=(400, 200), exif=gps_exif(orientation=6))

    photo = build_photo(owner=member, upload=upload(data), stem="rot")

    assert (photo.width, photo.height) == (200, 400)


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"GIF89a not really", "fake.jpg", "not a valid image"),
        (b"<?php echo 1; ?>", "shell.jpg", "not a valid image"),
        (b"", "empty.jpg", "not a valid image"),
    ],
)
def test_fake_images_are_refused(data, name, message):
    with pytest.raises(ImageRejected, match=message):
        decode_upload(upload(data, name))


def test_truncated_image_is_refused():
    data = make_image_bytes(size=(600, 400))
    with pytest.raises(ImageRejected, match="not a valid image"):
        decode_upload(upload(data[: len(data) // 2], "cut.jpg"))


def test_gif_is_refused_as_unsupported():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(ImageRejected, match="not a supported image"):
        decode_upload(upload(buffer.getvalue(), "anim.gif"))


def test_decompression_bomb_is_refused_before_decoding():
    """A tiny PNG whose header claims 50,000 x 50,000 pixels."""
    buffer = io.BytesIO()
    Image.new("1", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    # IHDR: type at bytes 12..16, width and height at 16..24, CRC at 29..33.
    data[16:24] = struct.pack(">II", 50_000, 50_000)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    with pytest.raises(ImageRejected, match="megapixels|too many pixels"):
        decode_upload(upload(bytes(data), "bomb.png"))


def test_oversize_file_is_refused(settings):
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(ImageRejected, match="larger than"):
        decode_upload(upload(make_image_bytes(size=(600, 400)), "huge.jpg"))


def test_png_with_transparency_and_webp_are_accepted(member):
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (255, 0, 0, 0)).save(buffer, "PNG")
    png = build_photo(owner=member, upload=upload(buffer.getvalue(), "t.png"), stem="t")
    webp = build_photo(
        owner=member,
        upload=upload(make_image_bytes("WEBP", size=(300, 200)), "w.webp"),
        stem="w",
    )
    assert (png.width, webp.width) == (300, 300)


def test_heic_from_a_phone_is_accepted_and_stripped(member):
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(
        buffer, "HEIF", exif=gps_exif(orientation=6)
    )

    photo = build_photo(
        owner=member, upload=upload(buffer.getvalue(), "IMG_0001.HEIC"), stem="heic"
    )

    assert (photo.width, photo.height) == (480, 640)
    with photo.image.open("rb") as stored:
        raw = stored.read()
    assert b"PhoneMaker" not in raw
    assert not Image.open(io.BytesIO(raw)).getexif()
