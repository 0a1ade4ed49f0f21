"""Problems reported on an order and their photos."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.storages import private_storage
from orders.models.orders import Order


class Dispute(models.Model):
    """The buyer's report of a problem with an order."""

    # The text rule (marketplace.text): read by its form and its service.
    MULTI_LINE_FIELDS = ("description",)

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
