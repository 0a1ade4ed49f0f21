"""Reads for accounts."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import hooks
from accounts.models import Address, Block

User = get_user_model()


def get_public_member(*, username: str) -> User:
    """An active member by username (any case); 404 otherwise."""
    return get_object_or_404(User, username__iexact=username, is_active=True)


def get_member(*, username: str) -> User:
    """A member by username (any case), suspended or not; 404 otherwise."""
    return get_object_or_404(User, username__iexact=username)


def list_addresses(*, user: User) -> QuerySet[Address]:
    """The member's own addresses, newest first."""
    return Address.objects.filter(user=user).order_by("-created_at", "-id")


def get_own_address(*, user: User, pk: int) -> Address:
    """One of the member's own addresses; another member's is a 404."""
    return get_object_or_404(Address, pk=pk, user=user)


BLOCKS_KNOWN = "_blocks_known"


def has_blocked(*, blocker: User, blocked: User) -> bool:
    """Whether `blocker` has blocked `blocked` (one direction only)."""
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def is_blocked_between(a: User, b: User) -> bool:
    """Whether either member has blocked the other.

    Remembered on `a` (the viewer, whose object lives for one request), since
    an item page asks it for its actions, its questions and its messages;
    block_member() and unblock_member() forget it."""
    known = a.__dict__.setdefault(BLOCKS_KNOWN, {})
    if b.pk not in known:
        known[b.pk] = Block.objects.filter(
            Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)
        ).exists()
    return known[b.pk]


def forget_blocks(*members: User) -> None:
    for member in members:
        member.__dict__.pop(BLOCKS_KNOWN, None)


def list_blocked(*, blocker: User) -> QuerySet[Block]:
    """The blocks `blocker` made, newest first, with the blocked members."""
    return Block.objects.filter(blocker=blocker).select_related("blocked")


# --- Trust: account data export and deletion ------------------------------------


def iso(value) -> str | None:
    """A date or datetime as ISO 8601 text for the export (None stays None)."""
    return value.isoformat() if value else None


def member_data(*, member: User) -> dict:
    """Everything Nomi holds about `member` that is theirs to download.

    The profile, addresses and blocks come from here; every other section from
    the apps that own it, through `accounts.hooks.member_data`.
    """
    data = {
        "format": "nomi-member-data/1",
        "exported_at": iso(timezone.now()),
        "profile": {
            "username": member.username,
            "email": member.email,
            "display_name": member.display_name,
            "bio": member.bio,
            "state": member.state,
            "avatar": member.avatar.name if member.avatar else None,
            "member_since": iso(member.date_joined),
            "email_verified_at": iso(member.email_verified_at),
            "away_until": iso(member.vacation_until),
            "badges": {
                "ships_fast": member.badge_ships_fast,
                "reliable": member.badge_reliable,
                "responsive": member.badge_responsive,
            },
        },
        "addresses": [
            {
                "full_name": address.full_name,
                "line1": address.line1,
                "line2": address.line2,
                "city": address.city,
                "state": address.state,
                "zip_code": address.zip_code,
                "default": address.pk == member.default_address_id,
                "created_at": iso(address.created_at),
            }
            for address in member.addresses.all()
        ],
        "blocked_members": [
            {"username": block.blocked.username, "blocked_at": iso(block.created_at)}
            for block in Block.objects.filter(blocker=member).select_related("blocked")
        ],
    }
    for section in hooks.member_data.call(member=member):
        data.update(section)
    return data


def deletion_refusal(*, member: User) -> str | None:
    """Why `member` may not delete their account now (the first reason), or None."""
    for refusal in hooks.deletion_refusal.call(member=member):
        if refusal:
            return refusal
    return None
