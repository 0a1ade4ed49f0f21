"""Reads for accounts."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Address

User = get_user_model()


def get_public_member(*, username: str) -> User:
    """An active member by username (any case); 404 otherwise."""
    return get_object_or_404(User, username__iexact=username, is_active=True)


def list_addresses(*, user: User) -> QuerySet[Address]:
    """The member's own addresses, newest first."""
    return Address.objects.filter(user=user).order_by("-created_at", "-id")


def get_own_address(*, user: User, pk: int) -> Address:
    """One of the member's own addresses; another member's is a 404."""
    return get_object_or_404(Address, pk=pk, user=user)
