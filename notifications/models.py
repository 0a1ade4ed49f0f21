"""Notifications: one row per event per recipient, and members' email choices."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """Every event a member can be told about (PRODUCT.md section 6)."""

    QUESTION = "question", _("Question on your item")
    ANSWER = "answer", _("Answer to your question")
    MESSAGE = "message", _("New message")
    OFFER_RECEIVED = "offer_received", _("Offer received")
    OFFER_COUNTERED = "offer_countered", _("Offer countered")
    OFFER_ACCEPTED = "offer_accepted", _("Offer accepted")
    OFFER_DECLINED = "offer_declined", _("Offer declined")
    OFFER_EXPIRED = "offer_expired", _("Offer expired")
    ITEM_SOLD = "item_sold", _("Item sold")
    ORDER_CONFIRMED = "order_confirmed", _("Order confirmed")
    ORDER_SHIPPED = "order_shipped", _("Order shipped")
    ORDER_COMPLETED = "order_completed", _("Order completed")
    ORDER_CANCELLED = "order_cancelled", _("Order cancelled")
    ORDER_DISPUTED = "order_disputed", _("Problem reported")
    ORDER_RESOLVED = "order_resolved", _("Problem resolved")
    RATING_RECEIVED = "rating_received", _("Rating received")
    PAYOUT_SENT = "payout_sent", _("Payout sent")
    PRICE_DROP = "price_drop", _("Price drop on a liked item")
    SAVED_SEARCH = "saved_search", _("New matches for a saved search")
    LISTING_REMOVED = "listing_removed", _("Listing removed by staff")
    ACCOUNT_WARNING = "account_warning", _("Warning from staff")


# Emails about money a member cannot turn off.
ALWAYS_EMAILED = frozenset({Kind.ORDER_CONFIRMED, Kind.PAYOUT_SENT})


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One event told to one member; `event_key` makes a repeat a no-op."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    # Identifies the event ("offer:12:accepted"); with the recipient, unique.
    event_key = models.CharField(_("event"), max_length=120)
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="notification_once_per_event"
            ),
        ]
        indexes = [
            # The header's unread count and the list, newest first.
            models.Index(
                fields=["recipient", "read_at"], name="notification_unread_idx"
            ),
            models.Index(
                fields=["recipient", "-created_at"], name="notification_list_idx"
            ),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.text}"

    def get_absolute_url(self):
        return self.url


class EmailOptOut(models.Model):
    """A member turned off emails of one kind (every kind is on by default)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="email_opt_outs",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("email opt-out")
        verbose_name_plural = _("email opt-outs")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind"], name="email_opt_out_once"
            ),
        ]

    def __str__(self):
        return f"{self.member}: no {self.kind} emails"
