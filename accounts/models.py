"""Members, their shipping addresses and the members they block."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.states import US_STATES
from accounts.timezones import TIME_ZONE_CHOICES
from marketplace.validators import zip_code_validator

username_validator = RegexValidator(
    r"^[A-Za-z0-9_-]+\Z",
    _("Use only letters, digits, underscores (_) and hyphens (-)."),
)


def normalise_email(email: str) -> str:
    """Emails are stored lower-cased, so case never makes a second account."""
    return (email or "").strip().lower()


class MemberManager(UserManager):
    def get_by_login(self, login: str):
        """The active-or-not member whose username (any case) or email is `login`."""
        login = (login or "").strip()
        if "@" in login:
            return self.get(email=normalise_email(login))
        return self.get(username__iexact=login)

    def _create_user(self, username, email, password, **extra_fields):
        return super()._create_user(
            username, normalise_email(email), password, **extra_fields
        )


class User(AbstractUser):
    """A member: buys and sells with one account."""

    # The text rule (marketplace.text): read by the profile form and service.
    SINGLE_LINE_FIELDS = ("display_name",)
    MULTI_LINE_FIELDS = ("bio",)

    username = models.CharField(
        _("username"),
        max_length=30,
        unique=True,
        validators=[username_validator],
        help_text=_("Up to 30 letters, digits, _ or -. Shown on your profile."),
        error_messages={"unique": _("That username is taken.")},
    )
    email = models.EmailField(
        _("email address"),
        unique=True,
        error_messages={"unique": _("An account with that email already exists.")},
    )
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    bio = models.TextField(_("bio"), max_length=500, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/%Y/%m/", blank=True)
    state = models.CharField(_("state"), max_length=2, choices=US_STATES, blank=True)
    # Blank: the state's zone (accounts.timezones.time_zone_name).
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONE_CHOICES, blank=True
    )
    email_verified_at = models.DateTimeField(_("email verified"), null=True, blank=True)
    vacation_until = models.DateField(
        _("away until"),
        null=True,
        blank=True,
        help_text=_("While away, your listings are hidden and cannot be bought."),
    )
    default_address = models.ForeignKey(
        "accounts.Address",
        verbose_name=_("default shipping address"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Suspended by staff (is_active is False while suspended); the reason is
    # shown on the login page with how to appeal.
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)
    # The member deleted their account: personal data erased, the row kept so
    # orders, the ledger and "deleted member" comments still point somewhere.
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    # Seller badges, recomputed when an order or a reply changes them
    # (thresholds in settings, published on /help/badges/).
    badge_ships_fast = models.BooleanField(_("ships fast"), default=False)
    badge_reliable = models.BooleanField(_("reliable"), default=False)
    badge_responsive = models.BooleanField(_("responsive"), default=False)

    objects = MemberManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        # Search hides suspended and away members' listings through these.
        indexes = [
            models.Index(fields=["is_active"], name="member_active"),
            models.Index(fields=["vacation_until"], name="member_away_until"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")),
                name="accounts_user_email_lowercase",
            ),
        ]

    def __str__(self):
        return self.username

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"username": self.username})

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_deleted(self) -> bool:
        """The member deleted their account: show them as "deleted member"."""
        return self.deleted_at is not None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def on_vacation(self) -> bool:
        return bool(self.vacation_until and self.vacation_until >= timezone.localdate())

    @property
    def name(self) -> str:
        """What other members see: the display name, else the username
        ("deleted member" once the account is deleted)."""
        if self.deleted_at is not None:
            return str(_("deleted member"))
        return self.display_name or self.username


class Address(models.Model):
    """A US shipping address owned by one member."""

    # The text rule (marketplace.text): read by the address forms, the address
    # service and orders' ShippingAddress.
    SINGLE_LINE_FIELDS = ("full_name", "line1", "line2", "city", "zip_code")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses"
    )
    full_name = models.CharField(_("full name"), max_length=100)
    line1 = models.CharField(_("address"), max_length=200)
    line2 = models.CharField(_("apartment, suite, etc."), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state"), max_length=2, choices=US_STATES)
    zip_code = models.CharField(
        _("ZIP code"), max_length=10, validators=[zip_code_validator]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return (
            f"{self.full_name}, {self.line1}, {self.city}, {self.state} {self.zip_code}"
        )

    def lines(self) -> list[str]:
        """The address as printed on a shipping label."""
        street = ", ".join(part for part in (self.line1, self.line2) if part)
        return [self.full_name, street, f"{self.city}, {self.state} {self.zip_code}"]


class Block(models.Model):
    """`blocker` blocks `blocked`: neither can buy from or make offers to the other."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_received",
    )
    created_at = models.DateTimeField(_("blocked"), default=timezone.now)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["blocker", "blocked"], name="accounts_block_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")),
                name="accounts_block_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.blocker} blocked {self.blocked}"
