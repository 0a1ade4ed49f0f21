"""The sandbox processor's card form: POST /payments/card/ turns card data into a token.

A real processor serves this from its own pages ("hosted fields"); the sandbox
serves it here so that card numbers never reach the checkout, offer and
counter-accept views, their forms, the order services or the logs. Those
forms post their card inputs here first:

- with JavaScript (static/js/card-token.js) as a fetch that answers JSON, then
  the real form is submitted with the token in the same click;
- without it, as the form's action: the answer is a page carrying the form's
  other fields as hidden inputs plus the token, whose "Confirm and pay" button
  posts them to the form's own URL (`next`, one of PAY_URL_NAMES).
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts.decorators import verified_member_required
from marketplace.http import is_site_path
from marketplace.ratelimit import throttle
from marketplace.templatetags.money import money
from orders.forms.checkout import CardDetailsForm
from orders.models import PaymentSource
from orders.payments import get_gateway

# The forms whose card inputs post here, and so where a token may be taken.
PAY_URL_NAMES = {"orders:checkout", "orders:offer-new", "orders:counter-accept"}
# What is never carried on to the form's own URL.
NOT_CARRIED = {
    "csrfmiddlewaretoken",
    "next",
    "card_token",
    "preview",
    "card_step",
} | set(CardDetailsForm.CARD_FIELDS.values())


NOT_CARRIED_CARD = tuple(CardDetailsForm.CARD_FIELDS.values())


def pay_target(path: str) -> str | None:
    """`path` when it is one of the paying forms' URLs on this site, else None."""
    if not is_site_path(path):
        return None
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return None
    return path if match.view_name in PAY_URL_NAMES else None


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _carried(request) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_CARRIED
        for value in values
    ]


def _confirm_label(request) -> str:
    total = request.POST.get("expected_total_cents", "")
    if total.isascii() and total.isdigit() and len(total) <= 12:
        return _("Confirm and pay %(total)s") % {"total": money(int(total))}
    return _("Confirm and pay")


# Error reports (a 500's email) never show the card inputs.
@sensitive_post_parameters(*CardDetailsForm.CARD_FIELDS.values())
@verified_member_required
@require_POST
@throttle("card-member")
def card_token(request):
    """Check the card (same messages as the forms showed) and answer with a token."""
    target = pay_target(request.POST.get("next", ""))
    if target is None:
        if _wants_json(request):
            return JsonResponse(
                {"error": _("This form cannot take a card.")}, status=400
            )
        return render(request, "orders/card_refused.html", status=400)
    paying_by_card = request.POST.get("payment", PaymentSource.CARD) == (
        PaymentSource.CARD
    )
    form = CardDetailsForm(request.POST)
    token = ""
    card_typed = any(request.POST.get(name) for name in NOT_CARRIED_CARD)
    asks_card_here = request.POST.get("card_step") == "next"
    if paying_by_card and asks_card_here and not card_typed:
        # The offer form without JavaScript asks for the card here, after its
        # total was shown: the card step, without errors yet.
        return _page(request, target, form=CardDetailsForm(), status=200, ask=True)
    if paying_by_card:
        if not form.is_valid():
            if _wants_json(request):
                errors = {name: errors[0] for name, errors in form.errors.items()}
                return JsonResponse({"errors": errors}, status=400)
            return _page(request, target, form=form, status=400)
        token = get_gateway().tokenize(form.card, customer_id=request.user.pk)
    if _wants_json(request):
        return JsonResponse({"token": token}, status=201)
    return _page(request, target, token=token)


def _page(
    request,
    target: str,
    *,
    form=None,
    token: str = "",
    status: int = 200,
    ask: bool = False,
):
    """The second step without JavaScript: confirm (with the token) or the card
    form (`ask`: to enter it, or with errors: to fix it)."""
    return render(
        request,
        "orders/card_confirm.html",
        {
            "target": target,
            "carried": _carried(request),
            "card_form": form if (ask or status != 200) else None,
            "asking": ask,
            "token": token,
            "confirm_label": _confirm_label(request),
        },
        status=status,
    )
