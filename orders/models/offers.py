"""Binding offers."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.states import StatusIs
from orders.models.base import PaidBy, ShippingAddressFields
from orders.models.orders import Order
from orders.pricing import Quote, quote_within


class OfferQuerySet(models.QuerySet):
    def for_participant(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(buyer=user) | models.Q(listing__seller=user))

    def open(self):
        return self.filter(status__in=Offer.OPEN_STATUSES)


class Offer(ShippingAddressFields, PaidBy):
    """A binding offer: the amount (plus shipping and fee) is authorized up front."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the seller")
        COUNTERED = "countered", _("Countered by the seller")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    OPEN_STATUSES = (Status.PENDING, Status.COUNTERED)
    # Each status's pill (.pill-<tone> in site.css), as Order.STATUS_TONES.
    STATUS_TONES = {
        Status.PENDING: "warn",
        Status.COUNTERED: "warn",
        Status.ACCEPTED: "ok",
        Status.DECLINED: "neutral",
        Status.EXPIRED: "neutral",
    }
    # Who may answer an offer in each open state.
    TRANSITIONS = {
        Status.PENDING: {
            Status.ACCEPTED: {Order.Actor.SELLER, Order.Actor.SYSTEM},
            Status.DECLINED: {Order.Actor.SELLER, Order.Actor.SYSTEM},
            Status.COUNTERED: {Order.Actor.SELLER},
            Status.EXPIRED: {Order.Actor.SYSTEM},
        },
        Status.COUNTERED: {
            Status.ACCEPTED: {Order.Actor.BUYER},
            Status.DECLINED: {Order.Actor.BUYER, Order.Actor.SYSTEM},
            Status.EXPIRED: {Order.Actor.SYSTEM},
        },
    }

    listing = models.ForeignKey(
        "listings.Listing", on_delete=models.PROTECT, related_name="offers"
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offers_made"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    amount_cents = models.PositiveIntegerField(_("offer"))
    counter_cents = models.PositiveIntegerField(
        _("counter offer"), null=True, blank=True
    )
    # What is authorized now: the offer (or accepted counter) plus shipping and
    # buyer fee, as shown to the buyer.
    authorized_cents = models.PositiveIntegerField(_("authorized"))
    shipping_cents = models.PositiveIntegerField(_("shipping"))
    # The buyer's id while the offer is open, NULL once closed: with the
    # listing, a plain unique key (MySQL has no partial unique indexes) that
    # allows one open offer per buyer per item.
    open_buyer_id = models.PositiveBigIntegerField(null=True, editable=False)
    idempotency_key = models.CharField(max_length=80, unique=True)
    expires_at = models.DateTimeField(_("expires"))
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="offer_status_expiry"),
            models.Index(fields=["listing", "status"], name="offer_listing_status"),
            models.Index(fields=["buyer", "-created_at"], name="offer_buyer_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "open_buyer_id"],
                name="orders_offer_one_open_per_buyer",
            ),
            models.CheckConstraint(
                condition=models.Q(counter_cents__isnull=True)
                | models.Q(counter_cents__gt=models.F("amount_cents")),
                name="orders_offer_counter_above_offer",
            ),
        ]

    def __str__(self):
        return f"Offer {self.pk} on {self.listing_id}: {self.amount_cents}"

    def get_absolute_url(self):
        return reverse("orders:offer-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def status_tone(self) -> str:
        """The status pill's tone: ok, warn, danger, info or neutral."""
        return self.STATUS_TONES.get(self.status, "neutral")

    is_pending = StatusIs(Status.PENDING)
    is_countered = StatusIs(Status.COUNTERED)
    is_accepted = StatusIs(Status.ACCEPTED)

    @property
    def price_cents(self) -> int:
        """The item price the order would be made at now."""
        return self.counter_cents or self.amount_cents

    def authorized_quote(self) -> Quote:
        """The amounts inside what is authorized now.

        The authorization covers the offer until a counter is accepted, then
        the counter.
        """
        accepted_counter = self.status == self.Status.ACCEPTED and self.counter_cents
        return quote_within(
            total_cents=self.authorized_cents,
            item_cents=self.counter_cents if accepted_counter else self.amount_cents,
            shipping_cents=self.shipping_cents,
        )

    @property
    def released(self) -> bool:
        """False while the offer's payment still holds money no order took.

        True once it was voided (or the hold went back), or an order took it,
        or nothing was ever authorized (an offer declined at once).
        """
        newest = self.payments.order_by("-id").first()
        return newest is None or newest.order_id is not None or newest.is_voided

    def can_move(self, status: str, actor: str) -> bool:
        return actor in self.TRANSITIONS.get(self.status, {}).get(status, set())
