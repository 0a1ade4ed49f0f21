"""Writes for listings: photos, sell and edit, state changes, moderation, vacation."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from listings import hooks
from listings import photos as photo_files
from listings.exceptions import ListingError
from listings.models import (
    Brand,
    Listing,
    ListingModeration,
    ListingPhoto,
    PriceChange,
)
from listings.places import fill_ships_from
from listings.search import refresh_search_fields
from listings.selectors import active_listing_limit
from marketplace import background
from marketplace.audit import record_staff_action
from marketplace.images import ImageRejected
from marketplace.retry import retry_lost_locks
from marketplace.text import model_text, normalize_model_text
from notifications.models import Kind
from notifications.services import notify

User = get_user_model()

# Fields a seller sets through the sell and edit forms.
EDITABLE_FIELDS = (
    "title",
    "description",
    "category",
    "brand_name",
    "condition",
    "size",
    "colour",
    "price_cents",
    "shipping_payer",
    "shipping_tier",
    "ships_from_zip",
)


@dataclass
class StagedUploads:
    photos: list[ListingPhoto]
    errors: list[str]


def stage_photos(*, owner: User, uploads: list, room: int) -> StagedUploads:
    """Store each upload as a staged photo; refuse bad ones and any past `room`.

    Good photos are kept even when others fail, so the seller need not pick
    them again.
    """
    staged, errors = [], []
    # Staged photos of abandoned forms count too: a member cannot pile up more
    # than STAGED_PHOTOS_MAX files until discard_staged_photos clears them.
    waiting = ListingPhoto.objects.filter(owner=owner, listing__isnull=True).count()
    for upload in uploads:
        if len(staged) >= room:
            errors.append(
                _("%(name)s was not added: a listing has at most %(max)d photos.")
                % {"name": upload.name, "max": settings.LISTING_MAX_PHOTOS}
            )
            continue
        if waiting + len(staged) >= settings.STAGED_PHOTOS_MAX:
            errors.append(
                _(
                    "%(name)s was not added: you have %(max)d photos waiting to "
                    "be listed. List or save the item with the photos you have."
                )
                % {"name": upload.name, "max": settings.STAGED_PHOTOS_MAX}
            )
            continue
        # A large upload's thumbnails are made by a worker, when there is one.
        defer = background.enabled() and (
            getattr(upload, "size", 0) >= settings.PHOTO_BACKGROUND_THUMBNAILS_BYTES
        )
        try:
            photo = photo_files.build_photo(
                owner=owner,
                upload=upload,
                stem=uuid.uuid4().hex,
                defer_thumbnails=defer,
            )
        except ImageRejected as error:
            errors.append(str(error))
            continue
        try:
            photo.save()
        except BaseException:
            photo_files.discard_files(photo)
            raise
        if defer:
            background.dispatch("listings.make_thumbnails", photo.image.name)
        staged.append(photo)
    return StagedUploads(photos=staged, errors=errors)


def match_brand(name: str) -> Brand | None:
    """The known brand whose name equals `name`, ignoring case and extra spaces."""
    key = " ".join((name or "").split()).lower()
    return Brand.objects.filter(key=key).first() if key else None


def _apply_fields(listing: Listing, fields: dict) -> None:
    # The sell form's rule, for callers that skip it (raises ListingError).
    fields = normalize_model_text(Listing, fields, error=ListingError)
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(listing, name, fields[name])
    listing.brand_name = " ".join((listing.brand_name or "").split())
    listing.brand = match_brand(listing.brand_name)
    if listing.brand:
        listing.brand_name = listing.brand.name
    listing.shipping_cents = listing.shipping_tier.price_cents
    price_dollars, rest = divmod(listing.price_cents, 100)
    if rest or not (
        settings.LISTING_MIN_PRICE_DOLLARS
        <= price_dollars
        <= settings.LISTING_MAX_PRICE_DOLLARS
    ):
        raise ListingError(
            _("The price must be whole dollars from $%(min)d to $%(max)d.")
            % {
                "min": settings.LISTING_MIN_PRICE_DOLLARS,
                "max": settings.LISTING_MAX_PRICE_DOLLARS,
            }
        )
    if listing.category.parent_id is None:
        raise ListingError(_("Choose a category inside a department."))
    fill_ships_from(listing)
    refresh_search_fields(listing)


def _check_room_to_go_live(seller: User, *, exclude_pk=None) -> None:
    active = Listing.objects.active().filter(seller=seller)
    if exclude_pk:
        active = active.exclude(pk=exclude_pk)
    limit = active_listing_limit(seller=seller)
    if active.count() >= limit:
        raise ListingError(
            _(
                "You have %(limit)d active listings, the most your account can "
                "have now. Each completed sale raises the limit by %(step)d; "
                "pause or end a listing to make room."
            )
            % {"limit": limit, "step": settings.ACTIVE_LISTING_LIMIT_PER_SALE}
        )


def _attach_photos(listing: Listing, seller: User, photo_ids: list[int]) -> None:
    """Attach staged photos (in the given order) after the listing's own."""
    staged = {
        p.pk: p
        for p in ListingPhoto.objects.select_for_update().filter(
            pk__in=photo_ids, owner=seller, listing__isnull=True
        )
    }
    next_position = listing.photos.count()
    for pk in photo_ids:
        photo = staged.get(pk)
        if photo is None:
            continue
        photo.listing = listing
        photo.position = next_position
        next_position += 1
        photo.save(update_fields=["listing", "position"])


def _check_photo_count(listing: Listing) -> None:
    count = listing.photos.count()
    if count > settings.LISTING_MAX_PHOTOS:
        raise ListingError(
            _("A listing has at most %(max)d photos.")
            % {"max": settings.LISTING_MAX_PHOTOS}
        )
    if count == 0 and listing.status != Listing.Status.DRAFT:
        raise ListingError(_("Add at least one photo to list an item."))


def _lock_seller(seller: User) -> None:
    # Serialises one seller's listing writes, so the active-listing limit and
    # photo counts cannot be overrun by two requests at once.
    User.objects.select_for_update().filter(pk=seller.pk).first()


def _lock_listing_then_seller(listing: Listing, seller: User) -> Listing:
    """Lock an existing listing, then its seller; raises if it is not theirs.

    The listing first: a purchase locks the listing and then (checking the
    order's foreign key) reads the seller's row, so the other order would
    deadlock an edit against a sale.
    """
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.seller_id != seller.pk:
        raise ListingError(_("That listing is not yours."))
    _lock_seller(seller)
    return listing


@transaction.atomic
def create_listing(
    *, seller: User, fields: dict, photo_ids: list[int], publish: bool
) -> Listing:
    """Save a draft, or publish at once (needs a photo and room under the limit)."""
    if not seller.is_verified:
        raise ListingError(_("Verify your email before you list an item."))
    _lock_seller(seller)
    listing = Listing(seller=seller)
    _apply_fields(listing, fields)
    if publish:
        _check_room_to_go_live(seller)
        listing.status = Listing.Status.ON_SALE
        listing.published_at = timezone.now()
    listing.save()
    _attach_photos(listing, seller, photo_ids)
    _check_photo_count(listing)
    return listing


@retry_lost_locks
def update_listing(
    *,
    listing: Listing,
    seller: User,
    fields: dict,
    photo_positions: dict[int, int],
    remove_photo_ids: list[int],
    new_photo_ids: list[int],
) -> Listing:
    """Edit a listing's fields and photos; price changes are logged.

    `photo_positions` orders the listing's photos and the staged ones in
    `new_photo_ids` together (a new photo may become the cover).

    A lower price fires `listings.hooks.price_lowered` in this transaction.
    """
    listing = _lock_listing_then_seller(listing, seller)
    if listing.status in (Listing.Status.SOLD, Listing.Status.REMOVED):
        raise ListingError(_("A sold or removed listing can no longer be edited."))
    old_price = listing.price_cents
    _apply_fields(listing, fields)
    listing.save()
    if listing.price_cents != old_price:
        PriceChange.objects.create(
            listing=listing, old_cents=old_price, new_cents=listing.price_cents
        )
        if listing.price_cents < old_price:
            hooks.price_lowered.call(
                listing=listing, old_cents=old_price, new_cents=listing.price_cents
            )
    for photo in listing.photos.filter(pk__in=remove_photo_ids):
        photo_files.delete_files(photo)
        photo.delete()
    # New photos are attached first so that `photo_positions` can place them
    # among the listing's own; any photo without a position goes after those
    # that have one, in its current order.
    _attach_photos(listing, seller, new_photo_ids)
    kept = list(listing.photos.all())
    kept.sort(key=lambda p: (photo_positions.get(p.pk, p.position + 1000), p.pk))
    for position, photo in enumerate(kept):
        if photo.position != position:
            photo.position = position
            photo.save(update_fields=["position"])
    _check_photo_count(listing)
    return listing


@retry_lost_locks
def change_listing_status(*, listing: Listing, seller: User, status: str) -> Listing:
    """Publish a draft, pause or resume, as docs/product-rules.md (Listings) allows."""
    listing = _lock_listing_then_seller(listing, seller)
    if not listing.seller_can_move_to(status):
        raise ListingError(
            _("A listing that is %(now)s cannot become %(new)s.")
            % {
                "now": listing.get_status_display().lower(),
                "new": Listing.Status(status).label.lower(),
            }
        )
    if status == Listing.Status.ON_SALE:
        if not seller.is_verified:
            raise ListingError(_("Verify your email before you list an item."))
        if not listing.photos.exists():
            raise ListingError(_("Add at least one photo to list an item."))
        if listing.status == Listing.Status.DRAFT:
            _check_room_to_go_live(seller)
            listing.published_at = timezone.now()
    listing.status = status
    listing.save(update_fields=["status", "published_at", "updated_at"])
    if status == Listing.Status.PAUSED:
        hooks.listing_withdrawn.call(listing=listing)
    return listing


@retry_lost_locks
def delete_listing(*, listing: Listing, seller: User) -> None:
    """Delete a listing that was never ordered; sold ones stay as records."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.seller_id != seller.pk:
        raise ListingError(_("That listing is not yours."))
    if listing.status in (Listing.Status.SOLD, Listing.Status.REMOVED):
        raise ListingError(_("This listing was sold or removed; it stays as a record."))
    if any(hooks.listing_has_trades.call(listing=listing)):
        raise ListingError(
            _("This listing has had offers or orders; it stays as a record. Pause it.")
        )
    for photo in listing.photos.all():
        photo_files.delete_files(photo)
    listing.delete()


# What removal by staff, and its undoing, change on a listing.
REMOVAL_FIELDS = ["status", "status_before_removal", "removed_reason", "updated_at"]


@retry_lost_locks
def remove_listing(*, listing: Listing, staff: User, reason: str) -> Listing:
    """Staff take a listing down with a reason the seller is emailed and shown.

    The staff member and reason are kept in the listing's moderation history.
    """
    reason = model_text(Listing, "removed_reason", reason, error=ListingError)
    if not reason:
        raise ListingError(_("Give the seller a reason for the removal."))
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if not listing.staff_can_move_to(Listing.Status.REMOVED):
        raise ListingError(_("This listing is already removed."))
    listing.status_before_removal = listing.status
    listing.status = Listing.Status.REMOVED
    listing.removed_reason = reason
    listing.save(update_fields=REMOVAL_FIELDS)
    removal = ListingModeration.objects.create(
        listing=listing,
        staff=staff,
        action=ListingModeration.Action.REMOVED,
        reason=reason,
    )
    record_staff_action(
        actor=staff, action="listing.remove", target=listing, reason=reason
    )
    hooks.listing_withdrawn.call(listing=listing)
    notify(
        recipient=listing.seller,
        kind=Kind.LISTING_REMOVED,
        event_key=f"listing:{listing.pk}:removed:{removal.pk}",
        text=_("Your listing %(title)s was removed by staff")
        % {"title": listing.title},
        url=listing.get_absolute_url(),
        email_template="listings/email/removed",
        email_context={"listing": listing, "reason": reason},
    )
    return listing


@retry_lost_locks
def restore_listing(*, listing: Listing, staff: User, reason: str) -> Listing:
    """Staff put a removed listing back in the state it had before, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ListingError(_("Say why the listing is restored."))
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != Listing.Status.REMOVED:
        raise ListingError(_("Only a removed listing can be restored."))
    listing.status = listing.status_before_removal or Listing.Status.PAUSED
    if listing.status in (Listing.Status.ON_SALE, Listing.Status.PAUSED):
        # Back among the active listings: the seller's limit applies as it
        # does to publishing (same lock order: listing, then seller).
        _lock_seller(listing.seller)
        _check_room_to_go_live(listing.seller, exclude_pk=listing.pk)
    listing.status_before_removal = ""
    listing.removed_reason = ""
    # Staff looked at it: any hold from members' reports ends too.
    listing.held_for_review_at = None
    listing.save(update_fields=[*REMOVAL_FIELDS, "held_for_review_at"])
    ListingModeration.objects.create(
        listing=listing,
        staff=staff,
        action=ListingModeration.Action.RESTORED,
        reason=reason,
    )
    record_staff_action(
        actor=staff, action="listing.restore", target=listing, reason=reason
    )
    return listing


def hold_for_review(*, listing_id: int) -> bool:
    """Hide a listing from everyone but its seller and staff until staff
    decide on members' reports (moderation calls it). Runs in the caller's
    transaction; one conditional UPDATE, so concurrent reports hold it once.
    True if this call held it."""
    held = Listing.objects.filter(
        pk=listing_id, held_for_review_at__isnull=True
    ).update(held_for_review_at=timezone.now())
    return bool(held)


def release_from_review(*, listing_id: int) -> bool:
    """Show a held listing again (staff dismissed the reports); its status is
    untouched, so a removed listing stays removed. True if it was held."""
    released = Listing.objects.filter(
        pk=listing_id, held_for_review_at__isnull=False
    ).update(held_for_review_at=None)
    return bool(released)


def discard_stale_staged_photos(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete staged photos never attached to a listing; returns how many."""
    cutoff = timezone.now() - older_than
    count = 0
    for photo in ListingPhoto.objects.filter(
        listing__isnull=True, created_at__lt=cutoff
    ):
        with transaction.atomic():
            photo_files.delete_files(photo)
            photo.delete()
        count += 1
    return count


# --- Moves made for other apps (a sale, a like) --------------------------------
# The only writes of a listing's status and like count outside this module's
# seller and staff services: orders claims and relists, discovery counts likes.


def _move_status(listing_pk: int, *, from_status: str, to_status: str) -> bool:
    """Move the listing between statuses if, and only if, it is in `from_status`.

    The row is locked by primary key first and then updated by primary key:
    a single `UPDATE … WHERE id = … AND status = …` may be run by MariaDB
    through a status index, locking that index before the row, the opposite
    order to a seller's edit or pause, and the two then deadlock.
    """
    status = (
        Listing.objects.select_for_update()
        .filter(pk=listing_pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != from_status:
        return False
    Listing.objects.filter(pk=listing_pk).update(
        status=to_status, updated_at=timezone.now()
    )
    return True


def claim_for_sale(listing_pk: int) -> bool:
    """Mark the listing sold if, and only if, it is still on sale (one winner).

    Runs in the caller's transaction and leaves the listing's row locked in it.
    """
    return _move_status(
        listing_pk, from_status=Listing.Status.ON_SALE, to_status=Listing.Status.SOLD
    )


def return_to_sale(listing_pk: int) -> bool:
    """Put a sold listing back on sale (its order was cancelled before shipping).

    Row-locked like `claim_for_sale`; False if the listing is not sold.
    """
    moved = _move_status(
        listing_pk, from_status=Listing.Status.SOLD, to_status=Listing.Status.ON_SALE
    )
    return moved


def lock_listing(listing_pk: int) -> None:
    """Lock the listing's row in the caller's transaction.

    Sales lock the listing (the claim) and then its offers; anything else that
    locks an offer takes the listing first too, so it cannot deadlock a sale.
    """
    list(
        Listing.objects.select_for_update()
        .filter(pk=listing_pk)
        .values_list("pk", flat=True)
    )


def count_like(listing_pk: int, *, liked: bool) -> None:
    """Raise the listing's like count by one for a new like, lower it for an
    unlike (never below zero), in one UPDATE: concurrent likes all count."""
    listings = Listing.objects.filter(pk=listing_pk)
    if liked:
        listings.update(like_count=F("like_count") + 1)
    else:
        listings.filter(like_count__gt=0).update(like_count=F("like_count") - 1)


# --- Trust: account deletion ----------------------------------------------------


def withdraw_member_listings(*, seller: User) -> None:
    """A deleting member's unsold listings leave Nomi.

    Runs inside the deletion's transaction. Listings never offered on or
    ordered (drafts among them) are deleted with their photos; the others stay
    as records, paused: one on sale fires `hooks.listing_withdrawn`, so its
    open offers are declined and their authorizations voided. Sold and
    removed listings are kept as they are.
    """
    unsold = (
        Listing.Status.DRAFT,
        Listing.Status.ON_SALE,
        Listing.Status.PAUSED,
    )
    pks = Listing.objects.filter(seller=seller, status__in=unsold).values_list(
        "pk", flat=True
    )
    for pk in sorted(pks):
        listing = Listing.objects.select_for_update().get(pk=pk)
        if listing.status not in unsold:
            continue
        if not any(hooks.listing_has_trades.call(listing=listing)):
            for photo in listing.photos.all():
                photo_files.delete_files(photo)
            listing.delete()
            continue
        was_on_sale = listing.status == Listing.Status.ON_SALE
        listing.status = Listing.Status.PAUSED
        listing.save(update_fields=["status", "updated_at"])
        if was_on_sale:
            hooks.listing_withdrawn.call(listing=listing)
