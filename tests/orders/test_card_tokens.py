"""Card data goes to the sandbox card form only; checkout and offers take its token."""

import html
import logging
import re
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from orders.models import CardToken, GatewayCall, Order
from orders.payments.sandbox import SandboxGateway
from orders.services import quote_for
from tests.factories import (
    CARD_FORM,
    DECLINED_CARD,
    GOOD_CARD,
    NEW_ADDRESS_FORM,
    ListingFactory,
    UserFactory,
    card,
    card_token,
    pay_post,
)

pytestmark = pytest.mark.django_db

TOKENIZER = "/payments/card/"


def checkout_url(listing) -> str:
    return reverse("orders:checkout", args=[listing.pk])


def form_data(listing, **overrides) -> dict:
    return {
        "idempotency_key": uuid.uuid4().hex,
        "expected_total_cents": quote_for(listing).total_cents,
        **NEW_ADDRESS_FORM,
        **CARD_FORM,
        **overrides,
    }


def hidden_inputs(page: str) -> list[tuple[str, str]]:
    return [
        (html.unescape(name), html.unescape(value))
        for name, value in re.findall(
            r'<input type="hidden" name="([^"]*)" value="([^"]*)">', page
        )
    ]


@pytest.fixture
def listing(db):
    return ListingFactory(title="Brass desk lamp", price_cents=2500)


def authorize(token: str, member, key: str = "k"):
    return SandboxGateway().authorize(
        amount_cents=1500, token=token, customer_id=member.pk, idempotency_key=key
    )


# --- The token ------------------------------------------------------------------


def test_a_token_pays_once():
    member = UserFactory(password=None)
    token = card_token(member=member)

    first = authorize(token, member, "a")
    second = authorize(token, member, "b")

    assert first.status == "authorized"
    assert (second.status, second.decline_reason) == ("declined", "token_invalid")


def test_a_token_pays_only_for_the_member_it_was_made_for():
    owner, other = UserFactory(password=None), UserFactory(password=None)
    token = card_token(member=owner)

    stolen = authorize(token, other)

    assert (stolen.status, stolen.decline_reason) == ("declined", "token_invalid")
    assert authorize(token, owner, "again").status == "authorized"


def test_a_token_expires(settings):
    member = UserFactory(password=None)
    token = card_token(member=member)
    old = timezone.now() - timedelta(minutes=settings.CARD_TOKEN_MINUTES, seconds=1)
    CardToken.objects.filter(token=token).update(created_at=old)

    result = authorize(token, member)

    assert (result.status, result.decline_reason) == ("declined", "token_invalid")


def test_an_unknown_token_is_declined():
    member = UserFactory(password=None)

    result = authorize("tok_made_up", member)

    assert result.decline_reason == "token_invalid"


def test_the_vault_keeps_brand_last4_expiry_and_outcome_only():
    member = UserFactory(password=None)
    SandboxGateway().tokenize(card(DECLINED_CARD, cvc="987"), customer_id=member.pk)

    vaulted = CardToken.objects.values().get()

    assert (vaulted["brand"], vaulted["last4"]) == ("visa", "0002")
    assert (vaulted["exp_month"], vaulted["exp_year"]) == (12, 2030)
    assert vaulted["outcome"] == "card_declined"
    assert "4000000000000002" not in str(vaulted) and "987" not in str(vaulted)


# --- The card form (tokenizer) ----------------------------------------------------


def test_without_javascript_the_card_form_answers_a_page_to_confirm_and_pay(
    buyer_client, listing
):
    data = form_data(listing, full_name="Ada <Buyer>")
    data["next"] = checkout_url(listing)

    step = buyer_client.post(TOKENIZER, data)

    page = step.content.decode()
    total = quote_for(listing).total_cents
    assert step.status_code == 200
    assert f"Confirm and pay ${total / 100:.2f}" in page
    assert f'action="{checkout_url(listing)}"' in page
    assert GOOD_CARD not in page and GOOD_CARD.replace(" ", "") not in page
    carried = dict(hidden_inputs(page))
    assert carried["full_name"] == "Ada <Buyer>"
    assert carried["card_token"].startswith("tok_")
    assert not {"card_number", "expiry", "cvc", "next"} & set(carried)
    assert not Order.objects.exists()

    bought = buyer_client.post(checkout_url(listing), carried)

    order = Order.objects.get()
    assert bought.status_code == 302 and bought["Location"] == order.get_absolute_url()
    assert (order.card_brand, order.card_last4) == ("visa", "4242")
    assert order.ship_name == "Ada <Buyer>"


def test_without_javascript_a_bad_card_is_shown_on_the_card_form(buyer_client, listing):
    data = form_data(listing, card_number="4242 4242 4242 4241")
    data["next"] = checkout_url(listing)

    step = buyer_client.post(TOKENIZER, data)

    page = step.content.decode()
    assert step.status_code == 400
    assert "Enter a valid card number." in page
    assert 'action="/payments/card/"' in page
    assert ("full_name", "Ada Buyer") in hidden_inputs(page)
    assert "4242 4242 4242 4241" not in page
    assert not CardToken.objects.exists()


def test_with_javascript_the_card_form_answers_json(buyer_client, buyer, listing):
    card_inputs = {"card_number": GOOD_CARD, "expiry": "12/30", "cvc": "123"}
    good = buyer_client.post(
        TOKENIZER,
        {**card_inputs, "next": checkout_url(listing), "payment": "card"},
        headers={"Accept": "application/json"},
    )
    bad = buyer_client.post(
        TOKENIZER,
        {**card_inputs, "cvc": "1", "next": checkout_url(listing)},
        headers={"Accept": "application/json"},
    )

    assert good.status_code == 201
    assert CardToken.objects.get(token=good.json()["token"]).member_id == buyer.pk
    assert bad.status_code == 400
    assert bad.json() == {"errors": {"cvc": "Enter the 3-digit security code (CVC)."}}


@pytest.mark.parametrize(
    "target",
    ["", "https://evil.example/items/1/buy/", "/balance/withdraw/", "/nowhere/"],
)
def test_the_card_form_gives_tokens_only_for_the_paying_forms(buyer_client, target):
    response = buyer_client.post(TOKENIZER, {**CARD_FORM, "next": target})

    assert response.status_code == 400
    assert "This form cannot take a card." in response.content.decode()
    assert not CardToken.objects.exists()


# --- Checkout takes a token, never card data ---------------------------------------


def test_card_data_posted_to_checkout_is_refused(buyer_client, listing):
    response = buyer_client.post(checkout_url(listing), form_data(listing))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Card details cannot be sent with this form." in page
    assert GOOD_CARD not in page
    assert not Order.objects.exists() and not GatewayCall.objects.exists()


def test_checkout_without_a_token_asks_for_the_card(buyer_client, listing):
    data = form_data(listing, card_number="", expiry="", cvc="")

    response = buyer_client.post(checkout_url(listing), data)

    assert response.status_code == 400
    assert "Enter your card to pay." in response.content.decode()
    assert not GatewayCall.objects.exists()


def test_a_declined_test_card_still_says_so(buyer_client, listing):
    response = pay_post(
        buyer_client,
        checkout_url(listing),
        form_data(listing, card_number=DECLINED_CARD),
    )

    assert response.status_code == 400
    assert "Your card was declined. Try another card." in response.content.decode()
    assert not Order.objects.exists()


def test_no_card_number_is_stored_or_logged(buyer_client, listing, caplog):
    caplog.set_level(logging.DEBUG)

    response = pay_post(buyer_client, checkout_url(listing), form_data(listing))

    assert response.status_code == 302
    digits = GOOD_CARD.replace(" ", "")
    for model in apps.get_models():
        for row in model._base_manager.values():
            text = str(row)
            assert digits not in text and GOOD_CARD not in text, model.__name__
    assert digits not in caplog.text and GOOD_CARD not in caplog.text


@pytest.mark.parametrize("card_inputs", [{}, CARD_FORM])
def test_show_total_without_javascript_needs_no_card_and_keeps_none(
    buyer_client, listing, card_inputs
):
    url = reverse("orders:offer-new", args=[listing.pk])
    data = {
        "idempotency_key": uuid.uuid4().hex,
        "amount": "20",
        "payment": "card",
        **NEW_ADDRESS_FORM,
        **card_inputs,
        "preview": "1",
    }

    response = buyer_client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "will be authorized now" in page
    assert GOOD_CARD not in page
    assert not GatewayCall.objects.exists() and not CardToken.objects.exists()
