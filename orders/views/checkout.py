"""Checkout: /items/<id>/buy/ shows the whole total; POST buys the item once."""

import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import verified_member_required
from accounts.exceptions import AccountError
from accounts.selectors import list_addresses
from accounts.services import save_address
from listings.models import Listing
from listings.search import similar_listings
from listings.selectors import get_listing_for_viewer
from orders import ledger, services
from orders.exceptions import (
    ItemSold,
    NotBuyable,
    OrderError,
    PaymentDeclined,
    TryAgain,
)
from orders.forms.checkout import CheckoutForm, new_form_key


def sold_page(request, listing: Listing):
    """The "just sold" page (409) with similar items still on sale."""
    return render(
        request,
        "orders/sold.html",
        {
            "listing": listing,
            "is_seller": request.user.pk == listing.seller_id,
            "similar": similar_listings(listing),
        },
        status=409,
    )


def refusal_page(request, listing: Listing, error: OrderError):
    """Why this member cannot buy (or offer on) the item: sold, own, away..."""
    if isinstance(error, ItemSold):
        return sold_page(request, listing)
    own = request.user.pk == listing.seller_id
    return render(
        request,
        "orders/cannot_buy.html",
        {"listing": listing, "reason": str(error), "own": own},
        status=403 if own else 409,
    )


def purchase_failed(request, listing: Listing, form, error: OrderError, *, page):
    """The answer to a refused purchase or offer, or None for other errors.

    A declined payment shows the form (`page`) again with the reason, an item
    this member cannot buy its refusal page, a database that gave up the
    try-again page.
    """
    if isinstance(error, PaymentDeclined):
        form.add_error(form.payment_error_field(), str(error))
        # The gateway remembers this attempt's key with its decline: another
        # card needs a new attempt.
        return page(request, listing, form, status=400, key=new_form_key())
    if isinstance(error, NotBuyable):
        return refusal_page(request, listing, error)
    if isinstance(error, TryAgain):
        return try_again_page(
            request,
            error,
            back_url=listing.get_absolute_url(),
            back_label=_("Back to the item"),
        )
    return None


def buying_page(request, pk: int, *, submit, show):
    """The checkout or offer form of an item.

    POST is `submit(request, listing)`; GET is `show(request, listing)`, or
    the refusal page when this member may not buy the item now
    (orders.services.check_can_buy; the service checks again on submit).
    """
    listing = get_listing_for_viewer(pk=pk, viewer=request.user)
    if request.method == "POST":
        return submit(request, listing)
    try:
        services.check_can_buy(listing=listing, buyer=request.user)
    except OrderError as error:
        return refusal_page(request, listing, error)
    return show(request, listing)


def try_again_page(request, error: TryAgain, *, back_url: str, back_label: str):
    """The database gave up on this attempt (503): nothing was charged, try again."""
    response = render(
        request,
        "orders/try_again.html",
        {"reason": str(error), "back_url": back_url, "back_label": back_label},
        status=503,
    )
    response["Retry-After"] = "1"
    return response


def save_new_address(form, request=None) -> None:
    """Keep the new address when asked; never twice, never failing a purchase."""
    if not form.wants_address_saved():
        return
    fields = form.new_address_fields()
    user = form.user
    if list_addresses(user=user).filter(**fields).exists():
        return
    with contextlib.suppress(ValidationError):
        try:
            save_address(user=user, fields=fields, make_default=False)
        except AccountError as error:  # ADDRESSES_MAX reached; the order stands
            if request is not None:
                messages.info(request, str(error))


# The order the member has just paid for: its page opens with the confirmation.
JUST_PAID_KEY = "orders_just_paid"


def mark_just_paid(request, order) -> None:
    """Have the order page open once with the purchase confirmation."""
    request.session[JUST_PAID_KEY] = order.pk


def pop_just_paid(request, order) -> bool:
    """Whether this is the first view of `order` right after paying for it."""
    if request.session.get(JUST_PAID_KEY) != order.pk:
        return False
    del request.session[JUST_PAID_KEY]
    return True


def _page(request, listing: Listing, form: CheckoutForm, *, status=200, key=None):
    return render(
        request,
        "orders/checkout.html",
        {
            "listing": listing,
            "cover": listing.cover,
            "quote": services.quote_for(listing),
            "form": form,
            "idempotency_key": key or form.key(),
        },
        status=status,
    )


def _form(request, listing: Listing, data=None) -> CheckoutForm:
    return CheckoutForm(
        data,
        listing=listing,
        user=request.user,
        available_cents=ledger.available_cents(request.user),
    )


@verified_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def checkout(request, pk):
    """Address, payment and the whole total; "Confirm purchase" buys the item."""
    return buying_page(request, pk, submit=_purchase, show=_checkout_page)


def _checkout_page(request, listing: Listing):
    return _page(request, listing, _form(request, listing), key=new_form_key())


def _purchase(request, listing: Listing):
    form = _form(request, listing, request.POST)
    if not form.is_valid():
        return _page(request, listing, form, status=400)
    try:
        order = services.purchase_listing(
            listing=listing,
            buyer=request.user,
            address=form.shipping_address(),
            payment=form.payment_choice(),
            idempotency_key=form.cleaned_data["idempotency_key"],
            expected_total_cents=form.expected_total(),
        )
    except OrderError as error:
        if answer := purchase_failed(request, listing, form, error, page=_page):
            return answer
        # Still buyable: the total changed since the page was shown, or this
        # form's key was already tried at the old total (a Back-button
        # resubmit). The new total is confirmed under a new key, which the
        # gateway has never seen for another amount.
        listing = Listing.objects.prefetch_related("photos").get(pk=listing.pk)
        form.add_error(None, str(error))
        return _page(request, listing, form, status=409, key=new_form_key())
    save_new_address(form, request)
    mark_just_paid(request, order)
    return redirect(order)
