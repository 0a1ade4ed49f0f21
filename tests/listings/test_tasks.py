"""Listings' tasks: thumbnails of large uploads made by a worker, and the
staged photo cleanup, each changing nothing when run a second time."""

from datetime import timedelta

import pytest
from celery.app.task import Task
from django.core.files.storage import default_storage
from django.utils import timezone

from listings import tasks
from listings.models import ListingPhoto
from listings.services import stage_photos
from tests.conftest import make_upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, monkeypatch):
    """A broker configured, large uploads from 1 kB; the queued tasks, captured."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    settings.PHOTO_BACKGROUND_THUMBNAILS_BYTES = 1024
    messages = []
    monkeypatch.setattr(
        Task,
        "apply_async",
        lambda self, args=None, **kw: messages.append((self.name, args)),
    )
    return messages


def _stage(upload) -> ListingPhoto:
    staged = stage_photos(owner=UserFactory(), uploads=[upload], room=1)
    assert staged.errors == []
    return staged.photos[0]


def _files(photo) -> tuple[str, str, str]:
    photo.refresh_from_db()
    return (photo.image.name, photo.thumb_320.name, photo.thumb_640.name)


def test_a_large_upload_gets_its_thumbnails_from_a_worker(queued, on_commit):
    with on_commit():
        photo = _stage(make_upload(size=(1200, 900)))

    image, thumb_320, thumb_640 = _files(photo)
    # Until the worker runs, the display image stands in for the thumbnails.
    assert thumb_320 == thumb_640 == image
    assert queued == [("listings.make_thumbnails", (image,))]

    assert tasks.make_thumbnails(image) == 1

    image, thumb_320, thumb_640 = _files(photo)
    assert thumb_320.endswith("-320.webp") and thumb_640.endswith("-640.webp")
    for name in (image, thumb_320, thumb_640):
        assert default_storage.exists(name)


def test_making_thumbnails_twice_changes_nothing_the_second_time(queued, on_commit):
    with on_commit():
        photo = _stage(make_upload(size=(1200, 900)))
    tasks.make_thumbnails(photo.image.name)
    made = _files(photo)

    assert tasks.make_thumbnails(photo.image.name) == 0

    assert _files(photo) == made


def test_a_small_upload_gets_its_thumbnails_at_once(queued, on_commit, settings):
    settings.PHOTO_BACKGROUND_THUMBNAILS_BYTES = 10 * 1024 * 1024
    with on_commit():
        photo = _stage(make_upload(size=(1200, 900)))

    assert _files(photo)[1].endswith("-320.webp")
    assert queued == []


def test_without_a_broker_every_upload_gets_its_thumbnails_at_once(settings, on_commit):
    settings.PHOTO_BACKGROUND_THUMBNAILS_BYTES = 1024
    with on_commit():
        photo = _stage(make_upload(size=(1200, 900)))

    image, thumb_320, _thumb_640 = _files(photo)
    assert thumb_320 != image and thumb_320.endswith("-320.webp")


def test_staged_photos_a_day_old_are_discarded_once(on_commit):
    photo = _stage(make_upload())
    fresh = _stage(make_upload())
    ListingPhoto.objects.filter(pk=photo.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    names = _files(photo)

    with on_commit():
        first = tasks.discard_staged_photos()
    with on_commit():
        second = tasks.discard_staged_photos()

    assert first["staged photos discarded"] == 1
    assert second == {"staged photos discarded": 0, "orphan files deleted": 0}
    assert list(ListingPhoto.objects.all()) == [fresh]
    assert not any(default_storage.exists(name) for name in names)
