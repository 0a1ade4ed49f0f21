"""Writes for accounts: sign-up, email verification, profile, addresses, blocks,
suspension by staff."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import hooks, selectors
from accounts.exceptions import AccountError
from accounts.models import Address, Block, normalise_email
from accounts.timezones import TIME_ZONE_NAMES
from accounts.tokens import make_verification_token, read_verification_token
from marketplace.audit import record_staff_action
from marketplace.emails import send_templated_email
from marketplace.images import decode_upload, encode_square
from marketplace.text import normalize_model_text, plain_text

User = get_user_model()


@transaction.atomic
def register_member(*, username: str, email: str, password: str) -> User | None:
    """Create an unverified member and email them a verification link.

    If the email already has an account, nothing is made and its owner is
    emailed instead (returns None): the person signing up sees the same
    "check your email" either way, so sign-up never tells whether an address
    is registered. Raises AccountError for a taken username (names are public).
    """
    email = normalise_email(email)
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(_("That username is taken."))
    owner = User.objects.filter(email=email).first()
    if owner is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=username, email=email, password=password
                )
        except IntegrityError:
            # The same name or address signed up at the same moment.
            if User.objects.filter(username__iexact=username).exists():
                raise AccountError(_("That username is taken.")) from None
            owner = User.objects.filter(email=email).first()
            if owner is None:
                raise
        else:
            send_verification_email(user=user, email=email)
            return user
    # Hashed all the same: a faster answer would tell the address is taken.
    make_password(password)
    send_templated_email(
        to=owner.email,
        template="accounts/email/signup_attempt",
        context={"user": owner},
    )
    return None


def send_verification_email(*, user: User, email: str | None = None) -> None:
    """Email a signed link that verifies `email` (default: the account's own)."""
    email = normalise_email(email or user.email)
    token = make_verification_token(user=user, email=email)
    send_templated_email(
        to=email,
        template="accounts/email/verify",
        context={
            "user": user,
            "email": email,
            "is_change": email != user.email,
            "valid_hours": int(
                settings.EMAIL_VERIFICATION_MAX_AGE.total_seconds() // 3600
            ),
            "path": reverse("accounts:verify-email", kwargs={"token": token}),
        },
    )


@transaction.atomic
def confirm_email(*, token: str) -> User:
    """Verify the address in a link (switching the account to it for a change).

    Raises AccountError when the link is expired, tampered with, stale or the
    address has been taken since.
    """
    try:
        claim = read_verification_token(token)
    except signing.SignatureExpired:
        raise AccountError(
            _("This verification link has expired. Log in to get a new one.")
        ) from None
    except signing.BadSignature:
        raise AccountError(_("This verification link is not valid.")) from None
    user = User.objects.select_for_update().filter(pk=claim.user_id).first()
    if user is None or user.email != claim.current_email:
        raise AccountError(
            _("This verification link is out of date. Log in to get a new one.")
        )
    if claim.email != user.email:
        if User.objects.filter(email=claim.email).exclude(pk=user.pk).exists():
            raise AccountError(_("That email address now belongs to another account."))
        user.email = claim.email
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email", "email_verified_at"])
    return user


def request_email_change(*, user: User, new_email: str) -> None:
    """Email a link to `new_email`; the account switches only once it is followed."""
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError(_("That is already your email address."))
    if User.objects.filter(email=new_email).exists():
        raise AccountError(_("An account with that email already exists."))
    send_verification_email(user=user, email=new_email)


@transaction.atomic
def update_profile(
    *,
    user: User,
    display_name: str,
    bio: str,
    state: str,
    time_zone: str | None = None,
    avatar_upload=None,
    remove_avatar: bool = False,
) -> User:
    """Save profile fields; a new avatar is decoded and re-encoded (ImageRejected).

    `time_zone` None keeps the member's choice; blank means "from my state".
    Raises AccountError for a name, bio or time zone the profile form would refuse.
    """
    if time_zone is not None and time_zone not in TIME_ZONE_NAMES:
        raise AccountError(_("Choose a time zone from the list."))
    text = normalize_model_text(
        User, {"display_name": display_name, "bio": bio}, error=AccountError
    )
    user.display_name = text["display_name"]
    user.bio = text["bio"]
    user.state = state
    if time_zone is not None:
        user.time_zone = time_zone
    old_avatar = user.avatar.name if user.avatar else ""
    if avatar_upload is not None:
        # Decoded reduced: an avatar never needs more than a display-size image.
        image = decode_upload(avatar_upload, max_side=settings.PHOTO_DISPLAY_MAX_SIDE)
        encoded = encode_square(image, side=settings.AVATAR_SIDE)
        user.avatar.save(f"{user.pk}.webp", encoded.content, save=False)
    elif remove_avatar:
        user.avatar = ""
    user.save(update_fields=["display_name", "bio", "state", "time_zone", "avatar"])
    if old_avatar and old_avatar != user.avatar.name:
        storage = user.avatar.storage
        # After the commit, and robust: a storage error is logged, not shown
        # to the member whose change is saved (the old file stays behind).
        transaction.on_commit(lambda: storage.delete(old_avatar), robust=True)
    return user


@transaction.atomic
def save_address(
    *, user: User, fields: dict, address: Address | None = None, make_default: bool
) -> Address:
    """Create or update one of `user`'s addresses; the first one becomes the default.

    Raises AccountError for a new address past ADDRESSES_MAX.
    """
    if address is None:
        # Locking the member serialises two saves at once, so neither can
        # slip past the cap on the other's count.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if user.addresses.count() >= settings.ADDRESSES_MAX:
            raise AccountError(
                _(
                    "You have %(max)d saved addresses, the most you can keep. "
                    "Delete one you no longer use to save another."
                )
                % {"max": settings.ADDRESSES_MAX}
            )
        address = Address(user=user)
    elif address.user_id != user.pk:
        raise AccountError(_("That address is not yours."))
    fields = normalize_model_text(Address, fields, error=AccountError)
    for name, value in fields.items():
        setattr(address, name, value)
    address.full_clean()
    address.save()
    if make_default or user.default_address_id is None:
        set_default_address(user=user, address=address)
    return address


@transaction.atomic
def set_default_address(*, user: User, address: Address) -> None:
    """Make one of `user`'s own addresses the default."""
    if address.user_id != user.pk:
        raise AccountError(_("That address is not yours."))
    user.default_address = address
    user.save(update_fields=["default_address"])


@transaction.atomic
def delete_address(*, user: User, address: Address) -> None:
    """Delete one of `user`'s addresses; the newest left becomes the default."""
    if address.user_id != user.pk:
        raise AccountError(_("That address is not yours."))
    was_default = user.default_address_id == address.pk
    address.delete()
    if was_default:
        user.default_address = user.addresses.order_by("-created_at", "-id").first()
        user.save(update_fields=["default_address"])


@transaction.atomic
def set_vacation(*, user: User, until: date | None) -> User:
    """Hide the member's listings until a date at most VACATION_MAX_DAYS ahead."""
    today = timezone.localdate()
    if until is not None:
        if until < today:
            raise AccountError(_("Choose a date from today on."))
        if until > today + timedelta(days=settings.VACATION_MAX_DAYS):
            raise AccountError(
                _("Vacation mode lasts at most %(days)d days.")
                % {"days": settings.VACATION_MAX_DAYS}
            )
    user.vacation_until = until
    user.save(update_fields=["vacation_until"])
    return user


@transaction.atomic
def block_member(*, blocker: User, blocked: User) -> Block:
    """Block a member (again is fine); raises AccountError for yourself.

    Fires `accounts.hooks.member_blocked` in the same transaction (orders
    declines the open offers either made on the other's listings there and
    releases their money after it commits).
    """
    if blocker.pk == blocked.pk:
        raise AccountError(_("You cannot block yourself."))
    try:
        # Insert first: a concurrent block of the same member then waits on
        # the unique key instead of both reading "none yet".
        with transaction.atomic():
            block = Block.objects.create(blocker=blocker, blocked=blocked)
    except IntegrityError:
        block = Block.objects.get(blocker=blocker, blocked=blocked)
    hooks.member_blocked.call(blocker=blocker, blocked=blocked)
    selectors.forget_blocks(blocker, blocked)
    return block


@transaction.atomic
def unblock_member(*, blocker: User, blocked: User) -> None:
    """Lift a block (none is fine); closed offers stay closed."""
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    selectors.forget_blocks(blocker, blocked)


BADGES = ("ships_fast", "reliable", "responsive")


def set_badge(*, member_id: int, badge: str, earned: bool) -> None:
    """Record whether a member holds one seller badge (the app that measures it
    decides: orders for ships_fast and reliable, conversations for responsive).
    One UPDATE, so it is safe inside the caller's transaction; raises
    ValueError for an unknown badge."""
    if badge not in BADGES:
        raise ValueError(f"unknown badge {badge!r}")
    User.objects.filter(pk=member_id).update(**{f"badge_{badge}": earned})


# --- Trust: account deletion ----------------------------------------------------


def deleted_email(member_id: int) -> str:
    """A unique address that can never receive mail (.invalid, RFC 2606)."""
    return f"deleted-{member_id}@deleted.invalid"


@transaction.atomic
def delete_account(*, member: User, password: str) -> User:
    """Delete a member's account: erase their personal data, keep the records.

    Refused (AccountError with the reason) for a wrong password or while
    `accounts.hooks.deletion_refusal` gives one (an open order, money in the
    balance). Otherwise the apps above remove or anonymise their records
    through `accounts.hooks.member_deleted`, then the profile is erased: the
    username becomes "deleted-<id>", the email a non-deliverable address, the
    name, bio, avatar, state, addresses, blocks and vacation are cleared, the
    password made unusable (which ends every session) and the account
    inactive. The row stays so orders, ratings, comments, messages and the
    ledger still point to someone: "deleted member".
    """
    locked = User.objects.select_for_update().get(pk=member.pk)
    if locked.deleted_at:
        raise AccountError(_("This account is already deleted."))
    if not locked.check_password(password):
        raise AccountError(
            _("That is not your password. Enter the password you log in with.")
        )
    for refusal in hooks.deletion_refusal.call(member=locked):
        if refusal:
            raise AccountError(refusal)
    # Marked deleted first, so nothing the receivers do (an offer declined)
    # notifies or emails the member who is leaving.
    locked.deleted_at = timezone.now()
    User.objects.filter(pk=locked.pk).update(deleted_at=locked.deleted_at)
    hooks.member_deleted.call(member=locked)
    old_avatar = locked.avatar.name if locked.avatar else ""
    locked.username = f"deleted-{locked.pk}"
    locked.email = deleted_email(locked.pk)
    locked.first_name = locked.last_name = ""
    locked.display_name = ""
    locked.bio = ""
    locked.avatar = ""
    locked.state = ""
    locked.vacation_until = None
    locked.default_address = None
    locked.email_verified_at = None
    locked.badge_ships_fast = locked.badge_reliable = locked.badge_responsive = False
    locked.set_unusable_password()
    locked.is_active = False
    locked.save()
    Address.objects.filter(user=locked).delete()
    Block.objects.filter(Q(blocker=locked) | Q(blocked=locked)).delete()
    if old_avatar:
        storage = locked.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar), robust=True)
    return locked


@transaction.atomic
def suspend_member(*, member: User, staff: User, reason: str) -> User:
    """Staff suspend a member, saying why: they cannot log in or act (their
    session stops working at its next request: inactive members are not
    loaded), their listings leave every list, and `hooks.member_suspended`
    lets orders decline their open offers. Raises AccountError without a
    reason, for staff themselves or an already suspended member."""
    reason = plain_text(reason, error=AccountError, multi_line=True)
    if not reason:
        raise AccountError(_("Give a reason for the suspension."))
    if not staff.is_staff:
        raise AccountError(_("Only staff can suspend a member."))
    locked = User.objects.select_for_update().get(pk=member.pk)
    if locked.pk == staff.pk:
        raise AccountError(_("You cannot suspend yourself."))
    if locked.is_staff:
        raise AccountError(_("Staff accounts cannot be suspended here."))
    if locked.is_suspended:
        raise AccountError(_("This member is already suspended."))
    locked.is_active = False
    locked.suspended_at = timezone.now()
    locked.suspension_reason = reason
    locked.save(update_fields=["is_active", "suspended_at", "suspension_reason"])
    record_staff_action(
        actor=staff, action="member.suspend", target=locked, reason=reason
    )
    hooks.member_suspended.call(member=locked)
    send_templated_email(
        to=locked.email,
        template="accounts/email/suspended",
        context={
            "user": locked,
            "reason": reason,
            "support_email": settings.SUPPORT_EMAIL,
        },
    )
    return locked


@transaction.atomic
def unsuspend_member(*, member: User, staff: User, reason: str = "") -> User:
    """Staff lift a suspension: the member can log in again and their listings
    that were on sale are public again (suspension changed no status).
    Raises AccountError for a member who is not suspended."""
    if not staff.is_staff:
        raise AccountError(_("Only staff can lift a suspension."))
    locked = User.objects.select_for_update().get(pk=member.pk)
    if not locked.is_suspended:
        raise AccountError(_("This member is not suspended."))
    locked.is_active = True
    locked.suspended_at = None
    locked.suspension_reason = ""
    locked.save(update_fields=["is_active", "suspended_at", "suspension_reason"])
    record_staff_action(
        actor=staff,
        action="member.unsuspend",
        target=locked,
        reason=plain_text(reason, error=AccountError, multi_line=True),
    )
    return locked
