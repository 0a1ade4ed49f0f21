"""Members' reports of listings, members, comments and messages, and how staff
handled them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=Report.State.OPEN)

    def on_target(self, kind: str, target_id: int):
        return self.filter(
            **{"target_kind": kind, Report.FIELDS[kind] + "_id": target_id}
        )


class Report(models.Model):
    """One member's report of one thing, with a reason; staff handle it once.

    One open report per reporter and target: `open_key` holds
    "reporter:kind:target" while the report is open and NULL after, under a
    plain unique key (MySQL has no conditional unique constraints).
    """

    MULTI_LINE_FIELDS = ("note", "resolution_note")

    class Kind(models.TextChoices):
        LISTING = "listing", _("Listing")
        MEMBER = "member", _("Member")
        COMMENT = "comment", _("Comment")
        MESSAGE = "message", _("Message")

    class Reason(models.TextChoices):
        COUNTERFEIT = "counterfeit", _("Counterfeit or replica")
        PROHIBITED = "prohibited", _("Prohibited item")
        MISLEADING = "misleading", _("Misleading description or photos")
        OFFENSIVE = "offensive", _("Offensive content")
        HARASSMENT = "harassment", _("Harassment")
        SPAM = "spam", _("Spam")
        SCAM = "scam", _("Scam or payment outside Nomi")
        OTHER = "other", _("Something else")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        ACTIONED = "actioned", _("Action taken")

    # The target's field for each kind.
    FIELDS = {
        Kind.LISTING: "listing",
        Kind.MEMBER: "member",
        Kind.COMMENT: "comment",
        Kind.MESSAGE: "message",
    }

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.CASCADE,
        related_name="reports_made",
    )
    target_kind = models.CharField(_("what"), max_length=8, choices=Kind)
    listing = models.ForeignKey(
        "listings.Listing",
        verbose_name=_("listing"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports_received",
    )
    comment = models.ForeignKey(
        "conversations.Comment",
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    message = models.ForeignKey(
        "conversations.Message",
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason)
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(
        _("state"), max_length=9, choices=State, default=State.OPEN
    )
    # NULL, not "", once handled: the unique key then allows any number.
    open_key = models.CharField(  # noqa: DJ001
        max_length=60, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    resolution_note = models.TextField(_("resolution"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["open_key"], name="report_one_open"),
            # Exactly the target field of the kind is set.
            models.CheckConstraint(
                condition=(
                    Q(
                        target_kind="listing",
                        listing__isnull=False,
                        member__isnull=True,
                        comment__isnull=True,
                        message__isnull=True,
                    )
                    | Q(
                        target_kind="member",
                        listing__isnull=True,
                        member__isnull=False,
                        comment__isnull=True,
                        message__isnull=True,
                    )
                    | Q(
                        target_kind="comment",
                        listing__isnull=True,
                        member__isnull=True,
                        comment__isnull=False,
                        message__isnull=True,
                    )
                    | Q(
                        target_kind="message",
                        listing__isnull=True,
                        member__isnull=True,
                        comment__isnull=True,
                        message__isnull=False,
                    )
                ),
                name="report_one_target",
            ),
            # Open exactly while the key is set.
            models.CheckConstraint(
                condition=Q(state="open", open_key__isnull=False)
                | (~Q(state="open") & Q(open_key__isnull=True)),
                name="report_open_key_while_open",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-created_at"], name="report_queue_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_reason_display()} ({self.target_kind})"

    @staticmethod
    def make_open_key(reporter_id: int, kind: str, target_id: int) -> str:
        return f"{reporter_id}:{kind}:{target_id}"

    @property
    def target(self):
        return getattr(self, self.FIELDS[self.target_kind])

    @property
    def target_id(self) -> int:
        return getattr(self, self.FIELDS[self.target_kind] + "_id")

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
