"""Offers: make one, answer it (accept, decline, counter), answer a counter.

Each POST view calls one service and redirects; an offer that is not the
member's (as buyer or as the item's seller) is a 404.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import verified_member_required
from listings.selectors import get_own_listing
from marketplace.http import run_and_redirect
from marketplace.ratelimit import throttle
from marketplace.templatetags.money import money
from orders import ledger, selectors, services
from orders.exceptions import (
    AmountError,
    ItemSold,
    OrderError,
    PaymentDeclined,
    StaleAttempt,
    TryAgain,
)
from orders.forms.checkout import (
    AcceptCounterForm,
    CounterForm,
    OfferForm,
    OfferSettingsForm,
    new_form_key,
)
from orders.models import Offer
from orders.pricing import quote_rule
from orders.rules import offer_actions
from orders.views.checkout import (
    buying_page,
    purchase_failed,
    save_new_address,
    sold_page,
    try_again_page,
)

# --- Making an offer ---------------------------------------------------------------


def _offer_form(request, listing, data=None) -> OfferForm:
    return OfferForm(
        data,
        listing=listing,
        user=request.user,
        available_cents=ledger.available_cents(request.user),
    )


def _offer_page(request, listing, form: OfferForm, *, status=200, key=None):
    quote = services.quote_for(listing)
    return render(
        request,
        "orders/offer_form.html",
        {
            "listing": listing,
            "cover": listing.cover,
            "form": form,
            "min_cents": form.min_cents,
            "shipping_cents": quote.shipping_cents,
            # The live total's rule (static/js/checkout.js): the quote's own.
            "quote_rule": quote_rule(quote.shipping_cents),
            "offer_quote": form.quote() if form.is_bound else None,
            "expiry_hours": settings.OFFER_EXPIRY_HOURS,
            "idempotency_key": key or form.key(),
        },
        status=status,
    )


def _already_offered(request, offer: Offer):
    messages.info(
        request,
        _("You already have an open offer of %(amount)s on this item.")
        % {"amount": money(offer.amount_cents)},
    )
    return redirect(offer)


@verified_member_required
@require_http_methods(["GET", "HEAD", "POST"])
@throttle("offer-member")
def offer_new(request, pk):
    """The offer form; "Make offer" authorizes the amount and tells the seller."""
    return buying_page(request, pk, submit=_make_offer, show=_new_offer_page)


def _new_offer_page(request, listing):
    if existing := selectors.open_offer_of(listing=listing, buyer=request.user):
        return _already_offered(request, existing)
    form = _offer_form(request, listing)
    return _offer_page(request, listing, form, key=new_form_key())


def _make_offer(request, listing):
    form = _offer_form(request, listing, request.POST)
    if "preview" in request.POST:
        # "Show total" without JavaScript: the form again with the amounts and
        # everything typed (the card is asked on the next step, see
        # docs/checkout.md); only the amount's own errors are shown yet.
        form.is_valid()
        form.keep_only_errors_of("amount")
        return _offer_page(request, listing, form)
    if not form.is_valid():
        return _offer_page(request, listing, form, status=400)
    try:
        offer = services.make_offer(
            listing=listing,
            buyer=request.user,
            amount_cents=form.cleaned_data["amount"],
            address=form.shipping_address(),
            payment=form.payment_choice(),
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except OrderError as error:
        if answer := purchase_failed(request, listing, form, error, page=_offer_page):
            return answer
        if isinstance(error, StaleAttempt):
            # This form's key was tried for another amount: confirm under a
            # new one.
            form.add_error("amount", str(error))
            return _offer_page(request, listing, form, status=409, key=new_form_key())
        if existing := selectors.open_offer_of(listing=listing, buyer=request.user):
            return _already_offered(request, existing)
        form.add_error("amount", str(error))
        return _offer_page(request, listing, form, status=400)
    save_new_address(form)
    if offer.status == Offer.Status.ACCEPTED:
        messages.success(
            request,
            _("The seller accepted your offer automatically. Your order is confirmed."),
        )
        return redirect(offer.order)
    if offer.status == Offer.Status.DECLINED:
        messages.warning(
            request,
            _(
                "The seller declines offers this low automatically. "
                "Nothing was charged; you can make a higher offer."
            ),
        )
        return redirect(offer)
    messages.success(
        request,
        _(
            "Your offer of %(amount)s is sent. %(total)s is authorized until the "
            "seller answers; the offer expires in %(hours)d hours."
        )
        % {
            "amount": money(offer.amount_cents),
            "total": money(offer.authorized_cents),
            "hours": settings.OFFER_EXPIRY_HOURS,
        },
    )
    return redirect(offer)


# --- One offer ----------------------------------------------------------------------


def _offer(request, pk) -> Offer:
    return selectors.get_offer_for_participant(pk=pk, user=request.user)


def _detail_page(
    request,
    offer: Offer,
    *,
    counter_form=None,
    accept_form=None,
    accept_key=None,
    status=200,
):
    actions = offer_actions(offer, request.user, timezone.now())
    accept_form = accept_form or AcceptCounterForm(offer=offer)
    return render(
        request,
        "orders/offer_detail.html",
        {
            "offer": offer,
            "listing": offer.listing,
            "cover": offer.listing.cover,
            "actions": actions,
            "order": selectors.order_of_offer(offer) if offer.is_accepted else None,
            "fee_cents": offer.authorized_quote().buyer_fee_cents,
            "counter_quote": (
                services.counter_quote(offer) if offer.is_countered else None
            ),
            "counter_form": counter_form or CounterForm(),
            "accept_form": accept_form,
            "accept_key": accept_key or accept_form.key(),
            "expiry_hours": settings.OFFER_EXPIRY_HOURS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def offer_detail(request, pk):
    """/offers/<id>/: amounts, status, time left, and the answers allowed now."""
    return _detail_page(request, _offer(request, pk))


def _answer_failed(request, offer: Offer, error: OrderError):
    """An acceptance that did not go through.

    A resubmitted acceptance finds the order the first one made; an item sold
    meanwhile shows the sold page; anything else comes back as a message.
    """
    if order := selectors.order_of_offer(offer):
        return redirect(order)
    if isinstance(error, ItemSold):
        return sold_page(request, offer.listing)
    if isinstance(error, TryAgain):
        return try_again_page(
            request,
            error,
            back_url=offer.get_absolute_url(),
            back_label=_("Back to the offer"),
        )
    messages.error(request, str(error))
    return redirect(offer)


def _answers(answers):
    """Give the view the member's offer, if this endpoint is theirs.

    The seller answers a pending offer, the buyer a counter; the other party
    is redirected with a message. The service checks the same rule again
    under the offer's row lock.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, pk):
            offer = _offer(request, pk)
            try:
                services.check_offer_role(offer, user=request.user, answers=answers)
            except OrderError as error:
                messages.error(request, str(error))
                return redirect(offer)
            return view(request, offer)

        return wrapper

    return decorate


def _close(request, offer: Offer, close, done: str):
    """Decline the offer or the counter with `close()`; the payment is released."""
    return run_and_redirect(request, offer, close, refused=OrderError, done=done)


@login_required
@require_POST
@_answers(services.SELLER_ANSWERS)
def offer_accept(request, offer):
    """The seller accepts: the order is made at the offer and paid."""
    try:
        order = services.accept_offer(offer=offer, seller=request.user)
    except OrderError as error:
        return _answer_failed(request, offer, error)
    messages.success(
        request,
        _("You accepted the offer. Ship the item by %(date)s.")
        % {"date": date_format(timezone.localtime(order.ship_by), "F j")},
    )
    return redirect(order)


@login_required
@require_POST
@_answers(services.SELLER_ANSWERS)
def offer_decline(request, offer):
    """The seller declines: the buyer's payment is released."""
    return _close(
        request,
        offer,
        lambda: services.decline_offer(offer=offer, seller=request.user),
        _("You declined the offer. The buyer's payment is released."),
    )


@login_required
@require_POST
@_answers(services.SELLER_ANSWERS)
def offer_counter(request, offer):
    """The seller counters once, between the offer and the price."""
    form = CounterForm(request.POST)
    if form.is_valid():
        try:
            services.counter_offer(
                offer=offer,
                seller=request.user,
                counter_cents=form.cleaned_data["counter"],
            )
        except AmountError as error:
            form.add_error("counter", str(error))
        except OrderError as error:
            messages.error(request, str(error))
            return redirect(offer)
        else:
            messages.success(
                request,
                _("Your counter offer of %(amount)s is sent to the buyer.")
                % {"amount": money(form.cleaned_data["counter"])},
            )
            return redirect(offer)
    return _detail_page(request, offer, counter_form=form, status=400)


@login_required
@require_POST
@throttle("offer-member")
@_answers(services.BUYER_ANSWERS)
def counter_accept(request, offer):
    """The buyer accepts the counter: the new total is paid and the order made."""
    form = AcceptCounterForm(request.POST, offer=offer)
    key = None
    if form.is_valid():
        try:
            order = services.accept_counter(
                offer=offer,
                buyer=request.user,
                card_token=form.token(),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except PaymentDeclined as error:
            form.add_error("card_number" if offer.paid_with_card else None, str(error))
            key = new_form_key()
        except OrderError as error:
            return _answer_failed(request, offer, error)
        else:
            messages.success(
                request,
                _("You accepted the counter offer. Thanks! Your order is confirmed."),
            )
            return redirect(order)
    return _detail_page(request, offer, accept_form=form, accept_key=key, status=400)


@login_required
@require_POST
@_answers(services.BUYER_ANSWERS)
def counter_decline(request, offer):
    """The buyer declines the counter: their payment is released."""
    return _close(
        request,
        offer,
        lambda: services.decline_counter(offer=offer, buyer=request.user),
        _("You declined the counter offer. Your payment is released."),
    )


# --- The seller's automatic answers -------------------------------------------------


@verified_member_required
@require_POST
def offer_settings(request, pk):
    """Auto-accept (≥) and auto-decline (<) amounts for one of the seller's items."""
    listing = get_own_listing(pk=pk, seller=request.user)
    form = OfferSettingsForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(listing)
    return run_and_redirect(
        request,
        listing,
        lambda: services.set_offer_thresholds(
            listing=listing,
            seller=request.user,
            accept_cents=form.cleaned_data["auto_accept"],
            decline_cents=form.cleaned_data["auto_decline"],
        ),
        refused=OrderError,
        done=_("Your offer settings are saved."),
    )
