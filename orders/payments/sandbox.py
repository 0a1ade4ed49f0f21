"""The sandbox card processor: a gateway in the database, for development,
demos and tests.
"""

import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Count, Q, Sum
from django.utils import timezone

from marketplace.retry import atomic_with_retry
from orders.models import CardToken, GatewayCall
from orders.payments import (
    CardDetails,
    DeclineReason,
    IdempotencyConflict,
    OpenAuthorization,
    PaymentGateway,
    PaymentResult,
    Transaction,
)

Kind = GatewayCall.Kind
Status = GatewayCall.Status


SANDBOX_DECLINES = {
    "4000000000000002": DeclineReason.CARD_DECLINED,
    "4000000000009995": DeclineReason.INSUFFICIENT_FUNDS,
}


def _result(call: GatewayCall) -> PaymentResult:
    return PaymentResult(
        reference=call.reference,
        status=str(call.status),
        decline_reason=call.decline_reason,
        brand=call.brand,
        last4=call.last4,
    )


def _check_amount(amount_cents: int) -> None:
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise TypeError("amount_cents must be an int.")
    if amount_cents <= 0:
        raise ValueError("amount_cents must be positive.")


def _check_key(idempotency_key: str) -> None:
    if not idempotency_key or len(idempotency_key) > 255:
        raise ValueError("idempotency_key must be 1 to 255 characters.")


class SandboxGateway(PaymentGateway):
    """A card processor in the database: every call is a `GatewayCall` row.

    Cards reach it only as tokens from its vault (`CardToken`, made by
    `tokenize`). 4242 4242 4242 4242 and any other Luhn-valid number succeed;
    4000 0000 0000 0002 is declined and 4000 0000 0000 9995 declined for
    insufficient funds. It never sleeps and never calls the network.
    """

    def tokenize(self, card: CardDetails, *, customer_id: int) -> str:
        token = "tok_" + secrets.token_hex(16)
        CardToken.objects.create(
            token=token,
            member_id=customer_id,
            brand=card.brand,
            last4=card.last4,
            exp_month=card.exp_month,
            exp_year=card.exp_year,
            outcome=SANDBOX_DECLINES.get(card.number, ""),
        )
        return token

    def authorize(
        self,
        *,
        amount_cents: int,
        token: str,
        customer_id: int,
        idempotency_key: str,
    ) -> PaymentResult:
        _check_amount(amount_cents)

        def decide(_authorization: None) -> dict:
            vaulted, reason = self._redeem(token, customer_id)
            return {
                "reference": "sbx_" + secrets.token_hex(12),
                "amount_cents": amount_cents,
                "status": Status.DECLINED if reason else Status.AUTHORIZED,
                "decline_reason": reason,
                "brand": vaulted.brand if vaulted else "",
                "last4": vaulted.last4 if vaulted else "",
            }

        return self._call(
            Kind.AUTHORIZE, idempotency_key, None, amount_cents, decide=decide
        )

    def capture(
        self, *, reference: str, amount_cents: int, idempotency_key: str
    ) -> PaymentResult:
        _check_amount(amount_cents)

        def decide(authorization: GatewayCall | None) -> dict:
            reason = self._refusal(authorization)
            if not reason and amount_cents > authorization.amount_cents:
                reason = DeclineReason.AMOUNT_EXCEEDS_AUTHORIZED
            return self._outcome(
                authorization, reference, amount_cents, Status.CAPTURED, reason
            )

        return self._call(
            Kind.CAPTURE, idempotency_key, reference, amount_cents, decide=decide
        )

    def void(self, *, reference: str, idempotency_key: str) -> PaymentResult:
        def decide(authorization: GatewayCall | None) -> dict:
            reason = self._refusal(authorization)
            amount = authorization.amount_cents if authorization else 0
            return self._outcome(
                authorization, reference, amount, Status.VOIDED, reason
            )

        return self._call(Kind.VOID, idempotency_key, reference, None, decide=decide)

    def refund(
        self, *, reference: str, amount_cents: int, idempotency_key: str
    ) -> PaymentResult:
        _check_amount(amount_cents)

        def decide(authorization: GatewayCall | None) -> dict:
            if authorization is None:
                reason = DeclineReason.UNKNOWN_REFERENCE
            else:
                totals = self._totals(authorization)
                if not totals["captured"]:
                    reason = DeclineReason.NOT_CAPTURED
                elif totals["refunded"] + amount_cents > totals["captured"]:
                    reason = DeclineReason.AMOUNT_EXCEEDS_CAPTURED
                else:
                    reason = ""
            return self._outcome(
                authorization, reference, amount_cents, Status.REFUNDED, reason
            )

        return self._call(
            Kind.REFUND, idempotency_key, reference, amount_cents, decide=decide
        )

    def open_authorizations(self, *, created_before: datetime) -> list:
        settled = (
            GatewayCall.objects.filter(kind__in=[Kind.CAPTURE, Kind.VOID])
            .exclude(status=Status.DECLINED)
            .values("reference")
        )
        rows = (
            GatewayCall.objects.filter(
                kind=Kind.AUTHORIZE,
                status=Status.AUTHORIZED,
                created_at__lt=created_before,
            )
            .exclude(reference__in=settled)
            .order_by("pk")
            .values_list("reference", "amount_cents", "created_at")
        )
        return [OpenAuthorization(*row) for row in rows]

    def list_transactions(self, *, since: datetime | None = None) -> list:
        calls = GatewayCall.objects.exclude(status=Status.DECLINED)
        if since is not None:
            calls = calls.filter(created_at__gte=since)
        rows = calls.order_by("created_at", "pk").values_list(
            "reference", "kind", "amount_cents", "status", "created_at"
        )
        return [Transaction(*row) for row in rows.iterator(chunk_size=2000)]

    def authorization_open(self, *, reference: str) -> bool:
        authorization = GatewayCall.objects.filter(
            kind=Kind.AUTHORIZE, reference=reference
        ).first()
        return authorization is not None and not self._refusal(authorization)

    def _redeem(self, token: str, customer_id: int) -> tuple[CardToken | None, str]:
        """Use up `token` for `customer_id`: the vaulted card and a decline reason.

        Runs in the authorization's transaction under the token's row lock, so
        two calls cannot both use one token, and a call that rolls back leaves
        it unused.
        """
        if not token:
            return None, DeclineReason.CARD_REQUIRED
        vaulted = CardToken.objects.select_for_update().filter(token=token).first()
        now = timezone.now()
        life = timedelta(minutes=settings.CARD_TOKEN_MINUTES)
        if (
            vaulted is None
            or vaulted.member_id != customer_id
            or vaulted.used_at is not None
            or vaulted.created_at + life < now
        ):
            return None, DeclineReason.TOKEN_INVALID
        vaulted.used_at = now
        vaulted.save(update_fields=["used_at"])
        return vaulted, vaulted.outcome

    # The rules, read under the authorization's row lock.

    def _totals(self, authorization: GatewayCall) -> dict:
        return (
            GatewayCall.objects.filter(reference=authorization.reference)
            .exclude(status=Status.DECLINED)
            .aggregate(
                captured=Sum("amount_cents", filter=Q(kind=Kind.CAPTURE), default=0),
                refunded=Sum("amount_cents", filter=Q(kind=Kind.REFUND), default=0),
                voids=Count("id", filter=Q(kind=Kind.VOID)),
            )
        )

    def _refusal(self, authorization: GatewayCall | None) -> str:
        """Why a capture or void of this authorization is refused, or ""."""
        if authorization is None:
            return DeclineReason.UNKNOWN_REFERENCE
        if authorization.status != Status.AUTHORIZED:
            return DeclineReason.NOT_AUTHORIZED
        totals = self._totals(authorization)
        if totals["voids"]:
            return DeclineReason.ALREADY_VOIDED
        if totals["captured"]:
            return DeclineReason.ALREADY_CAPTURED
        return ""

    def _outcome(
        self,
        authorization: GatewayCall | None,
        reference: str,
        amount_cents: int,
        success: str,
        reason: str,
    ) -> dict:
        return {
            "reference": reference,
            "amount_cents": amount_cents,
            "status": Status.DECLINED if reason else success,
            "decline_reason": reason,
            "brand": authorization.brand if authorization else "",
            "last4": authorization.last4 if authorization else "",
        }

    def _lock_authorization(self, reference: str) -> GatewayCall | None:
        """Lock the authorization row of `reference`: calls on one payment take turns.

        Two captures then cannot both see "not captured yet". The row is found
        by a plain read (authorization rows never change) and locked by primary
        key: a locking read by reference may scan, and on MariaDB lock, other
        payments' rows, deadlocking unrelated checkouts. The transaction holds
        no other lock and makes no network call.
        """
        pk = (
            GatewayCall.objects.filter(kind=Kind.AUTHORIZE, reference=reference)
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            return None
        return GatewayCall.objects.select_for_update().get(pk=pk)

    # Idempotency.

    def _call(
        self,
        kind: str,
        idempotency_key: str,
        reference: str | None,
        amount_cents: int | None,
        *,
        decide: Callable[[GatewayCall | None], dict],
    ) -> PaymentResult:
        """Replay the call recorded under this key, or decide and record it."""
        _check_key(idempotency_key)
        if done := self._replay(kind, idempotency_key, reference, amount_cents):
            return done

        def record() -> PaymentResult:
            authorization = None
            if kind != Kind.AUTHORIZE:
                authorization = self._lock_authorization(reference)
                # The same key may have been recorded while we waited.
                if done := self._replay(kind, idempotency_key, reference, amount_cents):
                    return done
            call = GatewayCall.objects.create(
                kind=kind, idempotency_key=idempotency_key, **decide(authorization)
            )
            return _result(call)

        try:
            # A lost lock (on Galera: a conflict at COMMIT) kept nothing.
            return atomic_with_retry(record)
        except IntegrityError:
            # A concurrent call with this key committed first; its result stands.
            done = self._replay(kind, idempotency_key, reference, amount_cents)
            if done is None:
                raise
            return done

    def _replay(
        self,
        kind: str,
        idempotency_key: str,
        reference: str | None,
        amount_cents: int | None,
    ) -> PaymentResult | None:
        call = GatewayCall.objects.filter(
            kind=kind, idempotency_key=idempotency_key
        ).first()
        if call is None:
            return None
        if (reference is not None and call.reference != reference) or (
            amount_cents is not None and call.amount_cents != amount_cents
        ):
            raise IdempotencyConflict(
                f"Idempotency key {idempotency_key!r} was used for a different {kind}."
            )
        return replace(_result(call), replayed=True)
