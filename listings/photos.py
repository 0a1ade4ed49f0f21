"""Photo files: everything derived from an upload is made here, at upload time."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from listings.models import ListingPhoto
from marketplace.images import decode_upload, encode_fit
from marketplace.storages import list_files


def _write_derived(photo: ListingPhoto, image, stem: str) -> None:
    # `image` is already display-sized (build_photo), never the full upload.
    for side in ListingPhoto.THUMBNAIL_SIDES:
        encoded = encode_fit(image, max_side=side, fmt="WEBP")
        field = getattr(photo, f"thumb_{side}")
        field.save(f"{stem}-{side}.webp", encoded.content, save=False)


def build_photo(
    *, owner, upload, stem: str, defer_thumbnails: bool = False
) -> ListingPhoto:
    """Decode `upload` (ImageRejected) and write the display image and thumbnails.

    The returned photo is not saved yet; its files are. If writing fails
    midway, the files already written are deleted before the error goes on.
    With `defer_thumbnails` the display image stands in for the thumbnails
    until the `listings.make_thumbnails` task makes them.
    """
    side = settings.PHOTO_DISPLAY_MAX_SIDE
    # Decoded reduced and scaled to the display size once; the thumbnails are
    # made from that, not from the full upload.
    image = decode_upload(upload, max_side=side)
    display = encode_fit(image, max_side=side, fmt="JPEG")
    photo = ListingPhoto(owner=owner, width=display.width, height=display.height)
    try:
        photo.image.save(f"{stem}.jpg", display.content, save=False)
        if defer_thumbnails:
            photo.thumb_320.name = photo.thumb_640.name = photo.image.name
        else:
            _write_derived(photo, image, stem)
    except BaseException:
        discard_files(photo)
        raise
    return photo


def discard_files(photo: ListingPhoto) -> None:
    """Delete the files of a photo that was built but never saved as a row."""
    for field in (photo.image, photo.thumb_320, photo.thumb_640):
        if field:
            field.storage.delete(field.name)


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


def thumbnails_pending(image_name: str) -> bool:
    """Whether a photo row still shows its display image as its thumbnail."""
    return ListingPhoto.objects.filter(image=image_name, thumb_320=image_name).exists()


def _delete_unreferenced(storage, names) -> None:
    """Delete files no photo row refers to any more (demo rows share files)."""
    for name in names:
        if not name:
            continue
        if not file_in_use(name):
            storage.delete(name)


FILE_COLUMNS = ("image", "thumb_320", "thumb_640")


def file_in_use(name: str) -> bool:
    """Whether any photo row still refers to the file: one indexed lookup per
    column (an OR across the three columns can fall back to a table scan)."""
    return any(
        ListingPhoto.objects.filter(**{column: name}).exists()
        for column in FILE_COLUMNS
    )


def delete_files(photo: ListingPhoto) -> None:
    """Remove a photo's files once the row is gone and the transaction commits.

    A storage error then (object storage away) is logged, never the member's:
    the change is committed, and delete_orphan_files sweeps what is left."""
    storage = photo.image.storage
    names = [f.name for f in (photo.image, photo.thumb_320, photo.thumb_640) if f]
    transaction.on_commit(lambda: _delete_unreferenced(storage, names), robust=True)


PHOTO_FOLDER = "listings"  # listings.models.photo_path puts every file under it


def delete_orphan_files(*, older_than: timedelta) -> int:
    """Delete photo files no ListingPhoto row refers to, if older than `older_than`.

    Younger files are left alone: a photo being built right now has its files
    written before its row. The rows are read once, whatever the file count.
    """
    storage = ListingPhoto._meta.get_field("image").storage
    cutoff = timezone.now() - older_than
    candidates = {
        name
        for name, modified in list_files(storage, PHOTO_FOLDER)
        if modified < cutoff
    }
    if not candidates:
        return 0
    rows = ListingPhoto.objects.values_list("image", "thumb_320", "thumb_640")
    for names in rows.iterator(chunk_size=2000):
        candidates.difference_update(names)
        if not candidates:
            return 0
    for name in candidates:
        storage.delete(name)
    return len(candidates)
