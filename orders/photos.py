"""Dispute photos: decoded, stripped and re-encoded at upload, and kept private.

The files live in the "private" storage (PRIVATE_MEDIA_ROOT, outside
MEDIA_ROOT, with no URL; or a private bucket, docs/object-storage.md). The
order's buyer and seller, and staff, see them through the orders:dispute-photo
view. A photo without a dispute is staged:
uploaded with a report that had errors, kept (for its owner only) so the
buyer need not pick it again; process_deadlines deletes the unused ones.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.images import ImageRejected, decode_upload, encode_fit
from orders.models import DisputePhoto, Order
from orders.rules import dispute_photo_room

User = get_user_model()

DISPUTE_THUMB_SIDE = 320


def build_dispute_photo(upload, *, owner: User) -> DisputePhoto:
    """Decode `upload` (ImageRejected) and write its display image and thumbnail.

    The display image is a JPEG whose long side is at most
    PHOTO_DISPLAY_MAX_SIDE, the thumbnail a WebP of at most 320 px; neither
    carries any metadata. The returned photo is not saved and has no dispute
    yet; its files are written.
    """
    # Charged to the request's pixel budget, decoded reduced to the display size.
    image = decode_upload(upload, max_side=settings.PHOTO_DISPLAY_MAX_SIDE)
    display = encode_fit(image, max_side=settings.PHOTO_DISPLAY_MAX_SIDE, fmt="JPEG")
    thumb = encode_fit(image, max_side=DISPUTE_THUMB_SIDE, fmt="WEBP")
    stem = uuid.uuid4().hex
    photo = DisputePhoto(owner=owner, width=display.width, height=display.height)
    try:
        photo.image.save(f"{stem}.jpg", display.content, save=False)
        photo.thumb.save(f"{stem}-{DISPUTE_THUMB_SIDE}.webp", thumb.content, save=False)
    except Exception:
        _delete_files(photo)
        raise
    return photo


def _delete_files(photo: DisputePhoto) -> None:
    for file in (photo.image, photo.thumb):
        if file:
            file.storage.delete(file.name)


def discard_dispute_photos(photos: list[DisputePhoto]) -> None:
    """Delete photos never attached to a dispute: their rows, then their files."""
    for photo in photos:
        if photo.pk is not None:
            deleted, _rows = DisputePhoto.objects.filter(
                pk=photo.pk, dispute__isnull=True
            ).delete()
            if not deleted:
                continue  # attached meanwhile: it is a dispute's now
        _delete_files(photo)


@dataclass
class StagedDisputePhotos:
    photos: list[DisputePhoto]
    errors: list[str]


def list_staged_dispute_photos(*, owner: User, ids: list[int]) -> list[DisputePhoto]:
    """The member's own staged (unattached) photos among `ids`, in that order."""
    found = {
        p.pk: p
        for p in DisputePhoto.objects.filter(
            pk__in=ids, owner=owner, dispute__isnull=True
        )
    }
    return [found[pk] for pk in dict.fromkeys(ids) if pk in found]


def stage_dispute_photos(
    *, owner: User, uploads: list, kept: list[DisputePhoto]
) -> StagedDisputePhotos:
    """Store each good upload as a staged photo; refuse bad ones and any past
    DISPUTE_MAX_PHOTOS (counting `kept`, the photos staged earlier).

    A member keeps at most DISPUTE_MAX_STAGED_PHOTOS staged photos: past that
    the oldest not in use by this report are deleted.
    """
    staged, errors = [], []
    room = dispute_photo_room(len(kept))
    for upload in uploads:
        if len(staged) >= room:
            errors.append(
                _("%(name)s was not added: a report has at most %(max)d photos.")
                % {"name": upload.name, "max": settings.DISPUTE_MAX_PHOTOS}
            )
            continue
        try:
            photo = build_dispute_photo(upload, owner=owner)
        except ImageRejected as error:
            errors.append(str(error))
            continue
        try:
            photo.save()
        except Exception:
            _delete_files(photo)  # no file without a row
            raise
        staged.append(photo)
    if staged:
        _cap_staged(owner, in_use=[p.pk for p in (*kept, *staged)])
    return StagedDisputePhotos(photos=staged, errors=errors)


def _cap_staged(owner: User, *, in_use: list[int]) -> None:
    cap = max(settings.DISPUTE_MAX_STAGED_PHOTOS, settings.DISPUTE_MAX_PHOTOS)
    staged = DisputePhoto.objects.filter(owner=owner, dispute__isnull=True)
    excess = staged.count() - cap
    if excess > 0:
        oldest = staged.exclude(pk__in=in_use).order_by("created_at", "id")[:excess]
        discard_dispute_photos(list(oldest))


def discard_stale_staged_dispute_photos(*, older_than: timedelta | None = None) -> int:
    """Delete staged photos never attached to a dispute; returns how many.

    Safe with two copies running: a row is deleted only while still staged,
    and its files only by the run that deleted it.
    """
    if older_than is None:
        older_than = timedelta(hours=settings.DISPUTE_STAGED_PHOTO_HOURS)
    cutoff = timezone.now() - older_than
    count = 0
    for photo in DisputePhoto.objects.filter(
        dispute__isnull=True, created_at__lt=cutoff
    ).iterator():
        with transaction.atomic():
            deleted, _rows = DisputePhoto.objects.filter(
                pk=photo.pk, dispute__isnull=True
            ).delete()
        if deleted:
            _delete_files(photo)
            count += 1
    return count


def _staff_may_see(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("orders.view_order")


def get_visible_dispute_photo(*, order_pk: int, photo_pk: int, user) -> DisputePhoto:
    """The photo if `user` may see it under this order; Http404 otherwise.

    A dispute's photo: the order's buyer and seller, and staff who may view
    orders. A staged photo: only its owner, and only while they are the
    buyer of the order they are reporting.
    """
    if not user.is_authenticated:
        raise Http404
    orders = Order.objects.all() if _staff_may_see(user) else None
    if orders is None:
        orders = Order.objects.for_participant(user)
    order = orders.filter(pk=order_pk).values("pk", "buyer_id").first()
    if order is None:
        raise Http404
    photo = DisputePhoto.objects.filter(pk=photo_pk, dispute__order_id=order_pk).first()
    if photo is None and order["buyer_id"] == user.pk:
        photo = DisputePhoto.objects.filter(
            pk=photo_pk, owner=user, dispute__isnull=True
        ).first()
    if photo is None:
        raise Http404
    return photo
