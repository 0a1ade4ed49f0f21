"""Site-wide models: the email outbox."""

from django.conf import settings
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
