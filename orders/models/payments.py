"""The gateway's calls and how an order or offer was paid."""

from django.conf import settings
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


class Payment(models.Model):
    """One card authorization or balance hold, and what became of it.

    The row an order or an offer is paid by: an offer whose counter was
    accepted has two, the replaced one voided. Its status moves only through
    orders.payment_states.move_payment, along TRANSITIONS.
    """

    class Status(models.TextChoices):
        AUTHORIZED = "authorized", _("authorized")
        # A capture the gateway did not answer: process_deadlines retries it.
        CAPTURE_PENDING = "capture_pending", _("capture pending")
        CAPTURED = "captured", _("captured")
        # Nothing will capture it; voided once the gateway confirms.
        VOID_PENDING = "void_pending", _("void pending")
        VOIDED = "voided", _("voided")
        # Money owed back; refunded once the gateway confirms.
        REFUND_PENDING = "refund_pending", _("refund pending")
        REFUNDED = "refunded", _("refunded")

    # The money was taken (refunded since or not).
    CAPTURED_STATUSES = (Status.CAPTURED, Status.REFUND_PENDING, Status.REFUNDED)

    # Where a payment may go from each status (docs/product-rules.md, Money).
    TRANSITIONS = {
        Status.AUTHORIZED: {
            Status.CAPTURED,
            Status.CAPTURE_PENDING,
            Status.VOID_PENDING,
            Status.VOIDED,
        },
        Status.CAPTURE_PENDING: {Status.CAPTURED, Status.VOID_PENDING, Status.VOIDED},
        Status.VOID_PENDING: {Status.VOIDED},
        Status.CAPTURED: {Status.REFUND_PENDING, Status.REFUNDED},
        Status.REFUND_PENDING: {Status.REFUNDED},
    }

    order = models.ForeignKey(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    offer = models.ForeignKey(
        "orders.Offer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments"
    )
    method = models.CharField(
        _("paid with"), max_length=8, choices=PaymentSource.choices
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.AUTHORIZED
    )
    authorized_cents = models.PositiveIntegerField(_("authorized"))
    captured_cents = models.PositiveIntegerField(_("captured"), default=0)
    refunded_cents = models.PositiveIntegerField(_("refunded"), default=0)
    # The gateway's reference for card payments; balance holds leave it blank.
    reference = models.CharField(_("payment reference"), max_length=40, blank=True)
    card_brand = models.CharField(
        _("card brand"), max_length=10, choices=CardBrand.choices, blank=True
    )
    card_last4 = models.CharField(_("card last four"), max_length=4, blank=True)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=255, unique=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        indexes = [
            # process_deadlines: captures to retry, voids and refunds due.
            models.Index(fields=["status", "created_at"], name="payment_status"),
            models.Index(fields=["reference"], name="payment_reference"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(captured_cents__lte=models.F("authorized_cents")),
                name="orders_payment_captured_within_authorized",
            ),
            models.CheckConstraint(
                condition=models.Q(refunded_cents__lte=models.F("captured_cents")),
                name="orders_payment_refunded_within_captured",
            ),
            models.CheckConstraint(
                condition=models.Q(order__isnull=False) | models.Q(offer__isnull=False),
                name="orders_payment_pays_for_something",
            ),
        ]

    def __str__(self):
        return f"Payment {self.pk} ({self.method}): {self.status}"

    @property
    def paid_with_card(self) -> bool:
        return self.method == PaymentSource.CARD

    @property
    def is_voided(self) -> bool:
        return self.status == self.Status.VOIDED

    def can_move(self, status: str) -> bool:
        """True if this payment may go from its status to `status`."""
        return status in self.TRANSITIONS.get(self.status, set())
