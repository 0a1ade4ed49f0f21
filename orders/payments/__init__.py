"""The payment gateway interface: what checkout, offers and reconciliation ask
of a card processor, and `get_gateway()`.

Checkout talks to `get_gateway()`, never to a gateway class: the class is named
by `settings.PAYMENT_GATEWAY` (a dotted path; `orders.payments.sandbox.SandboxGateway`
by default). Card validation is in `orders.payments.cards`.
"""

import abc
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from orders.models import GatewayCall
from orders.payments.cards import CardDetails, detect_brand, luhn_valid, validate_card

Kind = GatewayCall.Kind
Status = GatewayCall.Status


class IdempotencyConflict(ValueError):
    """An idempotency key already used for a different request (amount, payment)."""


class DeclineReason:
    CARD_DECLINED = "card_declined"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    CARD_REQUIRED = "card_required"
    TOKEN_INVALID = "token_invalid"
    UNKNOWN_REFERENCE = "unknown_reference"
    NOT_AUTHORIZED = "not_authorized"
    ALREADY_CAPTURED = "already_captured"
    ALREADY_VOIDED = "already_voided"
    AMOUNT_EXCEEDS_AUTHORIZED = "amount_exceeds_authorized"
    NOT_CAPTURED = "not_captured"
    AMOUNT_EXCEEDS_CAPTURED = "amount_exceeds_captured"


@dataclass(frozen=True)
class PaymentResult:
    """What a gateway call did; `decline_reason` is set only when declined."""

    reference: str
    status: str
    decline_reason: str = ""
    brand: str = ""
    last4: str = ""
    # True when the gateway answered from an earlier call with the same key
    # (how it answered, not what the result is: left out of comparisons).
    replayed: bool = field(default=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.status != Status.DECLINED


@dataclass(frozen=True)
class OpenAuthorization:
    """An authorization the gateway holds open: neither captured nor voided."""

    reference: str
    amount_cents: int
    created_at: datetime


@dataclass(frozen=True)
class Transaction:
    """One line of the gateway's own report of what it did to a payment."""

    reference: str
    kind: str
    amount_cents: int
    status: str
    created_at: datetime


class PaymentGateway(abc.ABC):
    """Authorize, capture, void and refund card payments.

    Every method is idempotent by `idempotency_key`: calling it again with the
    same key returns the first call's result and does nothing more. A refusal
    (declined card, capture above the authorized amount, refund of an
    uncaptured payment, ...) is a result with status "declined" and a
    `decline_reason`, not an exception, so refusals are idempotent too.
    Reusing a key for a different request raises IdempotencyConflict (a
    ValueError).
    """

    @abc.abstractmethod
    def authorize(
        self,
        *,
        amount_cents: int,
        token: str,
        customer_id: int,
        idempotency_key: str,
    ) -> PaymentResult:
        """Hold `amount_cents` on the card the single-use `token` stands for.

        The token must be one made for `customer_id` (the member paying) and
        still unused and unexpired; the result's reference names the payment.
        """

    def tokenize(self, card: CardDetails, *, customer_id: int) -> str:
        """A single-use token for `card`, bound to `customer_id` (hosted card fields).

        A processor whose card fields run on its own pages makes tokens there;
        this server then never sees card data and has no tokenizer.
        """
        raise NotImplementedError("This gateway tokenizes cards on its own pages.")

    @abc.abstractmethod
    def capture(
        self, *, reference: str, amount_cents: int, idempotency_key: str
    ) -> PaymentResult:
        """Take at most the authorized amount, once, from an authorized payment."""

    @abc.abstractmethod
    def void(self, *, reference: str, idempotency_key: str) -> PaymentResult:
        """Release an authorized payment that was not captured."""

    @abc.abstractmethod
    def refund(
        self, *, reference: str, amount_cents: int, idempotency_key: str
    ) -> PaymentResult:
        """Return part or all of a captured payment; never more than was captured."""

    @abc.abstractmethod
    def list_transactions(self, *, since: datetime | None = None) -> list:
        """Transaction of each authorization, capture, void and refund the gateway
        made (refusals left out) at or after `since` (all when None), oldest
        first: the processor's report that reconciliation compares with."""

    def open_authorizations(self, *, created_before: datetime) -> list:
        """OpenAuthorization of each hold made before `created_before` and still
        open. A gateway that cannot list them returns none."""
        return []

    def authorization_open(self, *, reference: str) -> bool:
        """Whether the authorization `reference` is still held: neither captured
        nor voided. A gateway that cannot tell says it is."""
        return True


def get_gateway() -> PaymentGateway:
    """The gateway named by `settings.PAYMENT_GATEWAY`; ImproperlyConfigured if bad."""
    path = settings.PAYMENT_GATEWAY
    try:
        gateway_class = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"PAYMENT_GATEWAY {path!r} cannot be imported."
        ) from exc
    if not (
        isinstance(gateway_class, type) and issubclass(gateway_class, PaymentGateway)
    ):
        raise ImproperlyConfigured(f"PAYMENT_GATEWAY {path!r} is not a PaymentGateway.")
    return gateway_class()


__all__ = [
    "CardDetails",
    "DeclineReason",
    "IdempotencyConflict",
    "OpenAuthorization",
    "PaymentGateway",
    "PaymentResult",
    "Transaction",
    "detect_brand",
    "get_gateway",
    "luhn_valid",
    "validate_card",
]
