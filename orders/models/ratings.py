"""Ratings after a completed order."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orders.models.orders import Order


class Rating(models.Model):
    """One side's rating of the other after an order completes."""

    # The text rule (marketplace.text): read by its form and its service.
    MULTI_LINE_FIELDS = ("comment",)

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
