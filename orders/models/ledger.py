"""The ledger and withdrawals."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orders.models.offers import Offer
from orders.models.orders import Order


class LedgerEntry(models.Model):
    """One leg of a money movement; a movement's legs share `movement`, sum to 0.

    Append-only: rows are never updated or deleted. A balance is the sum of an
    account's entries.
    """

    class Account(models.TextChoices):
        # Money outside Nomi: buyers' cards (negative when captured).
        CARDS = "cards", _("buyers' cards")
        # An offer's balance payment set aside until answered.
        HOLD = "hold", _("held for offers")
        ESCROW = "escrow", _("escrow")
        AVAILABLE = "available", _("available balance")
        PAYOUTS = "payouts", _("paid out to banks")
        REVENUE = "revenue", _("platform revenue")

    class Kind(models.TextChoices):
        CAPTURE = "capture", _("Payment captured into escrow")
        BALANCE_PAYMENT = "balance_payment", _("Paid from balance into escrow")
        HOLD = "hold", _("Balance held for an offer")
        HOLD_RELEASE = "hold_release", _("Offer hold released")
        RELEASE = "release", _("Sale completed: earnings released")
        FEE = "fee", _("Fees to Nomi")
        REFUND = "refund", _("Refund to buyer")
        PAYOUT = "payout", _("Withdrawal to bank")

    movement = models.UUIDField(db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    account = models.CharField(_("account"), max_length=10, choices=Account.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger"
    )
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger"
    )
    withdrawal = models.ForeignKey(
        "orders.Withdrawal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger",
    )
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["member", "account", "created_at"], name="ledger_member_account"
            ),
            models.Index(fields=["account", "order"], name="ledger_account_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "account"], name="orders_ledger_one_leg_per_account"
            ),
            models.CheckConstraint(
                condition=~models.Q(amount_cents=0), name="orders_ledger_nonzero"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.account} {self.amount_cents}"


class Withdrawal(models.Model):
    """Money sent from a member's available balance to their (sandbox) bank."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="withdrawals"
    )
    amount_cents = models.PositiveIntegerField(_("amount"))
    account_last4 = models.CharField(_("account ending"), max_length=4)
    idempotency_key = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)

    class Meta:
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_cents__gt=0),
                name="orders_withdrawal_positive",
            ),
        ]

    def __str__(self):
        return f"Withdrawal {self.pk}: {self.amount_cents}"


class BalanceLock(models.Model):
    """A row each check-and-debit of a member's balance writes (ledger.lock_member).

    The member's row lock makes two debits take turns on one database. On a
    Galera cluster a row lock holds on its own node only, and two transactions
    that wrote different rows both commit; writing this row too makes two
    debits of one balance on two nodes conflict, so the later one runs again
    and sees the first (docs/galera.md).
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    # A new value at every write, so that the write is a change to replicate.
    stamp = models.CharField(max_length=32)

    def __str__(self):
        return f"balance lock of member {self.member_id}"
