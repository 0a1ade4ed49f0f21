"""Keeping each listing's department and full-text document current."""

from listings.models import Listing


# --- Keeping the document current ---------------------------------------------
def document_for(listing: Listing) -> str:
    """The text the full-text index holds for `listing`.

    The title is repeated so that a word in the title ranks above the same
    word only in the description.
    """
    category = listing.category
    department = category.parent if category.parent_id else None
    parts = [listing.title] * 3 + [
        listing.brand_name,
        category.name,
        department.name if department else "",
        listing.size,
        listing.colour,
        listing.description,
    ]
    return " ".join(p for p in parts if p)


def refresh_search_fields(listing: Listing) -> None:
    """Set the department and search document before `listing` is saved."""
    listing.department_id = listing.category.parent_id or listing.category_id
    listing.search_document = document_for(listing)


def rebuild_search_index(*, batch_size: int = 2000, progress=None) -> int:
    """Recompute every listing's department and document; returns how many."""
    done = 0
    last_pk = 0
    while True:
        batch = list(
            Listing.objects.select_related("category__parent")
            .filter(pk__gt=last_pk)
            .order_by("pk")[:batch_size]
        )
        if not batch:
            break
        for listing in batch:
            refresh_search_fields(listing)
        Listing.objects.bulk_update(batch, ["department", "search_document"])
        done += len(batch)
        last_pk = batch[-1].pk
        if progress:
            progress(done)
    return done
