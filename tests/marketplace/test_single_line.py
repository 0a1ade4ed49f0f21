"""Names, addresses and titles are one visible line; notes keep their lines.

Every single-line field of every form is sent each hostile payload through the
real page: the page answers with the refusal next to the field, and nothing is
stored. Multi-line fields keep line breaks but refuse direction overrides, NUL
and invisible-only text.
"""

import uuid

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Address
from discovery.models import SavedSearch
from listings.models import Listing
from marketplace.text import (
    BIDI_MESSAGE,
    CONTROL_MESSAGE,
    INVISIBLE_MESSAGE,
    LINE_BREAK_MESSAGE,
    normalize_multi_line,
    normalize_single_line,
)
from orders.models import Dispute, Order, Rating
from orders.services import quote_for
from tests.factories import (
    CARD_FORM,
    NEW_ADDRESS_FORM,
    ListingFactory,
    UserFactory,
    add_photos,
    buy,
    completed,
    first_tier,
    leaf_category,
    pay_post,
    shipped,
)

User = get_user_model()

# name: (payload, the refusal a free-text field gives)
SINGLE_LINE_PAYLOADS = {
    "crlf": ("Brass\r\nlamp", LINE_BREAK_MESSAGE),
    "lf": ("Brass\nlamp", LINE_BREAK_MESSAGE),
    "cr": ("Brass\rlamp", LINE_BREAK_MESSAGE),
    "tab": ("Brass\tlamp", LINE_BREAK_MESSAGE),
    "nul": ("Brass\x00lamp", LINE_BREAK_MESSAGE),
    "line-separator": ("Brass\u2028lamp", LINE_BREAK_MESSAGE),
    "rlo": ("Brass \u202elamp", BIDI_MESSAGE),
    "isolate": ("\u2067Brass lamp", BIDI_MESSAGE),
    "zero-width-only": ("\u200b\u200b", INVISIBLE_MESSAGE),
    "hangul-filler-only": ("\u3164", INVISIBLE_MESSAGE),
    "bom-and-joiner-only": ("\ufeff\u200d\u2060", INVISIBLE_MESSAGE),
}


def _form_errors(response, field: str) -> list[str]:
    """The errors the page's forms put on `field`."""
    found = []
    for context in response.context or []:
        for value in context.dicts if hasattr(context, "dicts") else [context]:
            for item in value.values() if isinstance(value, dict) else []:
                if isinstance(item, forms.BaseForm) and field in item.errors:
                    found.extend(item.errors[field])
    return found


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Each form with single-line fields -----------------------------------------
@pytest.fixture
def world(db):
    seller = UserFactory(display_name="Sam Seller")
    buyer = UserFactory(display_name="Bea Buyer")
    item = ListingFactory(seller=seller, title="Brass lamp")
    add_photos(item)
    paid = buy(ListingFactory(seller=seller, title="Paid lamp"), buyer=buyer)
    saved = SavedSearch.objects.create(
        user=buyer, name="Lamps", query="q=lamp", query_hash=uuid.uuid4().hex
    )
    return {
        "seller": seller,
        "buyer": buyer,
        "item": item,
        "order": paid,
        "saved": saved,
    }


def sell_data(**fields):
    return {
        "title": "Brass lamp",
        "description": "Works.",
        "category": leaf_category().pk,
        "brand": "West Elm",
        "condition": "good",
        "size": "M",
        "colour": "Gold",
        "price": "40",
        "shipping": "buyer",
        "shipping_tier": first_tier().pk,
        "ships_from_zip": "94107",
        "save_draft": "1",
        **fields,
    }


def checkout_data(item, **fields):
    return {
        "idempotency_key": uuid.uuid4().hex,
        "expected_total_cents": quote_for(item).total_cents,
        **NEW_ADDRESS_FORM,
        **CARD_FORM,
        **fields,
    }


def _stored_signup():
    return User.objects.filter(email="new@example.com").exists()


# form: (who, url, data(world, field, value), fields, what would be stored)
FORMS = {
    "sell": (
        "seller",
        lambda w: reverse("listings:new"),
        lambda w, f, v: sell_data(**{f: v}),
        ["title", "brand", "size", "colour", "ships_from_zip"],
        lambda w: Listing.objects.filter(status=Listing.Status.DRAFT).exists(),
    ),
    "edit": (
        "seller",
        lambda w: reverse("listings:edit", args=[w["item"].pk]),
        lambda w, f, v: sell_data(**{f: v}),
        ["title", "brand", "size", "colour", "ships_from_zip"],
        lambda w: (
            Listing.objects.get(pk=w["item"].pk).title != "Brass lamp"
            or Listing.objects.get(pk=w["item"].pk).colour != ""
        ),
    ),
    "address": (
        "buyer",
        lambda w: reverse("accounts:address-new"),
        lambda w, f, v: {
            **{k: v2 for k, v2 in NEW_ADDRESS_FORM.items() if k != "address"},
            f: v,
        },
        ["full_name", "line1", "line2", "city", "zip_code"],
        lambda w: Address.objects.exists(),
    ),
    "profile": (
        "buyer",
        lambda w: reverse("accounts:settings"),
        lambda w, f, v: {"display_name": "Bea", "bio": "", "state": "", f: v},
        ["display_name"],
        lambda w: User.objects.get(pk=w["buyer"].pk).display_name != "Bea Buyer",
    ),
    "signup": (
        None,
        lambda w: reverse("accounts:signup"),
        lambda w, f, v: {
            "username": "newbie",
            "email": "new@example.com",
            "password1": "a-long-Passphrase-9",
            "password2": "a-long-Passphrase-9",
            f: v,
        },
        ["username"],
        lambda w: _stored_signup(),
    ),
    "checkout": (
        "buyer",
        lambda w: reverse("orders:checkout", args=[w["item"].pk]),
        lambda w, f, v: checkout_data(w["item"], **{f: v}),
        ["full_name", "line1", "line2", "city", "zip_code"],
        lambda w: Order.objects.filter(listing=w["item"]).exists(),
    ),
    "ship": (
        "seller",
        lambda w: reverse("orders:ship", args=[w["order"].pk]),
        lambda w, f, v: {"carrier": "usps", f: v},
        ["tracking_number"],
        lambda w: Order.objects.get(pk=w["order"].pk).status != Order.Status.PAID,
    ),
}
FREE_TEXT_EXCEPTIONS = {
    # Fields with a stricter pattern of their own answer with its message.
    ("sell", "ships_from_zip"),
    ("edit", "ships_from_zip"),
    ("signup", "username"),
}

CASES = [
    (form, field, payload)
    for form, spec in FORMS.items()
    for field in spec[3]
    for payload in SINGLE_LINE_PAYLOADS
]


@pytest.mark.parametrize(("form", "field", "payload"), CASES)
def test_single_line_field_refuses_with_a_message_next_to_it(
    client, world, form, field, payload
):
    who, url, data, _fields, stored = FORMS[form]
    value, message = SINGLE_LINE_PAYLOADS[payload]
    if who:
        client.force_login(world[who])

    # pay_post: a paying form's card goes to the card form first.
    response = pay_post(client, url(world), data(world, field, value))

    assert response.status_code in (200, 400)
    errors = _form_errors(response, field)
    assert errors, f"no error next to {field}"
    if (form, field) not in FREE_TEXT_EXCEPTIONS:
        assert str(message) in errors
    page = response.content.decode()
    assert any(error in page for error in errors)
    assert not stored(world)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_same_forms_accept_a_plain_value(client, world, form):
    """The control case: the data above is good apart from the payload."""
    who, url, data, fields, stored = FORMS[form]
    if who:
        client.force_login(world[who])
    good = {
        "ships_from_zip": "94107",
        "zip_code": "94105",
        "username": "newbie",
        "tracking_number": "1Z 999 AA1",
        "line2": "Apt 2",
    }
    field = fields[0]

    response = pay_post(
        client, url(world), data(world, field, good.get(field, "Plain  name"))
    )

    assert response.status_code == 302, _form_errors(response, field)
    assert stored(world)


# --- Saved-search names (their errors are messages: the forms are buttons) -----
@pytest.mark.parametrize("payload", sorted(SINGLE_LINE_PAYLOADS))
@pytest.mark.parametrize("action", ["rename", "save"])
def test_saved_search_names_refuse_hostile_text(client, world, payload, action):
    value, message = SINGLE_LINE_PAYLOADS[payload]
    client.force_login(world["buyer"])
    if action == "rename":
        url = reverse("discovery:rename-saved-search", args=[world["saved"].pk])
        data = {"name": value}
    else:
        url = reverse("discovery:save-search")
        data = {"query": "q=chair", "name": value}

    response = client.post(url, data)

    assert response.status_code == 302
    assert str(message) in _messages(response)
    assert SavedSearch.objects.get().name == "Lamps"


# --- Multi-line fields ------------------------------------------------------------
MULTI_LINE_REFUSED = {
    "rlo": ("It broke \u202e.", BIDI_MESSAGE),
    "nul": ("It broke\x00.", CONTROL_MESSAGE),
    "zero-width-only": ("\u200b\u200b", INVISIBLE_MESSAGE),
}


def _report_order(world):
    return shipped(world["order"])


MULTI_FORMS = {
    "sell-description": (
        "seller",
        lambda w: reverse("listings:new"),
        lambda w, v: sell_data(description=v),
        "description",
        lambda w: Listing.objects.filter(status=Listing.Status.DRAFT).first(),
        lambda obj: obj.description,
    ),
    "bio": (
        "buyer",
        lambda w: reverse("accounts:settings"),
        lambda w, v: {"display_name": "Bea", "bio": v, "state": ""},
        "bio",
        lambda w: User.objects.filter(pk=w["buyer"].pk, display_name="Bea").first(),
        lambda obj: obj.bio,
    ),
    "cancel-reason": (
        "seller",
        lambda w: reverse("orders:cancel", args=[w["order"].pk]),
        lambda w, v: {"reason": v},
        "reason",
        lambda w: Order.objects.filter(
            pk=w["order"].pk, status=Order.Status.CANCELLED
        ).first(),
        lambda obj: obj.events.order_by("pk").last().note,
    ),
    "report": (
        "buyer",
        lambda w: reverse("orders:report", args=[_report_order(w).pk]),
        lambda w, v: {"reason": "damaged", "description": v},
        "description",
        lambda w: Dispute.objects.first(),
        lambda obj: obj.description,
    ),
    "rating": (
        "buyer",
        lambda w: reverse("orders:rate", args=[completed(shipped(w["order"])).pk]),
        lambda w, v: {"stars": "4", "comment": v},
        "comment",
        lambda w: Rating.objects.first(),
        lambda obj: obj.comment,
    ),
}


@pytest.mark.parametrize("payload", sorted(MULTI_LINE_REFUSED))
@pytest.mark.parametrize("form", sorted(MULTI_FORMS))
def test_multi_line_field_refuses_overrides_nul_and_invisible_text(
    client, world, form, payload
):
    who, url, data, field, stored, _text = MULTI_FORMS[form]
    value, message = MULTI_LINE_REFUSED[payload]
    client.force_login(world[who])

    response = client.post(url(world), data(world, value))

    assert str(message) in _form_errors(response, field) or str(message) in (
        _messages(response)
    )
    assert stored(world) is None


@pytest.mark.parametrize("form", sorted(MULTI_FORMS))
def test_multi_line_field_keeps_line_breaks_and_drops_other_controls(
    client, world, form
):
    who, url, data, field, stored, text = MULTI_FORMS[form]
    client.force_login(world[who])

    response = client.post(
        url(world), data(world, "It broke.\r\nThe box\tis \x07wet.  \r\n")
    )

    assert response.status_code == 302, _form_errors(response, field)
    assert text(stored(world)) == "It broke.\nThe box is wet."


# --- The rule itself ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Brass   lamp ", "Brass lamp"),
        ("Cafe\u0301", "Café"),  # NFC
        ("\u00a0Brass\u3000lamp\u202f", "Brass lamp"),
        ("Brass\u200b lamp", "Brass lamp"),
        ("👨\u200d👩\u200d👧 set", "👨\u200d👩\u200d👧 set"),
        ("", ""),
    ],
)
def test_normalize_single_line(raw, clean):
    assert normalize_single_line(raw) == clean


def test_normalize_multi_line_keeps_paragraphs():
    assert normalize_multi_line("One\r\n\r\nTwo\u2028three  \n") == "One\n\nTwo\nthree"
