"""Discovery: members' interest in listings (likes and saved searches)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from listings.models import Listing


class Like(models.Model):
    """A member's heart on a listing: one per member and listing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="likes",
    )
    listing = models.ForeignKey(
        Listing,
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="likes",
    )
    # The price when the member liked it, so /likes/ can show the drop since.
    price_cents_at_like = models.PositiveIntegerField(_("price when liked (cents)"))
    created_at = models.DateTimeField(_("liked"), auto_now_add=True)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "-created_at", "-id"], name="like_user_newest"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "listing"], name="discovery_like_once_per_member"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} ♥ {self.listing_id}"

    def get_absolute_url(self):
        return self.listing.get_absolute_url()

    @property
    def price_drop_cents(self) -> int:
        """How much cheaper the listing is now than when it was liked (≥ 0)."""
        return max(0, self.price_cents_at_like - self.listing.price_cents)


class SavedSearch(models.Model):
    """A member's search, kept in canonical query-string form, with email alerts."""

    # The text rule (marketplace.text): read by its form and its service.
    SINGLE_LINE_FIELDS = ("name",)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField(_("name"), max_length=80)
    # Canonical: SearchParams.query_items(cursor="", page=1), urlencoded.
    query = models.TextField(_("query"), blank=True)
    # sha256 of `query`: a TEXT column cannot be in a unique key on MySQL.
    query_hash = models.CharField(max_length=64, editable=False)
    email_alerts = models.BooleanField(_("email alerts"), default=True)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    last_alerted_at = models.DateTimeField(_("last alert"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["email_alerts", "user"], name="savedsearch_alerts"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "query_hash"], name="discovery_savedsearch_once"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The search page showing this search's results."""
        url = reverse("listings:search")
        return f"{url}?{self.query}" if self.query else url

    @property
    def listed_after(self):
        """Items listed after this moment are new to the member."""
        return self.last_alerted_at or self.created_at
