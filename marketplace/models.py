"""Site-wide models: the email outbox and the staff audit log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEmail(models.Model):
    """An email, written in the transaction of the change it tells about.

    It is sent right after that transaction commits, or later by
    `manage.py send_outbox` with exponential backoff, so a mail server that is
    down never fails the request nor loses the email.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Gave up")

    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    created = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Extra headers, e.g. List-Unsubscribe for notification emails.
    headers = models.JSONField(_("headers"), default=dict, blank=True)

    class Meta:
        verbose_name = _("outbox email")
        verbose_name_plural = _("outbox emails")
        ordering = ["-created", "-id"]
        indexes = [
            # The worker's query: unsent rows that are due, oldest due first.
            models.Index(fields=["sent_at", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["created"], name="outbox_created_idx"),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"

    @property
    def status(self) -> str:
        if self.sent_at:
            return self.Status.SENT
        if self.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            return self.Status.FAILED
        return self.Status.PENDING


class StaffAction(models.Model):
    """One thing staff did (who, what, to what, why, when): append-only."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("target type"), on_delete=models.PROTECT
    )
    target_id = models.PositiveBigIntegerField(_("target id"))
    target = GenericForeignKey("target_type", "target_id")
    # What the target was when acted on, readable after it is anonymised.
    target_repr = models.CharField(_("target"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("staff action")
        verbose_name_plural = _("staff actions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "-created_at"],
                name="staff_action_target_idx",
            ),
        ]

    def __str__(self):
        return f"{self.actor}: {self.action} {self.target_repr}"
