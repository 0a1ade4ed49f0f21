"""Orders, offers, the ledger, withdrawals and ratings, and the gateway's calls."""

from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.storages import private_storage


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


class PaymentSource(models.TextChoices):
    CARD = "card", _("Card")
    BALANCE = "balance", _("Nomi balance")


class ShippingAddressFields(models.Model):
    """The shipping address, copied at purchase: later edits never change an order."""

    ship_name = models.CharField(_("full name"), max_length=100)
    ship_line1 = models.CharField(_("address"), max_length=200)
    ship_line2 = models.CharField(
        _("apartment, suite, etc."), max_length=200, blank=True
    )
    ship_city = models.CharField(_("city"), max_length=100)
    ship_state = models.CharField(_("state"), max_length=2)
    ship_zip = models.CharField(_("ZIP code"), max_length=10)

    class Meta:
        abstract = True

    def address_lines(self) -> list[str]:
        street = ", ".join(part for part in (self.ship_line1, self.ship_line2) if part)
        return [
            self.ship_name,
            street,
            f"{self.ship_city}, {self.ship_state} {self.ship_zip}",
        ]


class PaymentFields(models.Model):
    """How a buyer pays: a card authorization (brand and last four only) or balance."""

    payment_source = models.CharField(
        _("paid with"), max_length=8, choices=PaymentSource.choices
    )
    # The gateway's reference for card payments; balance payments are ledger
    # entries and leave it blank.
    payment_reference = models.CharField(
        _("payment reference"), max_length=40, blank=True
    )
    card_brand = models.CharField(
        _("card brand"), max_length=10, choices=CardBrand.choices, blank=True
    )
    card_last4 = models.CharField(_("card last four"), max_length=4, blank=True)

    class Meta:
        abstract = True

    @property
    def paid_with_card(self) -> bool:
        return self.payment_source == PaymentSource.CARD


class OrderQuerySet(models.QuerySet):
    def for_participant(self, user):
        """Orders the member bought or sold; anyone else's are not there (404)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(buyer=user) | models.Q(seller=user))

    def open(self):
        return self.filter(status__in=Order.OPEN_STATUSES)


class Order(ShippingAddressFields, PaymentFields):
    """One sale of one listing; every amount is a snapshot taken at purchase."""

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
            Status.COMPLETED: {Actor.BUYER, Actor.SYSTEM},
            Status.DISPUTED: {Actor.BUYER},
            Status.REFUNDED: {Actor.STAFF},
        },
        Status.DISPUTED: {
            Status.REFUNDED: {Actor.STAFF},
            Status.COMPLETED: {Actor.STAFF},
        },
    }
    OPEN_STATUSES = (Status.PAID, Status.SHIPPED, Status.DISPUTED)

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
    captured_at = models.DateTimeField(_("payment captured"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("cancelled or refunded"), null=True, blank=True)
    # Set when money goes back to the buyer; cleared to done by refunded_at
    # once the gateway confirms (process_deadlines retries until then).
    refund_due = models.BooleanField(default=False)
    refunded_at = models.DateTimeField(_("refund confirmed"), null=True, blank=True)
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
            models.Index(fields=["refund_due", "refunded_at"], name="order_refund_due"),
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

    # -- amounts -----------------------------------------------------------
    @property
    def seller_earnings_cents(self) -> int:
        """Released to the seller on completion: price + buyer-paid shipping − fee."""
        return self.item_cents + self.shipping_cents - self.seller_fee_cents

    @property
    def platform_fee_cents(self) -> int:
        return self.seller_fee_cents + self.buyer_fee_cents

    # -- deadlines ---------------------------------------------------------
    @property
    def ship_by(self):
        return self.created_at + timedelta(days=settings.SHIP_DEADLINE_DAYS)

    @property
    def auto_cancel_at(self):
        return self.created_at + timedelta(days=settings.AUTO_CANCEL_DAYS)

    @property
    def auto_complete_at(self):
        if self.shipped_at is None:
            return None
        return self.shipped_at + timedelta(days=settings.AUTO_COMPLETE_DAYS)

    @property
    def rating_closes_at(self):
        if self.completed_at is None:
            return None
        return self.completed_at + timedelta(days=settings.RATING_WINDOW_DAYS)

    def ship_deadline_passed(self, now=None) -> bool:
        """True once the seller is late: the buyer may then cancel."""
        return (now or timezone.now()) >= self.ship_by

    def rating_window_open(self, now=None) -> bool:
        """True while the sides of a completed order may still rate each other."""
        return (
            self.status == self.Status.COMPLETED
            and self.ratings_closed_at is None
            and (now or timezone.now()) <= self.rating_closes_at
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

    def role_of(self, user) -> str:
        if user.pk == self.buyer_id:
            return self.Actor.BUYER
        if user.pk == self.seller_id:
            return self.Actor.SELLER
        return ""


class OrderEvent(models.Model):
    """One state change of an order: who, from, to, when, and an optional note."""

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


class Dispute(models.Model):
    """The buyer's report of a problem with an order."""

    class Reason(models.TextChoices):
        NOT_RECEIVED = "not_received", _("Item did not arrive")
        NOT_AS_DESCRIBED = "not_as_described", _("Item is not as described")
        DAMAGED = "damaged", _("Item arrived damaged")
        OTHER = "other", _("Something else")

    order = models.OneToOneField(
        Order, on_delete=models.CASCADE, related_name="dispute"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    description = models.TextField(_("what happened"), max_length=1000)
    resolution = models.CharField(_("resolution"), max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self):
        return f"Dispute on order {self.order_id}"


def dispute_photo_path(instance, filename):
    return f"disputes/{timezone.now():%Y/%m}/{filename}"


class DisputePhoto(models.Model):
    """A photo attached to a dispute, through the same decode/strip pipeline.

    The files are private (outside MEDIA_ROOT, no URL): the order's buyer and
    seller and staff see them through orders:dispute-photo. A photo without a
    dispute is staged: uploaded with a report that had errors, kept so the
    buyer need not pick it again, and seen by its owner only.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    dispute = models.ForeignKey(
        Dispute,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.FileField(
        upload_to=dispute_photo_path, storage=private_storage, max_length=200
    )
    thumb = models.FileField(
        upload_to=dispute_photo_path, storage=private_storage, max_length=200
    )
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Photo {self.pk} of dispute {self.dispute_id or '(staged)'}"


class OfferQuerySet(models.QuerySet):
    def for_participant(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(buyer=user) | models.Q(listing__seller=user))

    def open(self):
        return self.filter(status__in=Offer.OPEN_STATUSES)


class Offer(ShippingAddressFields, PaymentFields):
    """A binding offer: the amount (plus shipping and fee) is authorized up front."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the seller")
        COUNTERED = "countered", _("Countered by the seller")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    OPEN_STATUSES = (Status.PENDING, Status.COUNTERED)
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
    # A card authorization made for the offer and replaced by one for the
    # counter amount: voided once the counter is accepted.
    replaced_reference = models.CharField(max_length=40, blank=True)
    # False until that replaced authorization is voided.
    replaced_released = models.BooleanField(default=True)
    # False until a closed offer's authorization (or balance hold) is released.
    released = models.BooleanField(default=False)
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
            models.Index(fields=["released"], name="offer_unreleased"),
            models.Index(
                fields=["replaced_released"], name="offer_replaced_unreleased"
            ),
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
    def price_cents(self) -> int:
        """The item price the order would be made at now."""
        return self.counter_cents or self.amount_cents

    def can_move(self, status: str, actor: str) -> bool:
        return actor in self.TRANSITIONS.get(self.status, {}).get(status, set())


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


class Rating(models.Model):
    """One side's rating of the other after an order completes."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ratings_given"
    )
    ratee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ratings_received",
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    # Hidden from the rated member until both sides rate or the window closes.
    visible = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["ratee", "visible", "-created_at"], name="rating_ratee_visible"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "rater"], name="orders_rating_once_per_side"
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5),
                name="orders_rating_stars_1_to_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(rater=models.F("ratee")),
                name="orders_rating_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.stars}★ for {self.ratee_id} on order {self.order_id}"
