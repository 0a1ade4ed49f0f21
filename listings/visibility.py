"""What a public listing is, decided once (docs/product-rules.md, Visibility).

Public (shown in search, on the home page, on profiles and in counts): on sale
or sold, not held for review after members' reports, its seller's account
active and the seller not on vacation.

Viewable by link (its item page, a member's likes): public, except that a
seller on vacation does not hide it: the page says the seller is away and it
cannot be bought until they are back (orders and `listings.rules`).

The ORM filters (`public_q`, `viewable_q`), the Python checks (`is_public`,
`is_viewable`) and the raw SQL of listings.search (`public_sql`) are all
built here from the same statuses.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

PUBLIC_STATUSES = ("on_sale", "sold")


def viewable_q(prefix: str = "") -> Q:
    """Listings anyone may open by link (the ORM filter; `prefix` for a relation)."""
    return Q(
        **{
            f"{prefix}status__in": PUBLIC_STATUSES,
            f"{prefix}seller__is_active": True,
            f"{prefix}held_for_review_at__isnull": True,
        }
    )


def public_q(prefix: str = "", *, today: date | None = None) -> Q:
    """Listings everyone sees in lists: viewable, and the seller not away."""
    today = today or timezone.localdate()
    return viewable_q(prefix) & ~Q(**{f"{prefix}seller__vacation_until__gte": today})


def is_viewable(listing) -> bool:
    """The Python form of `viewable_q` (the seller is loaded)."""
    return (
        listing.status in PUBLIC_STATUSES
        and listing.held_for_review_at is None
        and listing.seller.is_active
    )


def is_public(listing) -> bool:
    """The Python form of `public_q`."""
    return is_viewable(listing) and not listing.seller.on_vacation


def seller_shows_listings(seller) -> bool:
    """Whether a seller's public listings are shown at all (active, not away)."""
    return seller.is_active and not seller.on_vacation


def public_sql(status: str, *, today: date | None = None) -> tuple[list[str], list]:
    """`public_q` for one status as WHERE fragments on the listing table, unqualified.

    Two subqueries, each answered by its own index on the member table.
    """
    if status not in PUBLIC_STATUSES:
        raise ValueError(f"{status!r} is not a public status")
    members = get_user_model()._meta.db_table
    where = [
        "status = %s",
        "held_for_review_at IS NULL",
        f"seller_id NOT IN (SELECT id FROM {members} WHERE is_active = %s)",
        f"seller_id NOT IN (SELECT id FROM {members} WHERE vacation_until >= %s)",
    ]
    return where, [status, False, today or timezone.localdate()]
