"""Dispute photos: decoded, stripped and re-encoded at upload, like listing photos."""

import uuid

from django.conf import settings

from marketplace.images import decode_upload, encode_fit
from orders.models import DisputePhoto

DISPUTE_THUMB_SIDE = 320


def build_dispute_photo(upload) -> DisputePhoto:
    """Decode `upload` (ImageRejected) and write its display image and thumbnail.

    The display image is a JPEG whose long side is at most
    PHOTO_DISPLAY_MAX_SIDE, the thumbnail a WebP of at most 320 px; neither
    carries any metadata. The returned photo is not saved and has no dispute
    yet; its files are written.
    """
    image = decode_upload(upload)
    display = encode_fit(image, max_side=settings.PHOTO_DISPLAY_MAX_SIDE, fmt="JPEG")
    thumb = encode_fit(image, max_side=DISPUTE_THUMB_SIDE, fmt="WEBP")
    stem = uuid.uuid4().hex
    photo = DisputePhoto(width=display.width, height=display.height)
    photo.image.save(f"{stem}.jpg", display.content, save=False)
    photo.thumb.save(f"{stem}-{DISPUTE_THUMB_SIDE}.webp", thumb.content, save=False)
    return photo


def discard_dispute_photos(photos: list[DisputePhoto]) -> None:
    """Delete the files of photos that were built but never attached to a dispute."""
    for photo in photos:
        for file in (photo.image, photo.thumb):
            if file:
                file.storage.delete(file.name)
