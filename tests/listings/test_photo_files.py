"""A photo's files are deleted only when no row refers to them, and finding out
never scans the photo table."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection

from listings.models import ListingPhoto
from listings.photos import FILE_COLUMNS, file_in_use
from listings.services import delete_listing
from tests.factories import ListingFactory, add_photos

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("column", FILE_COLUMNS)
def test_a_file_is_in_use_while_any_column_of_any_row_names_it(column):
    photo = add_photos(ListingFactory())[0]
    name = getattr(photo, column).name

    assert file_in_use(name)
    ListingPhoto.objects.filter(pk=photo.pk).delete()
    assert not file_in_use(name)


def test_deleting_a_listing_keeps_a_file_another_row_shares(
    django_capture_on_commit_callbacks,
):
    first, second = ListingFactory(), ListingFactory()
    photo = add_photos(first)[0]
    shared = ListingPhoto.objects.create(
        listing=second,
        owner=second.seller,
        image=photo.image.name,
        width=photo.width,
        height=photo.height,
        thumb_320=photo.thumb_320.name,
        thumb_640=photo.thumb_640.name,
    )
    storage = photo.image.storage

    with django_capture_on_commit_callbacks(execute=True):
        delete_listing(listing=first, seller=first.seller)

    assert storage.exists(shared.image.name) and storage.exists(shared.thumb_640.name)


def test_deleting_a_listing_removes_files_no_other_row_uses(
    django_capture_on_commit_callbacks,
):
    listing = ListingFactory()
    photo = add_photos(listing)[0]
    names = [photo.image.name, photo.thumb_320.name, photo.thumb_640.name]

    with django_capture_on_commit_callbacks(execute=True):
        delete_listing(listing=listing, seller=listing.seller)

    assert not any(photo.image.storage.exists(name) for name in names)


@pytest.mark.django_db(transaction=True)
def test_a_storage_error_after_the_commit_is_logged_not_raised(
    catalogue, monkeypatch, caplog
):
    """Object storage away when the files go: the listing is deleted all the
    same, the seller sees no error, and the files are left to the sweep."""
    listing = ListingFactory()
    photo = add_photos(listing)[0]

    def unreachable(storage, name):
        raise OSError("storage unreachable")

    monkeypatch.setattr(FileSystemStorage, "delete", unreachable)

    delete_listing(listing=listing, seller=listing.seller)  # commits

    assert not ListingPhoto.objects.exists()
    assert not type(listing).objects.filter(pk=listing.pk).exists()
    assert "storage unreachable" in caplog.text
    assert photo.image.storage.exists(photo.image.name)


@pytest.mark.mysql
@pytest.mark.parametrize("column", FILE_COLUMNS)
def test_mariadb_looks_a_file_up_by_index(column):
    """A scan of a million photo rows per file made deleting a listing take seconds."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN SELECT 1 FROM listings_listingphoto WHERE {column} = %s LIMIT 1",
            ["listings/ab/cd.webp"],
        )
        columns = [c[0] for c in cursor.description]
        plan = dict(zip(columns, cursor.fetchone(), strict=True))
    assert plan["key"] and plan["type"] in {"ref", "const"}, plan
