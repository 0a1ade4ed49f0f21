import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from listings.models import ListingPhoto
from tests.factories import ListingFactory, add_photos


def test_regenerate_photos_rebuilds_thumbnails(db):
    listing = ListingFactory()
    (photo,) = add_photos(listing, 1, size=(900, 600))
    storage = photo.thumb_320.storage
    storage.delete(photo.thumb_320.name)
    old_name = photo.thumb_320.name

    out = io.StringIO()
    call_command("regenerate_photos", stdout=out)

    photo.refresh_from_db()
    assert "Regenerated thumbnails of 1 images (1 photos); 0 failed." in out.getvalue()
    assert storage.exists(photo.thumb_320.name)
    with photo.thumb_320.open("rb") as f:
        assert Image.open(f).size == (320, 213)
    assert old_name == photo.thumb_320.name or not storage.exists(old_name)


def test_regenerate_photos_keeps_files_shared_by_several_rows(db):
    (first,) = add_photos(ListingFactory(), 1)
    second = ListingPhoto.objects.create(
        owner=first.owner,
        listing=ListingFactory(),
        image=first.image.name,
        thumb_320=first.thumb_320.name,
        thumb_640=first.thumb_640.name,
        width=first.width,
        height=first.height,
    )

    call_command("regenerate_photos", stdout=io.StringIO())

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.thumb_320.name == second.thumb_320.name
    assert first.thumb_320.storage.exists(second.thumb_640.name)


def test_discard_staged_photos_removes_only_old_unattached_ones(db, on_commit):
    listing = ListingFactory()
    attached, old, fresh = add_photos(listing, 3)
    ListingPhoto.objects.filter(pk__in=[old.pk, fresh.pk]).update(listing=None)
    ListingPhoto.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    storage = old.image.storage

    out = io.StringIO()
    with on_commit():
        call_command("discard_staged_photos", stdout=out)

    assert "Discarded 1 staged photos" in out.getvalue()
    assert set(ListingPhoto.objects.values_list("pk", flat=True)) == {
        attached.pk,
        fresh.pk,
    }
    assert not storage.exists(old.image.name)


def test_deleting_a_listing_keeps_files_that_other_photos_share(db, on_commit):
    from listings.services import delete_listing

    (first,) = add_photos(ListingFactory(), 1)
    other = ListingFactory()
    ListingPhoto.objects.create(
        owner=other.seller,
        listing=other,
        image=first.image.name,
        thumb_320=first.thumb_320.name,
        thumb_640=first.thumb_640.name,
        width=first.width,
        height=first.height,
    )

    with on_commit():
        delete_listing(listing=first.listing, seller=first.listing.seller)

    assert first.image.storage.exists(first.image.name)
    assert first.image.storage.exists(first.thumb_640.name)


def test_rebuild_search_index_picks_up_a_renamed_category(transactional_db, catalogue):
    from listings.models import Category
    from listings.search import parse_search_params, search_listings

    listing = ListingFactory(title="Desk lamp")
    Category.objects.filter(pk=listing.category_id).update(name="Luminaires")
    params, _ = parse_search_params({"q": "luminaires"})
    assert search_listings(params).listings == []

    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert "Rebuilt the search index of 1 listings." in out.getvalue()
    assert search_listings(params).listings == [listing]
