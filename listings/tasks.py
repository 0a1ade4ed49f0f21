"""Listings' background work: thumbnails of large uploads, staged photo cleanup."""

from datetime import timedelta

from listings import photos as photo_files
from listings.services import discard_stale_staged_photos
from marketplace.background import background_task

STAGED_PHOTO_AGE = timedelta(hours=24)


@background_task("listings.make_thumbnails")
def make_thumbnails(image_name: str) -> int:
    """Make the thumbnails of the photo whose display image is `image_name`,
    if they are still pending; returns the number of photo rows updated.

    A large upload is saved with its display image standing in for the
    thumbnails (`build_photo(defer_thumbnails=True)`); once they are made no
    row is pending, so a second run does nothing.
    """
    if not photo_files.thumbnails_pending(image_name):
        return 0
    return photo_files.regenerate_derived(image_name)


@background_task("listings.discard_staged_photos")
def discard_staged_photos() -> dict[str, int]:
    """Delete staged photos and orphan photo files a day old
    (`manage.py discard_staged_photos`): what is gone stays gone, so a second
    run deletes nothing."""
    return {
        "staged photos discarded": discard_stale_staged_photos(
            older_than=STAGED_PHOTO_AGE
        ),
        "orphan files deleted": photo_files.delete_orphan_files(
            older_than=STAGED_PHOTO_AGE
        ),
    }
