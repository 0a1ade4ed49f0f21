"""Orders and their events."""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.fees import seller_earnings_cents
from marketplace.states import StatusIs
from orders.models.base import PaidBy, ShippingAddressFields
from orders.models.payments import Payment


@dataclass(frozen=True)
class Deadline:
    """A time rule: `days` (a setting's name) after an order's `start` field.

    The order's properties, the deadline services' queries and their checks
    under the row lock all read it from here (docs/product-rules.md, Deadlines).
    """

    start: str
    days: str

    def at(self, order):
        """When the deadline falls for `order` (None before its start)."""
        start = getattr(order, self.start)
        if start is None:
            return None
        return start + timedelta(days=getattr(settings, self.days))

    def passed(self, order, now) -> bool:
        """True from the deadline on."""
        at = self.at(order)
        return at is not None and at <= now

    def passed_q(self, now) -> models.Q:
        """The orders whose deadline has passed at `now` (a filter)."""
        cutoff = now - timedelta(days=getattr(settings, self.days))
        return models.Q(**{f"{self.start}__lte": cutoff})


SHIP_BY = Deadline("created_at", "SHIP_DEADLINE_DAYS")
AUTO_CANCEL = Deadline("created_at", "AUTO_CANCEL_DAYS")
AUTO_COMPLETE = Deadline("shipped_at", "AUTO_COMPLETE_DAYS")
RATING_WINDOW = Deadline("completed_at", "RATING_WINDOW_DAYS")


class OrderQuerySet(models.QuerySet):
    def for_participant(self, user):
        """Orders the member bought or sold; anyone else's are not there (404)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(buyer=user) | models.Q(seller=user))

    def open(self):
        return self.filter(status__in=Order.OPEN_STATUSES)

    def captured(self):
        """Orders whose payment was captured (card) or put in escrow (balance)."""
        return self.filter(
            models.Exists(
                Payment.objects.filter(
                    order=models.OuterRef("pk"), status__in=Payment.CAPTURED_STATUSES
                )
            )
        )


class Order(ShippingAddressFields, PaidBy):
    """One sale of one listing; every amount is a snapshot taken at purchase."""

    # The text rule (marketplace.text): read by its form and its service.
    SINGLE_LINE_FIELDS = ("tracking_number",)

    class Status(models.TextChoices):
        PAID = "paid", _("Paid, awaiting shipment")
        SHIPPED = "shipped", _("Shipped")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        DISPUTED = "disputed", _("Disputed")
        REFUNDED = "refunded", _("Refunded")

    class Actor(models.TextChoices):
        BUYER = "buyer", _("buyer")
        SELLER = "seller", _("seller")
        STAFF = "staff", _("staff")
        SYSTEM = "system", _("Nomi (automatic)")

    class Carrier(models.TextChoices):
        USPS = "usps", "USPS"
        UPS = "ups", "UPS"
        FEDEX = "fedex", "FedEx"
        OTHER = "other", _("Other")

    # Who may move an order from one status to another
    # (docs/product-rules.md, Buying). Time rules (ship deadline, auto-cancel,
    # auto-complete) are checked by the services on top of these.
    TRANSITIONS = {
        Status.PAID: {
            Status.SHIPPED: {Actor.SELLER},
            Status.CANCELLED: {Actor.SELLER, Actor.BUYER, Actor.SYSTEM},
            Status.DISPUTED: {Actor.BUYER},
            Status.REFUNDED: {Actor.STAFF},
        },
        Status.SHIPPED: {
            Status.COMPLETED: {Actor.BUYER, Actor.SYSTEM, Actor.STAFF},
            Status.DISPUTED: {Actor.BUYER},
            Status.REFUNDED: {Actor.STAFF},
        },
        Status.DISPUTED: {
            Status.REFUNDED: {Actor.STAFF},
            Status.COMPLETED: {Actor.STAFF},
        },
    }
    OPEN_STATUSES = (Status.PAID, Status.SHIPPED, Status.DISPUTED)
    # Each status's pill (.pill-<tone> in site.css): waiting on someone is
    # "warn", moving is "info", done well "ok", a problem "danger".
    STATUS_TONES = {
        Status.PAID: "warn",
        Status.SHIPPED: "info",
        Status.COMPLETED: "ok",
        Status.CANCELLED: "neutral",
        Status.DISPUTED: "danger",
        Status.REFUNDED: "neutral",
    }

    TRACKING_URLS = {
        Carrier.USPS: "https://tools.usps.com/go/TrackConfirmAction?tLabels={}",
        Carrier.UPS: "https://www.ups.com/track?tracknum={}",
        Carrier.FEDEX: "https://www.fedex.com/fedextrack/?trknbr={}",
    }

    listing = models.ForeignKey(
        "listings.Listing", on_delete=models.PROTECT, related_name="orders"
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="purchases"
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sales"
    )
    offer = models.OneToOneField(
        "orders.Offer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PAID
    )
    # The backstop for "an item sells once": the listing's id while this order
    # is live, NULL once cancelled (MySQL has no partial unique indexes; NULLs
    # never collide).
    live_listing_id = models.PositiveBigIntegerField(null=True, unique=True)
    # "<buyer id>:<form key>", so a resubmitted checkout finds its order.
    idempotency_key = models.CharField(max_length=80, unique=True)
    title = models.CharField(_("item"), max_length=80)
    item_cents = models.PositiveIntegerField(_("item"))
    shipping_cents = models.PositiveIntegerField(_("shipping"))
    buyer_fee_cents = models.PositiveIntegerField(_("buyer protection fee"))
    total_cents = models.PositiveIntegerField(_("total"))
    seller_fee_cents = models.PositiveIntegerField(_("selling fee"))
    carrier = models.CharField(
        _("carrier"), max_length=8, choices=Carrier.choices, blank=True
    )
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("ordered"), default=timezone.now)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("cancelled or refunded"), null=True, blank=True)
    ratings_closed_at = models.DateTimeField(null=True, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["buyer", "-created_at"], name="order_buyer_newest"),
            models.Index(fields=["seller", "-created_at"], name="order_seller_newest"),
            models.Index(fields=["status", "created_at"], name="order_status_created"),
            models.Index(fields=["status", "shipped_at"], name="order_status_shipped"),
            # process_deadlines runs every minute: each of its queries reads
            # only the rows it acts on, however many orders there are.
            models.Index(
                fields=["status", "ratings_closed_at", "completed_at"],
                name="order_rating_window",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    total_cents=models.F("item_cents")
                    + models.F("shipping_cents")
                    + models.F("buyer_fee_cents")
                ),
                name="orders_order_total_adds_up",
            ),
            models.CheckConstraint(
                condition=models.Q(seller_fee_cents__lte=models.F("item_cents")),
                name="orders_order_fee_within_price",
            ),
            models.CheckConstraint(
                condition=~models.Q(buyer=models.F("seller")),
                name="orders_order_not_own_item",
            ),
        ]

    def __str__(self):
        return f"Order {self.pk}: {self.title}"

    def get_absolute_url(self):
        return reverse("orders:detail", kwargs={"pk": self.pk})

    @property
    def status_tone(self) -> str:
        """The status pill's tone: ok, warn, danger, info or neutral."""
        return self.STATUS_TONES.get(self.status, "neutral")

    # -- amounts -----------------------------------------------------------
    @property
    def seller_earnings_cents(self) -> int:
        """Released to the seller on completion: price + buyer-paid shipping − fee."""
        return seller_earnings_cents(
            self.item_cents,
            shipping_cents=self.shipping_cents,
            fee_cents=self.seller_fee_cents,
        )

    @property
    def platform_fee_cents(self) -> int:
        return self.seller_fee_cents + self.buyer_fee_cents

    # -- payment (read from its Payment row, never stored here) -------------
    def _payment_in(self, statuses) -> bool:
        payment = self.payment
        return payment is not None and payment.status in statuses

    @property
    def payment_captured(self) -> bool:
        """The total was captured (card) or put in escrow (balance), even if
        refunded since; until then the payment is being processed."""
        return self._payment_in(Payment.CAPTURED_STATUSES)

    @property
    def refund_pending(self) -> bool:
        """Money owed back to the card, until the gateway confirms the refund."""
        return self._payment_in((Payment.Status.REFUND_PENDING,))

    @property
    def refunded(self) -> bool:
        """The money went back to the buyer (card refund confirmed, or balance)."""
        return self._payment_in((Payment.Status.REFUNDED,))

    # -- deadlines ---------------------------------------------------------
    @property
    def ship_by(self):
        return SHIP_BY.at(self)

    @property
    def auto_cancel_at(self):
        return AUTO_CANCEL.at(self)

    @property
    def auto_complete_at(self):
        return AUTO_COMPLETE.at(self)

    @property
    def rating_closes_at(self):
        return RATING_WINDOW.at(self)

    def ship_deadline_passed(self, now=None) -> bool:
        """True once the seller is late: the buyer may then cancel."""
        return SHIP_BY.passed(self, now or timezone.now())

    def rating_window_open(self, now=None) -> bool:
        """True while the sides of a completed order may still rate each other."""
        now = now or timezone.now()
        return (
            self.status == self.Status.COMPLETED
            and self.ratings_closed_at is None
            and now <= self.rating_closes_at
        )

    @property
    def tracking_url(self) -> str:
        pattern = self.TRACKING_URLS.get(self.carrier)
        if not pattern or not self.tracking_number:
            return ""
        return pattern.format(quote(self.tracking_number))

    # -- states ------------------------------------------------------------
    def can_move(self, status: str, actor: str) -> bool:
        """True if `actor` may move this order to `status` (time rules aside)."""
        return actor in self.TRANSITIONS.get(self.status, {}).get(status, set())

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    is_paid = StatusIs(Status.PAID)
    is_shipped = StatusIs(Status.SHIPPED)
    is_disputed = StatusIs(Status.DISPUTED)
    is_completed = StatusIs(Status.COMPLETED)
    is_cancelled = StatusIs(Status.CANCELLED)

    def role_of(self, user) -> str:
        if user.pk == self.buyer_id:
            return self.Actor.BUYER
        if user.pk == self.seller_id:
            return self.Actor.SELLER
        return ""


class OrderEvent(models.Model):
    """One state change of an order: who, from, to, when, and an optional note."""

    # The text rule (marketplace.text): read by its form and its service.
    MULTI_LINE_FIELDS = ("note",)

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_role = models.CharField(_("by"), max_length=8, choices=Order.Actor.choices)
    from_status = models.CharField(
        _("from"), max_length=10, choices=Order.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Order.Status.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.order_id}: {self.from_status or '-'} → {self.to_status}"
