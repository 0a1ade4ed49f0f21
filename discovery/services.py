"""Writes for discovery: likes, price-drop emails, saved searches and their alerts."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from discovery.exceptions import DiscoveryError
from discovery.models import Like, SavedSearch
from discovery.selectors import new_matches
from listings.models import Listing
from listings.search import SearchParams, canonical_query, parse_search_params
from listings.services import count_like
from marketplace.retry import retry_lost_locks
from marketplace.templatetags.money import money
from marketplace.text import model_text
from notifications.models import Kind
from notifications.services import notify

User = get_user_model()

# A member's saved searches are each run once per alert run: keep it bounded.
SAVED_SEARCHES_MAX = 50
# New matches listed per saved search in one digest; the rest are a link away.
DIGEST_ITEMS_PER_SEARCH = 20
QUERY_MAX_LENGTH = 2000


# --- Likes --------------------------------------------------------------------
@retry_lost_locks
def like_listing(*, user: User, listing: Listing) -> bool:
    """Like a public listing once; True if this call added the like.

    Raises DiscoveryError for the seller's own listing or one that is not
    public (draft, paused, removed, or its seller's account is closed).
    """
    listing = Listing.objects.select_related("seller").get(pk=listing.pk)
    if listing.seller_id == user.pk:
        raise DiscoveryError(_("You cannot like your own listing."))
    if not listing.is_viewable:
        raise DiscoveryError(_("This item is not available."))
    try:
        # get_or_create inserts in a savepoint; when a concurrent like wins the
        # race the unique constraint refuses the second row and it reads the
        # winner's instead, so the count is raised exactly once.
        _like, created = Like.objects.get_or_create(
            user=user,
            listing=listing,
            defaults={"price_cents_at_like": listing.price_cents},
        )
    except IntegrityError:
        # get_or_create re-raises when it still cannot read the winner's row;
        # the like exists all the same and the winner counted it.
        created = False
    if created:
        count_like(listing.pk, liked=True)
    return created


@retry_lost_locks
def unlike_listing(*, user: User, listing: Listing) -> bool:
    """Remove the member's like, if any; True if this call removed it."""
    # Of two concurrent unlikes only one DELETE finds the row.
    deleted, _per_model = Like.objects.filter(user=user, listing=listing).delete()
    if deleted:
        count_like(listing.pk, liked=False)
    return bool(deleted)


def notify_price_drop(*, listing: Listing, old_cents: int, new_cents: int) -> int:
    """Email every member who liked `listing` (not the seller) when its price
    fell by at least PRICE_DROP_NOTIFY_PERCENT; returns how many were told.

    The `discovery.price_drop_alert` task runs it once the price change has
    committed (a worker's fan-out, not the seller's request). Each member is
    told in their own transaction, once per drop: a second run tells no one.
    """
    if not is_notable_price_drop(old_cents=old_cents, new_cents=new_cents):
        return 0
    if listing.status != Listing.Status.ON_SALE:
        return 0
    likers = (
        User.objects.filter(likes__listing=listing, is_active=True)
        .exclude(pk=listing.seller_id)
        .order_by("pk")
    )
    text = _("Price drop: %(title)s is now %(price)s") % {
        "title": listing.title,
        "price": money(new_cents),
    }
    sent = 0
    for member in likers.iterator(chunk_size=500):
        # Each member's entry and email commit together: a run cut short and
        # run again tells the rest, and no one twice (the event key is unique).
        with transaction.atomic():
            told = notify(
                recipient=member,
                kind=Kind.PRICE_DROP,
                event_key=f"listing:{listing.pk}:price:{old_cents}-{new_cents}",
                text=text,
                url=listing.get_absolute_url(),
                email_template="discovery/email/price_drop",
                email_context={
                    "member": member,
                    "listing": listing,
                    "old_cents": old_cents,
                    "new_cents": new_cents,
                    "drop_cents": old_cents - new_cents,
                },
            )
        sent += told is not None
    return sent


def is_notable_price_drop(*, old_cents: int, new_cents: int) -> bool:
    """Whether a price change is a drop of at least PRICE_DROP_NOTIFY_PERCENT."""
    if old_cents <= 0 or new_cents >= old_cents:
        return False
    # Integers: a drop of exactly the threshold counts, with no float rounding.
    drop = old_cents - new_cents
    return drop * 100 >= settings.PRICE_DROP_NOTIFY_PERCENT * old_cents


# --- Saved searches -----------------------------------------------------------
def query_hash(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def default_search_name(params: SearchParams) -> str:
    """The words searched for, else the category or brand, else "All items"."""
    if params.q:
        name = params.q
    elif params.category is not None:
        name = params.category.name
    elif params.brand is not None:
        name = params.brand.name
    else:
        name = _("All items")
    return name[: SavedSearch._meta.get_field("name").max_length]


@dataclass
class SaveSearchResult:
    saved_search: SavedSearch
    created: bool


@transaction.atomic
def save_search(*, user: User, query: str, name: str = "") -> SaveSearchResult:
    """Save the search in `query` (a query string) once per member.

    Saving the same search again returns the existing one (created=False).
    Raises DiscoveryError when the member has SAVED_SEARCHES_MAX already.
    """
    if not user.is_verified:
        raise DiscoveryError(_("Verify your email before you save a search."))
    params, _notices = parse_search_params(
        QueryDict((query or "").lstrip("?")[:QUERY_MAX_LENGTH])
    )
    canonical = canonical_query(params)
    digest = query_hash(canonical)
    # Serialises one member's saves, so the limit cannot be overrun.
    User.objects.select_for_update().filter(pk=user.pk).first()
    existing = SavedSearch.objects.filter(user=user, query_hash=digest).first()
    if existing is not None:
        return SaveSearchResult(existing, created=False)
    if SavedSearch.objects.filter(user=user).count() >= SAVED_SEARCHES_MAX:
        raise DiscoveryError(
            _("You can save up to %(max)d searches. Delete one to save this one.")
            % {"max": SAVED_SEARCHES_MAX}
        )
    name = model_text(SavedSearch, "name", name, error=DiscoveryError) or (
        default_search_name(params)
    )
    try:
        with transaction.atomic():
            saved = SavedSearch.objects.create(
                user=user,
                name=name[: SavedSearch._meta.get_field("name").max_length],
                query=canonical,
                query_hash=digest,
            )
    except IntegrityError:
        # A concurrent save of the same search won (the unique key backstop).
        return SaveSearchResult(
            SavedSearch.objects.get(user=user, query_hash=digest), created=False
        )
    return SaveSearchResult(saved, created=True)


def rename_saved_search(*, saved_search: SavedSearch, name: str) -> SavedSearch:
    """Give a saved search a new, non-blank name (raises DiscoveryError)."""
    name = model_text(SavedSearch, "name", name, error=DiscoveryError)
    max_length = SavedSearch._meta.get_field("name").max_length
    if not name:
        raise DiscoveryError(_("Enter a name for the search."))
    if len(name) > max_length:
        raise DiscoveryError(
            _("A name has at most %(max)d characters.") % {"max": max_length}
        )
    saved_search.name = name
    saved_search.save(update_fields=["name"])
    return saved_search


def set_saved_search_alerts(
    *, saved_search: SavedSearch, enabled: bool, now: datetime | None = None
) -> SavedSearch:
    """Turn a saved search's email alerts on or off.

    Turning them on counts from now, so the next digest does not bring back
    everything listed while they were off.
    """
    fields = ["email_alerts"]
    if enabled and not saved_search.email_alerts:
        saved_search.last_alerted_at = now or timezone.now()
        fields.append("last_alerted_at")
    saved_search.email_alerts = enabled
    saved_search.save(update_fields=fields)
    return saved_search


def delete_saved_search(*, saved_search: SavedSearch) -> None:
    """Delete a saved search and its alerts."""
    saved_search.delete()


# --- Alerts -------------------------------------------------------------------
@dataclass
class DigestSection:
    saved_search: SavedSearch
    listings: list[Listing]
    more: bool


@dataclass
class AlertRunSummary:
    members: int = 0
    emails: int = 0
    items: int = 0
    skipped_searches: int = 0


def _digest_sections(
    *, searches: list[SavedSearch], until: datetime, summary: AlertRunSummary
) -> list[DigestSection]:
    seen: set[int] = set()
    sections = []
    for saved_search in searches:
        found = new_matches(
            saved_search=saved_search,
            until=until,
            exclude_seller_id=saved_search.user_id,
        )
        if found is None:
            summary.skipped_searches += 1
            continue
        listings, more = found
        fresh = [listing for listing in listings if listing.pk not in seen]
        if not fresh:
            continue
        shown = fresh[:DIGEST_ITEMS_PER_SEARCH]
        seen.update(listing.pk for listing in shown)
        sections.append(
            DigestSection(
                saved_search=saved_search,
                listings=shown,
                more=more or len(fresh) > len(shown),
            )
        )
    return sections


def send_member_digest(
    *,
    member: User,
    searches: list[SavedSearch],
    started: datetime,
    summary: AlertRunSummary,
) -> None:
    """One digest email of every new match of the member's alerting searches,
    then mark those searches alerted as of `started`."""
    # The searches run outside the transaction: it stays short.
    sections = _digest_sections(searches=searches, until=started, summary=summary)
    with transaction.atomic():
        if sections:
            item_count = sum(len(s.listings) for s in sections)
            notify(
                recipient=member,
                kind=Kind.SAVED_SEARCH,
                event_key=f"saved-search:{started.isoformat()}",
                text=ngettext(
                    "%(count)d new match for your saved searches",
                    "%(count)d new matches for your saved searches",
                    item_count,
                )
                % {"count": item_count},
                url=reverse("discovery:saved-searches"),
                email_template="discovery/email/saved_search_digest",
                email_context={
                    "member": member,
                    "sections": sections,
                    "item_count": item_count,
                },
            )
            summary.emails += 1
            summary.items += sum(len(s.listings) for s in sections)
        SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(
            last_alerted_at=started
        )


def send_saved_search_alerts(
    *,
    now: datetime | None = None,
    batch_size: int = 200,
    progress: Callable[[int], None] | None = None,
) -> AlertRunSummary:
    """Email each member one digest of what was listed since their searches'
    last alert; every search with alerts on is then alerted as of `now`.

    Items listed after `now` (the run's start) wait for the next run, so
    running twice sends nothing new.
    """
    started = now or timezone.now()
    summary = AlertRunSummary()
    alerting = SavedSearch.objects.filter(
        email_alerts=True, user__is_active=True, created_at__lte=started
    )
    last_user_id = 0
    while True:
        # Keyset over members, so rows updated below never shift a page.
        user_ids = list(
            alerting.filter(user_id__gt=last_user_id)
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .distinct()[:batch_size]
        )
        if not user_ids:
            break
        searches: dict[int, list[SavedSearch]] = {}
        for saved_search in (
            alerting.filter(user_id__in=user_ids)
            .select_related("user")
            .order_by("user_id", "created_at", "id")
        ):
            searches.setdefault(saved_search.user_id, []).append(saved_search)
        for user_id in user_ids:
            member_searches = searches.get(user_id, [])
            if member_searches:
                send_member_digest(
                    member=member_searches[0].user,
                    searches=member_searches,
                    started=started,
                    summary=summary,
                )
            summary.members += 1
            if progress:
                progress(summary.members)
        last_user_id = user_ids[-1]
    return summary


# --- Trust: account deletion ----------------------------------------------------


def forget_member(*, member: User) -> None:
    """A deleting member's likes (their listings' counts lowered) and saved
    searches are deleted; runs inside the deletion's transaction."""
    for listing_pk in sorted(
        Like.objects.filter(user=member).values_list("listing_id", flat=True)
    ):
        if Like.objects.filter(user=member, listing_id=listing_pk).delete()[0]:
            count_like(listing_pk, liked=False)
    SavedSearch.objects.filter(user=member).delete()
