"""Reads for listings; querysets carry what their templates show."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from listings import hooks
from listings.models import Category, Listing, ListingPhoto
from listings.rules import listing_limit
from listings.search import SearchParams, search_listings
from listings.visibility import seller_shows_listings

User = get_user_model()


def completed_sales_count(*, seller: User) -> int:
    """Sales that count towards the listing limit: the seller's completed orders,
    as the receivers of `listings.hooks.completed_sales` (orders) count them."""
    return sum(hooks.completed_sales.call(seller=seller))


def active_listing_limit(*, seller: User) -> int:
    """The seller's listing limit now (listings.rules.listing_limit)."""
    return listing_limit(completed_sales_count(seller=seller))


def get_listing_for_viewer(*, pk: int, viewer) -> Listing:
    """A listing as `viewer` may see it: drafts, paused and removed items, and
    those of a suspended seller, only for their seller and staff (404 for
    anyone else; listings.visibility.is_viewable)."""
    listing = get_object_or_404(
        Listing.objects.select_related(
            "seller", "category__parent", "brand", "shipping_tier"
        ).prefetch_related("photos"),
        pk=pk,
    )
    is_owner = viewer.is_authenticated and viewer.pk == listing.seller_id
    is_staff = viewer.is_authenticated and viewer.is_staff
    if is_owner or is_staff:
        return listing
    if not listing.is_viewable:
        raise Http404
    return listing


def get_own_listing(*, pk: int, seller: User) -> Listing:
    """One of the seller's own listings; another member's is a 404."""
    return get_object_or_404(
        Listing.objects.select_related("category", "shipping_tier"),
        pk=pk,
        seller=seller,
    )


def list_seller_listings(*, seller: User, status: str) -> QuerySet[Listing]:
    """The seller's listings in one dashboard tab, newest first."""
    return (
        Listing.objects.filter(seller=seller, status=status)
        .with_card_data()
        .select_related("seller")  # the rows' actions ask who sells
        .order_by("-updated_at", "-id")
    )


def count_seller_listings(*, seller: User) -> dict[str, int]:
    """How many of the seller's listings are in each status (one query)."""
    counts = Listing.objects.filter(seller=seller).aggregate(
        **{
            status.value: Count("id", filter=Q(status=status.value))
            for status in Listing.Status
        }
    )
    return counts


def list_new_arrivals(*, limit: int) -> list[Listing]:
    """The newest listings on sale that everyone may see (the search's walk)."""
    return search_listings(SearchParams(), with_counts=False, limit=limit).listings


def list_staged_photos(*, owner: User, ids: list[int]) -> list[ListingPhoto]:
    """The member's own staged (unattached) photos among `ids`, in that order."""
    found = {
        p.pk: p
        for p in ListingPhoto.objects.filter(
            pk__in=ids, owner=owner, listing__isnull=True
        )
    }
    return [found[pk] for pk in ids if pk in found]


def category_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Categories grouped under their departments, for a <select> with optgroups."""
    groups: dict[int, tuple[str, list]] = {}
    for category in Category.objects.select_related("parent").order_by(
        "parent__position", "parent__name", "position", "name"
    ):
        if category.parent_id is None:
            continue
        groups.setdefault(category.parent_id, (category.parent.name, []))[1].append(
            (category.pk, category.name)
        )
    return list(groups.values())


def list_category_chips(*, category: Category) -> list[Category]:
    """The categories of `category`'s department (its own or its siblings)."""
    department_id = category.parent_id or category.pk
    return list(Category.objects.filter(parent_id=department_id))


def public_listing_counts(*, seller: User) -> dict[str, int]:
    """How many of the seller's listings others see, on sale and sold."""
    if not seller_shows_listings(seller):
        return {"on_sale": 0, "sold": 0}
    visible = Listing.objects.filter(seller=seller, published_at__isnull=False)
    return visible.public().aggregate(
        on_sale=Count("id", filter=Q(status=Listing.Status.ON_SALE)),
        sold=Count("id", filter=Q(status=Listing.Status.SOLD)),
    )


RECENTLY_VIEWED_KEY = "recently_viewed"
RECENTLY_VIEWED_MAX = 12


def remember_viewed(session, pk: int) -> None:
    """Keep the last RECENTLY_VIEWED_MAX item ids a visitor opened, newest first."""
    current = session.get(RECENTLY_VIEWED_KEY, [])
    if current[:1] == [pk]:
        return  # already the newest: no session write for a reload
    viewed = [i for i in current if i != pk]
    session[RECENTLY_VIEWED_KEY] = [pk, *viewed][:RECENTLY_VIEWED_MAX]


def list_recently_viewed(session) -> list[Listing]:
    """The visitor's recently viewed items that are still public, newest first."""
    ids = [i for i in session.get(RECENTLY_VIEWED_KEY, []) if isinstance(i, int)]
    if not ids:
        return []
    found = Listing.objects.public().with_card_data().in_bulk(ids)
    return [found[i] for i in ids if i in found]
