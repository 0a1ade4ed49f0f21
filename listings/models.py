"""Listings: the catalogue (categories, brands, shipping tiers) and items for sale."""

import math

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from listings import visibility
from marketplace.fees import seller_earnings_cents, selling_fee_cents
from marketplace.states import StatusIs
from marketplace.validators import zip5_validator


class CategoryQuerySet(models.QuerySet):
    def departments(self):
        return self.filter(parent__isnull=True)

    def leaves(self):
        return self.filter(parent__isnull=False)


class Category(models.Model):
    """A department (no parent) or a category inside one: a two-level tree."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="listings_category_unique_name"
            ),
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def get_absolute_url(self):
        return reverse("listings:category", kwargs={"slug": self.slug})

    @property
    def is_department(self) -> bool:
        return self.parent_id is None


class Brand(models.Model):
    """A known brand; listings match free text to it case-insensitively."""

    name = models.CharField(_("name"), max_length=60)
    # Lower-cased name: a plain unique key works the same on SQLite and MySQL.
    key = models.CharField(max_length=60, unique=True, editable=False)

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = " ".join(self.name.split())
        self.key = self.name.lower()


class ShippingTier(models.Model):
    """A weight band with the flat price of its label."""

    name = models.CharField(_("name"), max_length=60)
    max_weight_oz = models.PositiveIntegerField(_("up to (ounces)"))
    price_cents = models.PositiveIntegerField(_("price (cents)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered to sellers"), default=True)

    class Meta:
        verbose_name = _("shipping tier")
        verbose_name_plural = _("shipping tiers")
        ordering = ["position", "max_weight_oz"]

    def __str__(self):
        dollars = f"${self.price_cents // 100}.{self.price_cents % 100:02d}"
        return f"{self.name} — {dollars}"


class ListingQuerySet(models.QuerySet):
    def on_sale(self):
        return self.filter(status=Listing.Status.ON_SALE)

    def active(self):
        """Counted against the seller's active-listing limit."""
        return self.filter(status__in=[Listing.Status.ON_SALE, Listing.Status.PAUSED])

    def public(self):
        """Shown to everyone in lists (listings.visibility.public_q)."""
        return self.filter(visibility.public_q())

    def viewable(self):
        """Open to anyone by link (listings.visibility.viewable_q)."""
        return self.filter(visibility.viewable_q())

    def with_card_data(self):
        """What a listing card shows, in a constant number of queries: the
        listing and its photos. The long columns no card shows (description,
        search document) stay in the database, and so do the seller and the
        category: building those objects for 48 cards cost more than the
        queries."""
        return self.defer("description", "search_document").prefetch_related(
            models.Prefetch(
                "photos",
                queryset=ListingPhoto.objects.order_by("position", "id"),
            )
        )


class Listing(models.Model):
    """An item a member sells. States and their moves are data below."""

    # The text rule (marketplace.text): read by the sell form (`text_field`)
    # and re-checked by listings.services for callers that skip the form.
    SINGLE_LINE_FIELDS = ("title", "brand_name", "size", "colour", "ships_from_zip")
    MULTI_LINE_FIELDS = ("description", "removed_reason")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ON_SALE = "on_sale", _("On sale")
        PAUSED = "paused", _("Paused")
        SOLD = "sold", _("Sold")
        REMOVED = "removed", _("Removed")

    class Condition(models.TextChoices):
        NEW = "new", _("New")
        LIKE_NEW = "like_new", _("Like new")
        GOOD = "good", _("Good")
        FAIR = "fair", _("Fair")
        POOR = "poor", _("Poor")

    class ShippingPayer(models.TextChoices):
        BUYER = "buyer", _("Buyer pays shipping")
        SELLER = "seller", _("Free shipping (I pay)")

    CONDITION_DEFINITIONS = {
        Condition.NEW: _("Unused, with original packaging or tags."),
        Condition.LIKE_NEW: _("Used once or twice; no visible wear."),
        Condition.GOOD: _("Gently used; minor signs of wear, works perfectly."),
        Condition.FAIR: _("Used with visible wear or small flaws, described below."),
        Condition.POOR: _("Major flaws or damage; may be for parts or repair."),
    }

    # Who may move a listing from one status to another
    # (docs/product-rules.md, Listings).
    SELLER_TRANSITIONS = {
        Status.DRAFT: {Status.ON_SALE},
        Status.ON_SALE: {Status.PAUSED},
        Status.PAUSED: {Status.ON_SALE},
    }
    STAFF_TRANSITIONS = {
        Status.DRAFT: {Status.REMOVED},
        Status.ON_SALE: {Status.REMOVED},
        Status.PAUSED: {Status.REMOVED},
        Status.SOLD: {Status.REMOVED},
    }

    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="listings"
    )
    title = models.CharField(_("title"), max_length=settings.LISTING_TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="listings",
    )
    # The category's department, copied so search can filter and sort by it
    # through one index.
    department = models.ForeignKey(
        Category,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="department_listings",
        editable=False,
        null=True,
    )
    brand = models.ForeignKey(
        Brand,
        verbose_name=_("brand"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listings",
    )
    brand_name = models.CharField(_("brand"), max_length=60, blank=True)
    condition = models.CharField(_("condition"), max_length=10, choices=Condition)
    size = models.CharField(_("size"), max_length=30, blank=True)
    colour = models.CharField(_("color"), max_length=30, blank=True)
    price_cents = models.PositiveIntegerField(
        _("price (cents)"),
        validators=[MinValueValidator(100), MaxValueValidator(200_000)],
    )
    shipping_payer = models.CharField(
        _("shipping"), max_length=6, choices=ShippingPayer, default=ShippingPayer.BUYER
    )
    shipping_tier = models.ForeignKey(
        ShippingTier,
        verbose_name=_("package weight"),
        on_delete=models.PROTECT,
        related_name="listings",
    )
    # The tier's price when the listing was saved: what the buyer (or, with free
    # shipping, the seller) pays, unchanged if staff later re-price the tier.
    shipping_cents = models.PositiveIntegerField(_("shipping (cents)"))
    ships_from_zip = models.CharField(
        _("ships from ZIP code"), max_length=5, validators=[zip5_validator]
    )
    # Looked up from ships_from_zip when the listing is saved (listings.places);
    # blank for a ZIP the lookup does not know. Shown on the seller card.
    ships_from_city = models.CharField(
        _("ships from city"), max_length=60, blank=True, editable=False
    )
    ships_from_state = models.CharField(
        _("ships from state"), max_length=2, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status, default=Status.DRAFT
    )
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    # Title (weighted by repetition), brand, category names and description:
    # the text the full-text index covers. Rebuilt by listings.search.
    search_document = models.TextField(blank=True, default="", editable=False)
    removed_reason = models.TextField(_("reason for removal"), blank=True)
    status_before_removal = models.CharField(max_length=8, choices=Status, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("listed"), null=True, blank=True)
    # Reported by REPORTS_TO_HIDE_LISTING members: hidden until staff review.
    held_for_review_at = models.DateTimeField(
        _("held for review"), null=True, blank=True
    )

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-published_at", "-id"]
        # One index per way search walks the table (listings.search picks one).
        indexes = [
            models.Index(
                fields=["status", "-published_at", "-id"],
                name="listing_status_newest",
            ),
            models.Index(
                fields=["status", "department", "-published_at", "-id"],
                name="listing_dept_newest",
            ),
            models.Index(
                fields=["status", "category", "-published_at", "-id"],
                name="listing_cat_newest",
            ),
            models.Index(
                fields=["status", "brand", "-published_at", "-id"],
                name="listing_brand_newest",
            ),
            models.Index(
                fields=["status", "price_cents", "id"], name="listing_status_price"
            ),
            models.Index(
                fields=["status", "department", "price_cents", "id"],
                name="listing_dept_price",
            ),
            models.Index(
                fields=["status", "category", "price_cents", "id"],
                name="listing_cat_price",
            ),
            models.Index(
                fields=["status", "-like_count", "-id"], name="listing_status_liked"
            ),
            models.Index(
                fields=["seller", "status", "-published_at", "-id"],
                name="listing_seller_newest",
            ),
        ]
        constraints = [
            # The same numbers as the forms and services (settings: not from
            # the environment, since a change needs a migration).
            models.CheckConstraint(
                condition=Q(
                    price_cents__gte=settings.LISTING_MIN_PRICE_DOLLARS * 100,
                    price_cents__lte=settings.LISTING_MAX_PRICE_DOLLARS * 100,
                ),
                name="listing_price_1_to_2000_dollars",
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("title"), 1)
                & LessThanOrEqual(Length("title"), settings.LISTING_TITLE_MAX_LENGTH),
                name="listing_title_1_to_80_chars",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    Length("description"), settings.LISTING_DESCRIPTION_MAX_LENGTH
                ),
                name="listing_description_max_1000_chars",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("listings:detail", kwargs={"pk": self.pk})

    # -- derived amounts -----------------------------------------------------
    @property
    def free_shipping(self) -> bool:
        return self.shipping_payer == self.ShippingPayer.SELLER

    @property
    def buyer_shipping_cents(self) -> int:
        return 0 if self.free_shipping else self.shipping_cents

    @property
    def total_cents(self) -> int:
        """Price plus the shipping the buyer pays."""
        return self.price_cents + self.buyer_shipping_cents

    @property
    def fee_cents(self) -> int:
        return selling_fee_cents(self.price_cents)

    @property
    def earnings_cents(self) -> int:
        """What the seller keeps: price − fee − shipping they pay."""
        return seller_earnings_cents(
            self.price_cents, shipping_cents=-self.seller_shipping_cents
        )

    @property
    def seller_shipping_cents(self) -> int:
        """The label a free-shipping seller pays."""
        return self.shipping_cents if self.free_shipping else 0

    @property
    def condition_definition(self) -> str:
        return self.CONDITION_DEFINITIONS.get(self.condition, "")

    @property
    def cover(self):
        """The first photo (uses prefetched photos when present)."""
        photos = list(self.photos.all())
        return photos[0] if photos else None

    # -- states -------------------------------------------------------------
    def seller_can_move_to(self, status: str) -> bool:
        return status in self.SELLER_TRANSITIONS.get(self.status, set())

    def staff_can_move_to(self, status: str) -> bool:
        return status in self.STAFF_TRANSITIONS.get(self.status, set())

    @property
    def is_public(self) -> bool:
        """Shown in lists: listings.visibility.is_public."""
        return visibility.is_public(self)

    @property
    def is_viewable(self) -> bool:
        """Open by link: listings.visibility.is_viewable."""
        return visibility.is_viewable(self)

    is_draft = StatusIs(Status.DRAFT)
    is_on_sale = StatusIs(Status.ON_SALE)
    is_paused = StatusIs(Status.PAUSED)
    is_sold = StatusIs(Status.SOLD)
    is_removed = StatusIs(Status.REMOVED)

    @property
    def is_held_for_review(self) -> bool:
        """Hidden from others after reports by several members, until staff decide."""
        return self.held_for_review_at is not None


def photo_path(instance, filename):
    return f"listings/{timezone.now():%Y/%m}/{filename}"


class ListingPhoto(models.Model):
    """One re-encoded photo and its thumbnails, all made at upload time.

    A photo without a listing is staged: uploaded with a form that had errors,
    kept so the seller need not pick it again.
    """

    THUMBNAIL_SIDES = (320, 640)  # one FileField each, below

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    listing = models.ForeignKey(
        Listing,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Indexed: deleting a photo asks whether another row still uses each file
    # (demo and benchmark rows share files); without an index that is a scan of
    # the whole photo table per file.
    image = models.FileField(upload_to=photo_path, max_length=200, db_index=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    thumb_320 = models.FileField(upload_to=photo_path, max_length=200, db_index=True)
    thumb_640 = models.FileField(upload_to=photo_path, max_length=200, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self):
        return f"Photo {self.pk} of {self.listing_id or 'staged upload'}"

    def thumb_height(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))

    def thumb_size(self, side: int) -> tuple[int, int]:
        """The pixel size of the `thumb_<side>` file, from the stored display size."""
        return fit_within(self.width, self.height, side)

    @property
    def thumb_320_size(self) -> tuple[int, int]:
        return self.thumb_size(320)

    @property
    def thumb_srcset(self) -> str:
        """The thumbnails as `srcset` candidates, each with its real pixel width.

        A portrait photo's 320 thumbnail is 240 px wide, and a photo smaller
        than a thumbnail side is never enlarged: the descriptors say so, and a
        width two files share is given once (a repeated one is invalid).
        """
        return _srcset(
            (getattr(self, f"thumb_{side}").url, self.thumb_size(side)[0])
            for side in self.THUMBNAIL_SIDES
        )

    @property
    def srcset(self) -> str:
        """The thumbnails and the display image as `srcset` candidates."""
        return _srcset(
            [
                *(
                    (getattr(self, f"thumb_{side}").url, self.thumb_size(side)[0])
                    for side in self.THUMBNAIL_SIDES
                ),
                (self.image.url, self.width),
            ]
        )


def fit_within(width: int, height: int, side: int) -> tuple[int, int]:
    """The size Pillow's `Image.thumbnail((side, side))` gives a `width`×`height` image.

    Thumbnails are made from the display image (listings.photos), whose size is
    stored on the photo row, so every thumbnail's size follows from it without
    opening a file. Rounded as Pillow rounds: to the whole pixel count that
    keeps the aspect ratio closest, never enlarging, never below 1.
    """
    if side >= width and side >= height:
        return width, height
    aspect = width / height

    def closest(number: float, key) -> int:
        return max(min(math.floor(number), math.ceil(number), key=key), 1)

    if side / side >= aspect:
        return closest(side * aspect, lambda n: abs(aspect - n / side)), side
    return side, closest(
        side / aspect, lambda n: 0 if n == 0 else abs(aspect - side / n)
    )


def _srcset(candidates) -> str:
    seen, parts = set(), []
    for url, width in candidates:
        if width not in seen:
            seen.add(width)
            parts.append(f"{url} {width}w")
    return ", ".join(parts)


class ListingModeration(models.Model):
    """A staff removal or restoration of a listing: who, why and when.

    Written by listings.services.remove_listing and restore_listing; never
    edited, so the history survives later moves.
    """

    class Action(models.TextChoices):
        REMOVED = "removed", _("Removed")
        RESTORED = "restored", _("Restored")

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="moderations"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=8, choices=Action)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation")
        verbose_name_plural = _("moderation history")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="listing_moderation_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.listing_id}: {self.action} by {self.staff_id}"


class PriceChange(models.Model):
    """Every price edit: old, new, when (docs/product-rules.md, Listings)."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="price_changes"
    )
    old_cents = models.PositiveIntegerField()
    new_cents = models.PositiveIntegerField()
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.listing_id}: {self.old_cents} → {self.new_cents}"
