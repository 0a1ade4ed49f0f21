"""Reads for accounts."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

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


def has_blocked(*, blocker: User, blocked: User) -> bool:
    """Whether `blocker` has blocked `blocked` (one direction only)."""
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def is_blocked_between(a: User, b: User) -> bool:
    """Whether either member has blocked the other."""
    return Block.objects.filter(
        Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)
    ).exists()


def list_blocked(*, blocker: User) -> QuerySet[Block]:
    """The blocks `blocker` made, newest first, with the blocked members."""
    return Block.objects.filter(blocker=blocker).select_related("blocked")
