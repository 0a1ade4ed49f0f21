"""Extension points of listings, for the apps built on it (discovery, orders).

Receivers are registered in the higher app's `AppConfig.ready()`, in
INSTALLED_APPS order; docs/architecture.md lists who registers what.
"""

from marketplace.hooks import Hook

price_lowered = Hook(
    "listings.price_lowered",
    """A seller saved a lower price (`listings.services.update_listing`).

    Called as `receiver(listing=, old_cents=, new_cents=)` inside the edit's
    transaction, which holds the listing's row lock and has saved the new
    price and its PriceChange row. Receivers do their database work there and
    send emails or gateway calls after commit (`transaction.on_commit`); an
    exception rolls the edit back. The return value is ignored.
    """,
)

listing_withdrawn = Hook(
    "listings.listing_withdrawn",
    """A listing left sale: its seller paused it or staff removed it.

    Called as `receiver(listing=)` inside the pause's or removal's
    transaction, which holds the listing's row lock and has saved the new
    status. Receivers lock their own rows after the listing's and send emails
    or gateway calls after commit; an exception rolls the change back. The
    return value is ignored.
    """,
)

listing_has_trades = Hook(
    "listings.listing_has_trades",
    """Whether a listing has had offers or orders, so it stays as a record
    (`listings.services.delete_listing` refuses to delete it).

    Called as `receiver(listing=)` inside the delete's transaction, which
    holds the listing's row lock. Receivers only read and return a bool; any
    True keeps the listing.
    """,
)

completed_sales = Hook(
    "listings.completed_sales",
    """How many completed sales a seller has (the active-listing limit grows
    with them; `listings.selectors.completed_sales_count`).

    Called as `receiver(seller=)`, inside the caller's transaction when there
    is one (publishing holds the seller's row lock). Receivers only read and
    return an int; the results are added up (no receiver: no sales).
    """,
)

item_page_context = Hook(
    "listings.item_page_context",
    """The item page (`listings.views.listing_detail`) is being rendered.

    Called as `receiver(request=, listing=, actions=)`, outside any
    transaction; `actions` is the viewer's `listings.rules.ListingActions`
    (`actions.buy`: the viewer may buy now; `actions.offer_settings`: the
    seller may see and answer offers and set thresholds). Receivers
    only read and return a dict of template variables for their part of the
    page (their partials are included by name in the template).
    """,
)

selling_page_context = Hook(
    "listings.selling_page_context",
    """The seller's dashboard `/selling/` (`listings.views.selling`) is being
    rendered.

    Called as `receiver(request=)` for a signed-in member, outside any
    transaction. Receivers only read and return a dict of template variables.
    """,
)
