"""Reads for discovery; querysets carry what their templates show."""

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone

from discovery.models import Like, SavedSearch
from listings.models import Listing, ListingPhoto
from listings.search import parse_search_params, search_listings
from listings.visibility import viewable_q

User = get_user_model()

# The home page runs at most this many of the member's saved searches (the
# most recently saved), and remembers the result briefly.
HOME_SEARCHES_MAX = 5
HOME_CACHE_SECONDS = 300


def is_liked(*, user, listing: Listing) -> bool:
    """Whether `user` (maybe anonymous) likes `listing`."""
    if not user.is_authenticated:
        return False
    return Like.objects.filter(user=user, listing=listing).exists()


def liked_ids(*, user, listing_ids: Iterable[int]) -> set[int]:
    """Which of `listing_ids` the user likes, in one query (none when anonymous)."""
    listing_ids = list(listing_ids)
    if not user.is_authenticated or not listing_ids:
        return set()
    return set(
        Like.objects.filter(user=user, listing_id__in=listing_ids).values_list(
            "listing_id", flat=True
        )
    )


def list_likes(*, user: User) -> QuerySet[Like]:
    """The member's likes of listings others can open (listings.visibility:
    on sale or sold, seller active; a seller away shows as away), newest like
    first, with everything a listing card shows."""
    return (
        Like.objects.filter(viewable_q("listing__"), user=user)
        .select_related("listing__category", "listing__seller")
        .prefetch_related(
            Prefetch(
                "listing__photos",
                queryset=ListingPhoto.objects.order_by("position", "id"),
            )
        )
        .order_by("-created_at", "-id")
    )


def list_saved_searches(*, user: User) -> QuerySet[SavedSearch]:
    """The member's saved searches, newest first."""
    return SavedSearch.objects.filter(user=user).order_by("-created_at", "-id")


def get_own_saved_search(*, pk: int, user: User) -> SavedSearch:
    """One of the member's saved searches; another member's is a 404."""
    return get_object_or_404(SavedSearch, pk=pk, user=user)


def new_matches(
    *, saved_search: SavedSearch, until: datetime, exclude_seller_id: int | None
) -> tuple[list[Listing], bool] | None:
    """Listings matching `saved_search` listed since its last alert and no later
    than `until`, newest first, and whether there are more than one page.

    None when the saved query no longer parses cleanly (a brand or category it
    named is gone): running it would match far more than the member asked for.
    """
    params, notices = parse_search_params(QueryDict(saved_search.query))
    if notices:
        return None
    result = search_listings(
        params, with_counts=False, listed_after=saved_search.listed_after
    )
    listings = [
        listing
        for listing in result.listings
        if listing.seller_id != exclude_seller_id and listing.published_at <= until
    ]
    return listings, bool(result.next_cursor)


def new_items_for_saved_searches(*, user, limit: int = 12) -> list[Listing]:
    """On-sale items listed since the last alert of the member's newest saved
    searches, newest first, each once; never the member's own.

    Runs at most HOME_SEARCHES_MAX searches and caches the ids for a few
    minutes, so a cached home page costs three queries.
    """
    if not user.is_authenticated:
        return []
    searches = list(list_saved_searches(user=user)[:HOME_SEARCHES_MAX])
    if not searches:
        return []
    key_source = [(s.pk, s.query, s.listed_after.isoformat()) for s in searches]
    digest = hashlib.sha256(json.dumps([limit, key_source]).encode()).hexdigest()
    key = f"discovery:home:{user.pk}:{digest[:32]}"
    ids = cache.get(key)
    if ids is None:
        now = timezone.now()
        found: dict[int, Listing] = {}
        for saved_search in searches:
            matches = new_matches(
                saved_search=saved_search, until=now, exclude_seller_id=user.pk
            )
            for listing in (matches or ([], False))[0]:
                found.setdefault(listing.pk, listing)
        newest = sorted(
            found.values(), key=lambda item: (item.published_at, item.pk), reverse=True
        )
        ids = [listing.pk for listing in newest[:limit]]
        cache.set(key, ids, HOME_CACHE_SECONDS)
    # Fetched again: an item may have sold or been paused since it was cached.
    by_id = (
        Listing.objects.public().on_sale().with_card_data().exclude(seller=user)
    ).in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
