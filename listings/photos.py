"""Photo files: everything derived from an upload is made here, at upload time."""

from django.conf import settings
from django.db import models, transaction

from listings.models import ListingPhoto
from marketplace.images import decode_upload, encode_fit


def _write_derived(photo: ListingPhoto, image, stem: str) -> None:
    for side in ListingPhoto.THUMBNAIL_SIDES:
        encoded = encode_fit(image, max_side=side, fmt="WEBP")
        field = getattr(photo, f"thumb_{side}")
        field.save(f"{stem}-{side}.webp", encoded.content, save=False)


def build_photo(*, owner, upload, stem: str) -> ListingPhoto:
    """Decode `upload` (ImageRejected) and write the display image and thumbnails.

    The returned photo is not saved yet; its files are.
    """
    image = decode_upload(upload)
    display = encode_fit(image, max_side=settings.PHOTO_DISPLAY_MAX_SIDE, fmt="JPEG")
    photo = ListingPhoto(owner=owner, width=display.width, height=display.height)
    photo.image.save(f"{stem}.jpg", display.content, save=False)
    _write_derived(photo, image, stem)
    return photo


def regenerate_derived(image_name: str) -> int:
    """Rebuild the thumbnails of every photo row using the display image `image_name`.

    Rows may share files (demo data does); old thumbnails are deleted only
    once no row refers to them. Returns the number of rows updated.
    """
    rows = list(ListingPhoto.objects.filter(image=image_name))
    if not rows:
        return 0
    photo = rows[0]
    with photo.image.open("rb") as stored:
        image = decode_upload(stored)
    old = {name for row in rows for name in (row.thumb_320.name, row.thumb_640.name)}
    stem = image_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    _write_derived(photo, image, stem)
    ListingPhoto.objects.filter(image=image_name).update(
        width=image.width,
        height=image.height,
        thumb_320=photo.thumb_320.name,
        thumb_640=photo.thumb_640.name,
    )
    _delete_unreferenced(photo.image.storage, old)
    return len(rows)


def _delete_unreferenced(storage, names) -> None:
    """Delete files no photo row refers to any more (demo rows share files)."""
    for name in names:
        if not name:
            continue
        in_use = ListingPhoto.objects.filter(
            models.Q(image=name) | models.Q(thumb_320=name) | models.Q(thumb_640=name)
        ).exists()
        if not in_use:
            storage.delete(name)


def delete_files(photo: ListingPhoto) -> None:
    """Remove a photo's files once the row is gone and the transaction commits."""
    storage = photo.image.storage
    names = [f.name for f in (photo.image, photo.thumb_320, photo.thumb_640) if f]
    transaction.on_commit(lambda: _delete_unreferenced(storage, names))
