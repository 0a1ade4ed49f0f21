"""The gateway's calls and how an order or offer was paid."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CardBrand(models.TextChoices):
    VISA = "visa", _("Visa")
    MASTERCARD = "mastercard", _("Mastercard")
    AMEX = "amex", _("American Express")
    DISCOVER = "discover", _("Discover")
    UNKNOWN = "unknown", _("Card")


class GatewayCall(models.Model):
    """One call to the sandbox gateway and its result; never the card number or CVC.

    Rows are written once and never changed: the state of a payment is read from
    the calls that share its reference, under a lock on its authorization row.
    """

    class Kind(models.TextChoices):
        AUTHORIZE = "authorize", _("authorize")
        CAPTURE = "capture", _("capture")
        VOID = "void", _("void")
        REFUND = "refund", _("refund")

    class Status(models.TextChoices):
        AUTHORIZED = "authorized", _("authorized")
        CAPTURED = "captured", _("captured")
        VOIDED = "voided", _("voided")
        REFUNDED = "refunded", _("refunded")
        DECLINED = "declined", _("declined")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    idempotency_key = models.CharField(_("idempotency key"), max_length=255)
    # The payment's reference: an authorization's own, shared by its captures,
    # voids and refunds.
    reference = models.CharField(_("reference"), max_length=40, db_index=True)
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    decline_reason = models.CharField(_("decline reason"), max_length=40, blank=True)
    brand = models.CharField(
        _("card brand"), max_length=10, choices=CardBrand.choices, blank=True
    )
    last4 = models.CharField(_("last four digits"), max_length=4, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("gateway call")
        verbose_name_plural = _("gateway calls")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "idempotency_key"],
                name="orders_gatewaycall_unique_key",
            ),
            models.CheckConstraint(
                condition=models.Q(status="declined") | models.Q(decline_reason=""),
                name="orders_gatewaycall_reason_only_when_declined",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.reference}: {self.status}"


class CardToken(models.Model):
    """The sandbox processor's vault: a single-use token standing for one card.

    What the processor's hosted card fields keep: brand, last four, expiry and
    (the sandbox only) how its test card numbers answer. Never the number or
    the CVC. A token is bound to the member it was made for and expires.
    """

    token = models.CharField(_("token"), max_length=40, unique=True)
    # The processor knows its customer by id only, not as a row of ours.
    member_id = models.PositiveBigIntegerField(_("member id"))
    brand = models.CharField(_("card brand"), max_length=10, choices=CardBrand.choices)
    last4 = models.CharField(_("last four digits"), max_length=4)
    exp_month = models.PositiveSmallIntegerField(_("expiry month"))
    exp_year = models.PositiveSmallIntegerField(_("expiry year"))
    # The decline reason the test card number simulates, or "".
    outcome = models.CharField(_("simulated outcome"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("card token")
        verbose_name_plural = _("card tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.brand} •••• {self.last4}"


class PaymentSource(models.TextChoices):
    CARD = "card", _("Card")
    BALANCE = "balance", _("Nomi balance")
