"""The report queue: staff filter, open the target, and act through services."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.admin import RecordPageMixin
from marketplace.audit import reason_action, staff_actions_html
from moderation import rules, selectors, services
from moderation.exceptions import ReportError
from moderation.forms import DismissForm, StaffReasonForm
from moderation.models import Report

# The admin page of each kind of target.
TARGET_ADMIN = {
    Report.Kind.LISTING: "admin:listings_listing_change",
    Report.Kind.MEMBER: "admin:accounts_user_change",
    Report.Kind.COMMENT: "admin:conversations_comment_change",
    Report.Kind.MESSAGE: "admin:conversations_message_change",
}


def _run(service, report, staff, reason) -> str | None:
    """Call a report service; its refusal as a message, else None."""
    try:
        service(report=report, staff=staff, **reason)
    except ReportError as error:
        return str(error)
    return None


@admin.register(Report)
class ReportAdmin(RecordPageMixin, admin.ModelAdmin):
    """Open reports first; every decision is an action with its reason."""

    list_display = [
        "created_at",
        "target_kind",
        "target_link",
        "accused",
        "reason",
        "reporter",
        "state",
        "handled_by",
    ]
    list_filter = ["state", "reason", "target_kind"]
    search_fields = [
        "note",
        "reporter__username",
        "member__username",
        "listing__title",
        "listing__seller__username",
        "comment__author__username",
        "message__sender__username",
    ]
    search_help_text = _("Reporter, reported member, listing title or the note.")
    list_select_related = [
        "reporter",
        "listing__seller",
        "member",
        "comment__author",
        "message__sender",
        "handled_by",
    ]
    raw_id_fields = ["reporter", "listing", "member", "comment", "message"]
    ordering = ["-created_at", "-id"]
    fields = [
        "created_at",
        "reporter",
        "target_kind",
        "target_link",
        "accused",
        "reason",
        "note",
        "state",
        "handled_by",
        "handled_at",
        "resolution_note",
        "staff_actions",
    ]
    readonly_fields = fields
    actions = [
        "dismiss_reports",
        "remove_content",
        "warn_members",
        "suspend_members",
    ]

    def get_queryset(self, request):
        return selectors.report_queue()

    @admin.display(description=_("staff actions (audit)"))
    def staff_actions(self, obj):
        return staff_actions_html(obj)

    @admin.display(description=_("reported"))
    def target_link(self, report):
        target = report.target
        if target is None:
            return "—"
        try:
            url = reverse(TARGET_ADMIN[report.target_kind], args=[target.pk])
        except NoReverseMatch:  # no admin page for this kind
            return str(target)[:80]
        return format_html('<a href="{}">{}</a>', url, str(target)[:80])

    @admin.display(description=_("member concerned"))
    def accused(self, report):
        return rules.accused_member(report.target_kind, report.target).username

    def _act(self, request, queryset, *, service, form_class, action, title, intro):
        return reason_action(
            self,
            request,
            queryset,
            form_class=form_class,
            action=action,
            title=title,
            intro=intro,
            run=lambda report, data: _run(
                service,
                report,
                request.user,
                {
                    ("note" if service is services.dismiss_report else "reason"): (
                        data["reason"]
                    )
                },
            ),
        )

    @admin.action(description=_("Dismiss selected reports"), permissions=["change"])
    def dismiss_reports(self, request, queryset):
        return self._act(
            request,
            queryset,
            service=services.dismiss_report,
            form_class=DismissForm,
            action="dismiss_reports",
            title=_("Dismiss reports"),
            intro=_(
                "Nothing is done to the target. A listing hidden for review is "
                "shown again once too few members still report it."
            ),
        )

    @admin.action(
        description=_(
            "Remove the reported listing, comment or message (with a reason)"
        ),
        permissions=["change"],
    )
    def remove_content(self, request, queryset):
        return self._act(
            request,
            queryset,
            service=services.remove_reported_content,
            form_class=StaffReasonForm,
            action="remove_content",
            title=_("Remove reported content"),
            intro=_(
                "Listings are removed (the seller is told the reason), comments "
                "and messages replaced by a placeholder. Every open report on "
                "the same thing is closed."
            ),
        )

    @admin.action(
        description=_("Warn the member concerned (with a reason)"),
        permissions=["change"],
    )
    def warn_members(self, request, queryset):
        return self._act(
            request,
            queryset,
            service=services.warn_reported_member,
            form_class=StaffReasonForm,
            action="warn_members",
            title=_("Warn members"),
            intro=_("Each member concerned is told on the site and by email."),
        )

    @admin.action(
        description=_("Suspend the member concerned (with a reason)"),
        permissions=["change"],
    )
    def suspend_members(self, request, queryset):
        return self._act(
            request,
            queryset,
            service=services.suspend_reported_member,
            form_class=StaffReasonForm,
            action="suspend_members",
            title=_("Suspend members"),
            intro=_(
                "Each member concerned is logged out and cannot log in; their "
                "listings are hidden and open offers declined. Resolve their "
                "open orders from the orders list (filter “member suspended”)."
            ),
        )
