"""A seller's automatic answers to offers on one listing."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OfferSettings(models.Model):
    """Offers at or above `auto_accept_cents` are accepted, and below
    `auto_decline_cents` declined, as soon as they are made
    (docs/product-rules.md, Buying). Blank, or no row: the seller answers
    every offer."""

    listing = models.OneToOneField(
        "listings.Listing",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="offer_settings",
    )
    auto_accept_cents = models.PositiveIntegerField(
        _("auto-accept offers from (cents)"), null=True, blank=True
    )
    auto_decline_cents = models.PositiveIntegerField(
        _("auto-decline offers below (cents)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("offer settings")
        verbose_name_plural = _("offer settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(auto_accept_cents__isnull=True)
                | Q(auto_decline_cents__isnull=True)
                | Q(auto_decline_cents__lt=models.F("auto_accept_cents")),
                name="offer_thresholds_ordered",
            ),
        ]

    def __str__(self):
        return f"Offer settings of listing {self.listing_id}"
