"""Dispute photos are private: stored outside MEDIA_ROOT, served only to the
order's buyer and seller and to staff; a refused photo keeps the good ones."""

from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from orders.models import DisputePhoto, Order
from tests.conftest import make_image_bytes
from tests.factories import UserFactory, buy, shipped

pytestmark = pytest.mark.django_db


def jpeg(name="crack.jpg", size=(120, 90)) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, make_image_bytes(size=size), content_type="image/jpeg"
    )


def fake(name="evil.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"<?php echo 'hi'; ?>", content_type="image/jpeg")


def report(client, order, photos=(), **fields):
    data = {"reason": "damaged", "description": "The shade arrived cracked."}
    data.update(fields)
    if photos:
        data["photos"] = list(photos)
    return client.post(reverse("orders:report", args=[order.pk]), data)


def photo_url(order, photo, **query) -> str:
    url = reverse("orders:dispute-photo", args=[order.pk, photo.pk])
    return url + ("?size=thumb" if query.get("thumb") else "")


@pytest.fixture
def disputed(client):
    """A shipped order the buyer reported with one photo; the client is logged out."""
    order = shipped(buy())
    client.force_login(order.buyer)
    response = report(client, order, photos=[jpeg()])
    assert response.status_code == 302
    client.logout()
    order.refresh_from_db()
    assert order.status == Order.Status.DISPUTED
    return order


def file_bytes(field) -> bytes:
    with field.open("rb") as stored:
        return stored.read()


# --- Storage -----------------------------------------------------------------------


def test_photo_files_live_outside_media_root(disputed, settings):
    photo = disputed.dispute.photos.get()

    private_root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for field in (photo.image, photo.thumb):
        path = Path(field.path).resolve()
        assert path.is_file()
        assert path.is_relative_to(private_root)
        assert not path.is_relative_to(media_root)
        assert not (media_root / field.name).exists()
    assert not private_root.is_relative_to(media_root)


def test_private_files_have_no_public_url(disputed, client):
    photo = disputed.dispute.photos.get()

    with pytest.raises(ValueError):
        photo.image.url  # noqa: B018
    client.force_login(disputed.buyer)
    assert client.get(f"/media/{photo.image.name}").status_code == 404


def test_default_private_media_root_is_outside_media_root():
    from marketplace import settings as defaults

    private_root = Path(str(defaults.PRIVATE_MEDIA_ROOT))
    assert private_root == defaults.BASE_DIR / "private-media"
    assert not private_root.is_relative_to(Path(str(defaults.MEDIA_ROOT)))


# --- Who may see a photo -------------------------------------------------------------


@pytest.mark.parametrize("who", ["buyer", "seller", "staff"])
def test_the_parties_and_staff_get_the_bytes(disputed, client, who):
    photo = disputed.dispute.photos.get()
    viewer = (
        UserFactory(is_staff=True, is_superuser=True)
        if who == "staff"
        else getattr(disputed, who)
    )
    client.force_login(viewer)

    image = client.get(photo_url(disputed, photo))
    thumb = client.get(photo_url(disputed, photo, thumb=True))

    assert image.status_code == 200 and thumb.status_code == 200
    assert b"".join(image.streaming_content) == file_bytes(photo.image)
    assert b"".join(thumb.streaming_content) == file_bytes(photo.thumb)
    assert image["Content-Type"] == "image/jpeg"
    assert thumb["Content-Type"] == "image/webp"
    for response in (image, thumb):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_stranger_and_the_members_of_another_order_get_404(disputed, client):
    photo = disputed.dispute.photos.get()
    other = buy()
    url = photo_url(disputed, photo)

    for viewer in (UserFactory(), other.buyer, other.seller):
        client.force_login(viewer)
        assert client.get(url).status_code == 404
        # Their own order's URL with this photo's id finds nothing either.
        assert client.get(photo_url(other, photo)).status_code == 404


def test_staff_without_order_rights_get_404(disputed, client):
    photo = disputed.dispute.photos.get()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(photo_url(disputed, photo)).status_code == 404


def test_a_visitor_is_sent_to_log_in_like_on_the_order_page(disputed, client):
    photo = disputed.dispute.photos.get()

    order_page = client.get(disputed.get_absolute_url())
    response = client.get(photo_url(disputed, photo))

    assert order_page.status_code == response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_photo_whose_file_is_gone_is_a_404(disputed, client):
    photo = disputed.dispute.photos.get()
    photo.image.storage.delete(photo.image.name)
    client.force_login(disputed.buyer)

    assert client.get(photo_url(disputed, photo)).status_code == 404


def test_the_order_page_and_admin_link_the_private_view(disputed, client):
    photo = disputed.dispute.photos.get()
    image_url, thumb_url = (
        photo_url(disputed, photo),
        photo_url(disputed, photo, thumb=True),
    )

    client.force_login(disputed.seller)
    page = client.get(disputed.get_absolute_url()).content.decode()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    admin_page = client.get(
        reverse("admin:orders_order_change", args=[disputed.pk])
    ).content.decode()

    for html in (page, admin_page):
        assert f'href="{image_url}"' in html
        assert f'src="{thumb_url.replace("&", "&amp;")}"' in html
        assert "/media/disputes/" not in html


# --- Files stored before photos were private ------------------------------------


def test_the_migration_moves_public_dispute_files_to_private_storage(disputed):
    photo = disputed.dispute.photos.get()
    public, private = storages["default"], storages["private"]
    # As an older release stored it: under MEDIA_ROOT.
    data = file_bytes(photo.image)
    old_name = public.save("disputes/2024/01/old.jpg", ContentFile(data))
    DisputePhoto.objects.filter(pk=photo.pk).update(image=old_name)
    migration = import_module("orders.migrations.0004_private_dispute_photos")

    migration.move_to_private(django_apps, None)

    photo.refresh_from_db()
    assert not public.exists(old_name)
    assert private.exists(photo.image.name)
    assert file_bytes(photo.image) == data
    migration.move_to_private(django_apps, None)  # a second run changes nothing
    assert private.exists(photo.image.name)


# --- Staging: a refused photo keeps the good ones --------------------------------


def test_a_refused_photo_keeps_the_good_one_for_the_next_submit(client):
    order = shipped(buy())
    client.force_login(order.buyer)

    response = report(
        client,
        order,
        photos=[jpeg("good.jpg"), fake("evil.jpg")],
        description="Cracked & bent",
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "evil.jpg is not a valid image or is damaged" in page
    assert "Cracked &amp; bent</textarea>" in page
    staged = DisputePhoto.objects.get()
    assert staged.dispute is None and staged.owner == order.buyer
    assert f'name="staged_photo" value="{staged.pk}"' in page
    thumb = photo_url(order, staged, thumb=True).replace("&", "&amp;")
    assert f'src="{thumb}"' in page
    assert client.get(photo_url(order, staged, thumb=True)).status_code == 200

    again = client.post(
        reverse("orders:report", args=[order.pk]),
        {
            "reason": "damaged",
            "description": "Cracked & bent",
            "staged_photo": [staged.pk],
        },
    )

    assert again.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.DISPUTED
    assert list(order.dispute.photos.all()) == [staged]


def test_staged_photos_are_private_to_their_owner(client):
    order = shipped(buy())
    client.force_login(order.buyer)
    report(client, order, photos=[jpeg(), fake()])
    staged = DisputePhoto.objects.get()

    for viewer in (order.seller, UserFactory()):
        client.force_login(viewer)
        assert client.get(photo_url(order, staged)).status_code == 404


def test_another_members_staged_photo_cannot_be_attached(client):
    theirs = shipped(buy())
    client.force_login(theirs.buyer)
    report(client, theirs, photos=[jpeg(), fake()])
    staged = DisputePhoto.objects.get()
    mine = shipped(buy())
    client.force_login(mine.buyer)

    response = client.post(
        reverse("orders:report", args=[mine.pk]),
        {"reason": "damaged", "description": "Broken.", "staged_photo": [staged.pk]},
    )

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.dispute.photos.count() == 0
    staged.refresh_from_db()
    assert staged.dispute is None


def test_a_staged_photo_can_be_removed(client):
    order = shipped(buy())
    client.force_login(order.buyer)
    report(client, order, photos=[jpeg(), fake()])
    staged = DisputePhoto.objects.get()

    response = client.post(
        reverse("orders:report", args=[order.pk]),
        {
            "reason": "damaged",
            "description": "Broken.",
            "staged_photo": [staged.pk],
            "remove_staged": [staged.pk],
        },
    )

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.dispute.photos.count() == 0


def test_photos_past_the_limit_are_refused_by_name_and_the_rest_kept(client, settings):
    settings.DISPUTE_MAX_PHOTOS = 2
    order = shipped(buy())
    client.force_login(order.buyer)

    response = report(
        client, order, photos=[jpeg("a.jpg"), jpeg("b.jpg"), jpeg("c.jpg")]
    )

    assert response.status_code == 400
    assert "c.jpg was not added: a report has at most 2 photos." in (
        response.content.decode()
    )
    assert DisputePhoto.objects.filter(dispute=None).count() == 2


def test_a_members_staged_photos_are_capped(client, settings):
    settings.DISPUTE_MAX_STAGED_PHOTOS = 4
    order = shipped(buy())
    client.force_login(order.buyer)

    for _attempt in range(4):  # each time starting over, keeping nothing
        assert report(client, order, photos=[jpeg(), jpeg(), fake()]).status_code == (
            400
        )

    staged = DisputePhoto.objects.filter(owner=order.buyer, dispute=None)
    assert staged.count() == 4
    names = [name for p in staged for name in (p.image.name, p.thumb.name)]
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*.*")) == sorted(names)


def test_process_deadlines_discards_stale_staged_photos(client):
    order = shipped(buy())
    client.force_login(order.buyer)
    report(client, order, photos=[jpeg(), fake()])
    old = DisputePhoto.objects.get()
    DisputePhoto.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    report(client, order, photos=[jpeg(), fake()])
    fresh = DisputePhoto.objects.exclude(pk=old.pk).get()
    attached_order = shipped(buy())
    client.force_login(attached_order.buyer)
    report(client, attached_order, photos=[jpeg()])
    attached = attached_order.dispute.photos.get()
    DisputePhoto.objects.filter(pk=attached.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )

    call_command("process_deadlines")

    assert set(DisputePhoto.objects.all()) == {fresh, attached}
    assert not old.image.storage.exists(old.image.name)
    assert not old.thumb.storage.exists(old.thumb.name)
    assert attached.image.storage.exists(attached.image.name)
