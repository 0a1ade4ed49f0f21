"""Media storages: what the rest of the code may assume of them.

Two storages hold media (STORAGES in settings): "default" for public files
(listing photos, thumbnails, avatars), "private" for files only some members
may see (dispute photos). Both are local folders unless object storage is
configured (marketplace/s3.py, docs/object-storage.md). Code reaches files
only through the storage API (save, open, delete, exists, url) and the two
helpers here, never through paths, so it works on either.
"""

import os
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, cached_property, empty


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (outside MEDIA_ROOT), with no public URL.

    The folder is read from the setting when first used, not at import time,
    so a FileField bound to this storage follows a changed setting (tests).
    """

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError(
            "Private files have no public URL; link the view that serves them."
        )


class _PrivateStorageHandle(LazyObject):
    """storages["private"], looked up when first used, like default_storage."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorageHandle()


@receiver(setting_changed)
def _follow_storages(*, setting, **kwargs):
    # Django resets default_storage when STORAGES changes (tests); the private
    # handle follows too, so DisputePhoto's fields reach the new backend.
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """The "private" storage of STORAGES (a callable, so migrations name it)."""
    return _private


def presigned_url(file) -> str | None:
    """A short-lived URL where the client fetches the private `file` itself, or
    None when its storage makes none (local files: the view streams them).

    Call it only after checking who asks: whoever holds the URL can read the
    file until it expires (PRIVATE_MEDIA_URL_SECONDS).
    """
    if getattr(file.storage, "presigns_urls", False):
        return file.storage.url(file.name)
    return None


def list_files(storage, folder: str) -> Iterator[tuple[str, datetime]]:
    """(name, last modified) of every file under `folder`, at any depth.

    Object storage lists names and times together, page by page
    (marketplace.s3); elsewhere the folders are walked.
    """
    lister = getattr(storage, "list_files", None)
    if lister is not None:
        yield from lister(folder)
        return
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{folder}/{name}"
        yield path, storage.get_modified_time(path)
    for sub in folders:
        yield from list_files(storage, f"{folder}/{sub}")
