"""The payment gateway: card rules, idempotency, amount caps and the capture race."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from orders.exceptions import CardError
from orders.models import GatewayCall
from orders.payments import (
    CardDetails,
    PaymentGateway,
    get_gateway,
    validate_card,
)
from orders.payments.sandbox import SandboxGateway
from tests.concurrency import run_in_threads

pytestmark = pytest.mark.django_db

VISA = "4242 4242 4242 4242"
DECLINED = "4000 0000 0000 0002"
INSUFFICIENT = "4000 0000 0000 9995"


def future_expiry() -> str:
    return f"12/{(timezone.localdate().year + 2) % 100:02d}"


def card(number: str = VISA, cvc: str = "123") -> CardDetails:
    return validate_card(number, future_expiry(), cvc)


# The member paying, as the processor knows them: by id alone.
PAYER = 1


def token(number: str = VISA) -> str:
    """A fresh single-use token for the card, from the sandbox's card form."""
    return SandboxGateway().tokenize(card(number), customer_id=PAYER)


@pytest.fixture
def gateway():
    return SandboxGateway()


@pytest.fixture
def authorized(gateway):
    """A $50.00 authorization on the Visa test card."""
    return gateway.authorize(
        amount_cents=5000, token=token(), customer_id=PAYER, idempotency_key="auth-1"
    )


@pytest.fixture
def captured(gateway, authorized):
    result = gateway.capture(
        reference=authorized.reference, amount_cents=5000, idempotency_key="cap-1"
    )
    assert result.status == "captured"
    return authorized


# --- Card outcomes --------------------------------------------------------------


def test_test_card_4242_is_authorized(gateway):
    result = gateway.authorize(
        amount_cents=1500, token=token(), customer_id=PAYER, idempotency_key="k"
    )

    assert result.ok
    assert result.status == "authorized"
    assert result.decline_reason == ""
    assert (result.brand, result.last4) == ("visa", "4242")
    assert result.reference.startswith("sbx_")


@pytest.mark.parametrize(
    ("number", "reason"),
    [(DECLINED, "card_declined"), (INSUFFICIENT, "insufficient_funds")],
)
def test_sandbox_decline_cards_are_declined_with_their_reason(gateway, number, reason):
    result = gateway.authorize(
        amount_cents=1500, token=token(number), customer_id=PAYER, idempotency_key="k"
    )

    assert not result.ok
    assert (result.status, result.decline_reason) == ("declined", reason)
    call = GatewayCall.objects.get()
    assert (call.status, call.decline_reason) == ("declined", reason)


def test_any_other_luhn_valid_number_is_authorized(gateway):
    result = gateway.authorize(
        amount_cents=1500,
        token=token("4111111111111111"),
        customer_id=PAYER,
        idempotency_key="k",
    )

    assert result.status == "authorized"
    assert result.last4 == "1111"


def test_authorize_without_a_card_is_declined(gateway):
    result = gateway.authorize(
        amount_cents=1500, token="", customer_id=PAYER, idempotency_key="k"
    )

    assert (result.status, result.decline_reason) == ("declined", "card_required")


def test_capture_of_a_declined_authorization_is_refused(gateway):
    declined = gateway.authorize(
        amount_cents=1500, token=token(DECLINED), customer_id=PAYER, idempotency_key="k"
    )

    result = gateway.capture(
        reference=declined.reference, amount_cents=1500, idempotency_key="c"
    )

    assert (result.status, result.decline_reason) == ("declined", "not_authorized")


def test_capture_of_an_unknown_reference_is_refused(gateway):
    result = gateway.capture(
        reference="sbx_nothing", amount_cents=1500, idempotency_key="c"
    )

    assert (result.status, result.decline_reason) == ("declined", "unknown_reference")


# --- Card validation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4242424242424242", "visa"),
        ("5555 5555 5555 4444", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("3782-822463-10005", "amex"),
        ("6011111111111117", "discover"),
        ("6500000000000002", "discover"),
        ("3530111333300000", "unknown"),
    ],
)
def test_brand_is_detected_from_the_number(number, brand):
    cvc = "1234" if brand == "amex" else "123"

    details = validate_card(number, future_expiry(), cvc)

    assert details.brand == brand
    assert details.last4 == number[-4:]


@pytest.mark.parametrize(
    "number",
    ["4242 4242 4242 4241", "", "4242", "abcd efgh ijkl mnop", "٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢"],
)
def test_bad_card_number_is_refused_naming_the_number_field(number):
    with pytest.raises(CardError) as error:
        validate_card(number, future_expiry(), "123")

    assert error.value.field == "number"
    assert "card number" in error.value.message


@pytest.mark.parametrize("expiry", ["", "13/30", "00/30", "1/30", "12-30", "12/2030"])
def test_malformed_expiry_is_refused_naming_the_expiry_field(expiry):
    with pytest.raises(CardError) as error:
        validate_card(VISA, expiry, "123")

    assert error.value.field == "expiry"
    assert "expiry date" in error.value.message


def test_expiry_in_a_past_month_is_refused():
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timezone.timedelta(days=1)).strftime("%m/%y")

    with pytest.raises(CardError) as error:
        validate_card(VISA, last_month, "123")

    assert error.value.field == "expiry"
    assert "expired" in error.value.message


def test_card_expiring_this_month_is_still_good():
    this_month = timezone.localdate().strftime("%m/%y")

    assert validate_card(VISA, this_month, "123").last4 == "4242"


@pytest.mark.parametrize(
    ("number", "cvc"),
    [
        (VISA, ""),
        (VISA, "12"),
        (VISA, "1234"),
        (VISA, "12a"),
        ("378282246310005", "123"),
        ("378282246310005", "12345"),
    ],
)
def test_bad_cvc_is_refused_naming_the_cvc_field(number, cvc):
    with pytest.raises(CardError) as error:
        validate_card(number, future_expiry(), cvc)

    assert error.value.field == "cvc"
    assert "CVC" in error.value.message


def test_amex_cvc_must_have_four_digits():
    with pytest.raises(CardError) as error:
        validate_card("378282246310005", future_expiry(), "123")

    assert "4-digit" in error.value.message


def test_card_details_repr_hides_number_and_cvc():
    details = validate_card(VISA, future_expiry(), "987")

    assert "4242424242424242" not in repr(details)
    assert "987" not in repr(details)


# --- Idempotency ----------------------------------------------------------------


def test_same_key_authorizes_once_and_returns_the_same_result(gateway):
    first = gateway.authorize(
        amount_cents=5000, token=token(), customer_id=PAYER, idempotency_key="k"
    )
    second = gateway.authorize(
        amount_cents=5000, token=token(), customer_id=PAYER, idempotency_key="k"
    )

    assert second == first
    assert GatewayCall.objects.filter(kind="authorize").count() == 1


def test_same_key_captures_once(gateway, authorized):
    ref = authorized.reference
    first = gateway.capture(reference=ref, amount_cents=5000, idempotency_key="c")
    again = gateway.capture(reference=ref, amount_cents=5000, idempotency_key="c")

    assert first.status == again.status == "captured"
    assert again == first
    assert GatewayCall.objects.filter(kind="capture").count() == 1


def test_same_key_replays_a_refusal_too(gateway, authorized):
    ref = authorized.reference
    first = gateway.capture(reference=ref, amount_cents=9999, idempotency_key="c")
    again = gateway.capture(reference=ref, amount_cents=9999, idempotency_key="c")

    assert first == again
    assert first.decline_reason == "amount_exceeds_authorized"
    assert GatewayCall.objects.filter(kind="capture").count() == 1


def test_same_key_refunds_once(gateway, captured):
    ref = captured.reference
    gateway.refund(reference=ref, amount_cents=1000, idempotency_key="r")
    gateway.refund(reference=ref, amount_cents=1000, idempotency_key="r")

    assert GatewayCall.objects.filter(kind="refund").count() == 1


def test_key_reused_for_a_different_request_raises(gateway, authorized):
    ref = authorized.reference
    gateway.capture(reference=ref, amount_cents=1000, idempotency_key="c")

    with pytest.raises(ValueError, match="different capture"):
        gateway.capture(reference=ref, amount_cents=2000, idempotency_key="c")


def test_keys_are_per_kind(gateway, authorized):
    """A capture and a void may share a key: the constraint is (kind, key)."""
    ref = authorized.reference
    voided = gateway.void(reference=ref, idempotency_key="shared")
    capture = gateway.capture(reference=ref, amount_cents=10, idempotency_key="shared")

    assert voided.status == "voided"
    assert capture.decline_reason == "already_voided"


@pytest.mark.parametrize("amount", [0, -1, 10.5, True])
def test_amount_must_be_a_positive_int(gateway, amount):
    with pytest.raises((ValueError, TypeError)):
        gateway.authorize(
            amount_cents=amount, token=token(), customer_id=PAYER, idempotency_key="k"
        )
    assert not GatewayCall.objects.exists()


# --- Capture, void and refund rules ---------------------------------------------


def test_partial_capture_keeps_reference_and_card(gateway, authorized):
    result = gateway.capture(
        reference=authorized.reference, amount_cents=4000, idempotency_key="c"
    )

    assert result.status == "captured"
    assert result.reference == authorized.reference
    assert (result.brand, result.last4) == ("visa", "4242")


def test_capture_of_more_than_authorized_is_refused(gateway, authorized):
    ref = authorized.reference

    refused = gateway.capture(reference=ref, amount_cents=5001, idempotency_key="c1")
    exact = gateway.capture(reference=ref, amount_cents=5000, idempotency_key="c2")

    assert (refused.status, refused.decline_reason) == (
        "declined",
        "amount_exceeds_authorized",
    )
    assert exact.status == "captured"


@pytest.mark.parametrize(
    ("state", "call", "amount", "reason"),
    [
        ("captured", "capture", 1, "already_captured"),  # a second capture
        ("captured", "void", None, "already_captured"),
        ("authorized", "refund", 100, "not_captured"),
    ],
)
def test_a_call_the_payment_has_moved_past_is_refused(
    request, gateway, state, call, amount, reason
):
    payment = request.getfixturevalue(state)
    amounts = {} if amount is None else {"amount_cents": amount}

    result = getattr(gateway, call)(
        reference=payment.reference, idempotency_key=f"{call}-2", **amounts
    )

    assert (result.status, result.decline_reason) == ("declined", reason)


def test_void_releases_an_authorization(gateway, authorized):
    result = gateway.void(reference=authorized.reference, idempotency_key="v")

    assert result.status == "voided"
    assert GatewayCall.objects.get(kind="void").amount_cents == 5000


def test_capture_and_second_void_after_void_are_refused(gateway, authorized):
    ref = authorized.reference
    gateway.void(reference=ref, idempotency_key="v1")

    capture = gateway.capture(reference=ref, amount_cents=5000, idempotency_key="c")
    void = gateway.void(reference=ref, idempotency_key="v2")

    assert capture.decline_reason == "already_voided"
    assert void.decline_reason == "already_voided"


def test_refunds_are_capped_at_the_captured_amount(gateway, authorized):
    ref = authorized.reference
    gateway.capture(reference=ref, amount_cents=4000, idempotency_key="c")

    def refund(amount, key):
        return gateway.refund(reference=ref, amount_cents=amount, idempotency_key=key)

    assert refund(2500, "r1").status == "refunded"
    too_much = refund(1501, "r2")
    assert (too_much.status, too_much.decline_reason) == (
        "declined",
        "amount_exceeds_captured",
    )
    assert refund(1500, "r3").status == "refunded"
    assert refund(1, "r4").decline_reason == "amount_exceeds_captured"


# --- What is stored -------------------------------------------------------------


def test_only_brand_and_last4_are_stored(gateway):
    for i, number in enumerate([VISA, DECLINED, INSUFFICIENT]):
        result = gateway.authorize(
            amount_cents=1000,
            token=token(number),
            customer_id=PAYER,
            idempotency_key=f"a{i}",
        )
        gateway.capture(
            reference=result.reference, amount_cents=1000, idempotency_key=f"c{i}"
        )

    rows = list(GatewayCall.objects.values())
    assert len(rows) == 6
    stored = " ".join(str(value) for row in rows for value in row.values())
    for number in [VISA, DECLINED, INSUFFICIENT]:
        digits = number.replace(" ", "")
        assert digits not in stored
        assert digits[:12] not in stored
    assert {(row["brand"], row["last4"]) for row in rows} == {
        ("visa", "4242"),
        ("visa", "0002"),
        ("visa", "9995"),
    }


# --- Configuration --------------------------------------------------------------


def test_default_gateway_is_the_sandbox():
    gateway = get_gateway()

    assert isinstance(gateway, SandboxGateway)
    assert isinstance(gateway, PaymentGateway)


def test_gateway_comes_from_the_setting(settings):
    settings.PAYMENT_GATEWAY = "tests.orders.test_payments.OtherGateway"

    assert isinstance(get_gateway(), OtherGateway)


@pytest.mark.parametrize(
    "path", ["orders.payments.NoSuchGateway", "orders.models.GatewayCall"]
)
def test_bad_gateway_setting_is_improperly_configured(settings, path):
    settings.PAYMENT_GATEWAY = path

    with pytest.raises(ImproperlyConfigured):
        get_gateway()


class OtherGateway(SandboxGateway):
    pass


# --- Races (MariaDB: SQLite has no row locks) -----------------------------------


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_only_one_of_ten_simultaneous_captures_succeeds():
    """Raced on several authorizations: one round alone can miss a lost lock."""
    gateway = SandboxGateway()
    for round_ in range(5):
        auth = gateway.authorize(
            amount_cents=5000,
            token=token(),
            customer_id=PAYER,
            idempotency_key=f"a{round_}",
        )

        results, errors = run_in_threads(
            10,
            lambda i, ref=auth.reference, round_=round_: gateway.capture(
                reference=ref, amount_cents=5000, idempotency_key=f"c{round_}-{i}"
            ),
        )

        assert errors == []
        assert sorted(r.status for r in results) == ["captured"] + ["declined"] * 9
        assert {r.decline_reason for r in results if not r.ok} == {"already_captured"}
        captures = GatewayCall.objects.filter(
            kind="capture", reference=auth.reference, status="captured"
        )
        assert captures.count() == 1


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_calls_with_one_key_capture_once():
    gateway = SandboxGateway()
    auth = gateway.authorize(
        amount_cents=5000, token=token(), customer_id=PAYER, idempotency_key="a"
    )

    results, errors = run_in_threads(
        10,
        lambda i: gateway.capture(
            reference=auth.reference, amount_cents=5000, idempotency_key="same"
        ),
    )

    assert errors == []
    assert len(results) == 10
    assert {r.status for r in results} == {"captured"}
    assert GatewayCall.objects.filter(kind="capture").count() == 1


# --- Admin ----------------------------------------------------------------------


def test_admin_lists_and_searches_calls_read_only(admin_client, gateway, authorized):
    gateway.authorize(
        amount_cents=700,
        token=token("4111111111111111"),
        customer_id=PAYER,
        idempotency_key="other",
    )
    url = "/admin/orders/gatewaycall/"

    listing = admin_client.get(url, {"q": "4242", "status__exact": "authorized"})
    added = admin_client.get(url + "add/")

    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list.values_list("last4", flat=True)) == [
        "4242"
    ]
    assert "$50.00" in listing.content.decode()
    assert added.status_code == 403
