"""Withdrawals from the seller balance to a bank account."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace import metrics
from marketplace.retry import atomic_with_retry
from marketplace.templatetags.money import money
from notifications.models import Kind
from orders import ledger
from orders.exceptions import (
    WithdrawalError,
)
from orders.models import (
    LedgerEntry,
    Withdrawal,
)
from orders.services.core import (
    _notify,
)

User = get_user_model()
Account = LedgerEntry.Account


# --- Withdrawals ------------------------------------------------------------------


def aba_checksum_valid(routing: str) -> bool:
    """The 3-7-1 weighted checksum every US routing number carries."""
    weights = (3, 7, 1) * 3
    return sum(int(d) * w for d, w in zip(routing, weights, strict=True)) % 10 == 0


def _digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def clean_routing_number(value: str) -> str:
    """A 9-digit routing number whose checksum holds; raises WithdrawalError."""
    routing = _digits(value)
    if not re.fullmatch(r"[0-9]{9}", routing) or not aba_checksum_valid(routing):
        raise WithdrawalError(_("Enter a valid 9-digit routing number."))
    return routing


def clean_account_number(value: str) -> str:
    """An account number of 4 to 17 digits; raises WithdrawalError."""
    account = _digits(value)
    if not re.fullmatch(r"[0-9]{4,17}", account):
        raise WithdrawalError(_("Enter an account number of 4 to 17 digits."))
    return account


def validate_bank_account(*, routing_number: str, account_number: str) -> str:
    """Check a routing and an account number; return the account's last 4 digits.

    Raises WithdrawalError naming the bad field.
    """
    clean_routing_number(routing_number)
    return clean_account_number(account_number)[-4:]


def withdraw_balance(
    *,
    member: User,
    amount_cents: int,
    routing_number: str,
    account_number: str,
    idempotency_key: str,
) -> Withdrawal:
    """Send available balance to a (sandbox) bank account; never more than there is.

    The member's row lock serialises withdrawals and balance payments, so two
    simultaneous requests cannot both spend the same money. A resubmitted
    form (same key) returns the first withdrawal.
    """
    key = f"{member.pk}:{idempotency_key}"
    if existing := Withdrawal.objects.filter(idempotency_key=key).first():
        return existing
    last4 = validate_bank_account(
        routing_number=routing_number, account_number=account_number
    )
    if amount_cents < settings.MIN_WITHDRAWAL_CENTS:
        raise WithdrawalError(
            _("Withdraw at least %(min)s.")
            % {"min": money(settings.MIN_WITHDRAWAL_CENTS)}
        )

    # A lost lock (on Galera: a conflict at COMMIT) runs it again, whole.
    def pay_out() -> Withdrawal:
        ledger.lock_member(member)
        if existing := Withdrawal.objects.filter(idempotency_key=key).first():
            return existing
        available = ledger.available_cents(member)
        if amount_cents > available:
            raise WithdrawalError(
                _("You can withdraw at most %(available)s.")
                % {"available": money(available)}
            )
        withdrawal = Withdrawal.objects.create(
            member=member,
            amount_cents=amount_cents,
            account_last4=last4,
            idempotency_key=key,
        )
        ledger.post_movement(
            kind=LedgerEntry.Kind.PAYOUT,
            withdrawal=withdrawal,
            legs=[
                ledger.Leg(Account.AVAILABLE, -amount_cents, member),
                ledger.Leg(Account.PAYOUTS, amount_cents, member),
            ],
        )
        metrics.count_after_commit(metrics.PAYOUTS)
        _notify(
            member,
            kind=Kind.PAYOUT_SENT,
            event=f"withdrawal:{withdrawal.pk}",
            text=_("Withdrawal of %(amount)s to your bank account on its way")
            % {"amount": money(amount_cents)},
            url=reverse("orders:balance"),
            template="withdrawal",
            withdrawal=withdrawal,
        )
        return withdrawal

    return atomic_with_retry(pay_out)
