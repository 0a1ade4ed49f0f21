"""Writes for reports: members file them, staff handle them.

Every staff action here writes its audit row (marketplace.audit), directly
or through the service it calls (a listing's removal, a suspension).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.exceptions import AccountError
from accounts.services import suspend_member
from conversations import staff as conversation_staff
from listings import services as listing_services
from listings.exceptions import ListingError
from marketplace.audit import record_staff_action
from marketplace.text import model_text
from moderation import rules, selectors
from moderation.exceptions import ReportError
from moderation.models import Report
from notifications.models import Kind as NotificationKind
from notifications.services import notify

User = get_user_model()
Kind = Report.Kind


def _clean_text(name: str, value: str) -> str:
    text = model_text(Report, name, value, error=ReportError)
    if len(text) > settings.REPORT_NOTE_MAX_LENGTH:
        raise ReportError(
            _("Keep it to %(max)d characters.")
            % {"max": settings.REPORT_NOTE_MAX_LENGTH}
        )
    return text


@transaction.atomic
def file_report(
    *, reporter: User, kind: str, target, reason: str, note: str = ""
) -> Report:
    """A member reports a listing, member, comment or message.

    Raises ReportError when `rules.report_refusal` refuses, for an unknown
    reason, a note over REPORT_NOTE_MAX_LENGTH or "other" without a note, and
    when the member already has an open report on the same target. A listing
    reported by REPORTS_TO_HIDE_LISTING distinct members is held for review.
    """
    if kind not in Kind.values:
        raise ReportError(_("Choose what you are reporting."))
    if refusal := rules.report_refusal(reporter, kind, target):
        raise ReportError(refusal)
    if reason not in Report.Reason.values:
        raise ReportError(_("Choose a reason."))
    note = _clean_text("note", note)
    if reason == Report.Reason.OTHER and not note:
        raise ReportError(_("Tell us what is wrong."))
    if kind == Kind.LISTING:
        # Reports of one listing queue on its row, so the count below sees
        # every report committed before this one (one hold, whatever the race).
        listing_services.lock_listing(target.pk)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter,
                target_kind=kind,
                reason=reason,
                note=note,
                open_key=Report.make_open_key(reporter.pk, kind, target.pk),
                **{Report.FIELDS[kind]: target},
            )
    except IntegrityError:
        raise ReportError(
            _("You already reported this; staff will look at it.")
        ) from None
    if kind == Kind.LISTING:
        reporters = selectors.open_reporters_of_listing(listing_id=target.pk, lock=True)
        if len(reporters) >= settings.REPORTS_TO_HIDE_LISTING:
            listing_services.hold_for_review(listing_id=target.pk)
    return report


def _close(report: Report, *, state: str, staff: User, note: str) -> None:
    report.state = state
    report.open_key = None
    report.handled_by = staff
    report.handled_at = timezone.now()
    report.resolution_note = note
    report.save(
        update_fields=[
            "state",
            "open_key",
            "handled_by",
            "handled_at",
            "resolution_note",
        ]
    )


def _lock_open(report: Report) -> Report:
    if report.target_kind == Kind.LISTING:
        # Listing first, then its reports, as a new report locks.
        listing_services.lock_listing(report.listing_id)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not locked.is_open:
        raise ReportError(_("This report was already handled."))
    return locked


def _close_all_on_target(report: Report, *, staff: User, note: str) -> None:
    """Every open report on the same target is actioned (the thing is gone)."""
    others = (
        Report.objects.open()
        .on_target(report.target_kind, report.target_id)
        .select_for_update()
    )
    for other in others:
        _close(other, state=Report.State.ACTIONED, staff=staff, note=note)
        record_staff_action(
            actor=staff, action="report.action", target=other, reason=note
        )


@transaction.atomic
def dismiss_report(*, report: Report, staff: User, note: str = "") -> Report:
    """Staff find nothing wrong. A listing held for review is shown again once
    fewer than REPORTS_TO_HIDE_LISTING members still have open reports on it
    (a removed listing stays removed). Raises ReportError if already handled."""
    note = _clean_text("resolution_note", note)
    locked = _lock_open(report)
    _close(locked, state=Report.State.DISMISSED, staff=staff, note=note)
    record_staff_action(
        actor=staff, action="report.dismiss", target=locked, reason=note
    )
    if locked.target_kind == Kind.LISTING:
        reporters = selectors.open_reporters_of_listing(
            listing_id=locked.listing_id, lock=True
        )
        if len(reporters) < settings.REPORTS_TO_HIDE_LISTING:
            listing_services.release_from_review(listing_id=locked.listing_id)
    return locked


@transaction.atomic
def remove_reported_content(*, report: Report, staff: User, reason: str) -> Report:
    """Staff take the reported listing, comment or message down with a reason
    (the seller of a listing is told why); every open report on it is
    actioned. Raises ReportError for a member report (suspend instead) or
    without a reason."""
    reason = _clean_text("resolution_note", reason)
    if not reason:
        raise ReportError(_("Give a reason for the removal."))
    locked = _lock_open(report)
    kind = locked.target_kind
    if kind == Kind.MEMBER:
        raise ReportError(_("A member cannot be removed; warn or suspend them."))
    if kind == Kind.LISTING:
        listing = locked.listing
        if not listing.is_removed:
            try:
                listing_services.remove_listing(
                    listing=listing, staff=staff, reason=reason
                )
            except ListingError as error:
                raise ReportError(str(error)) from error
    elif kind == Kind.COMMENT:
        conversation_staff.remove_comment(
            comment_id=locked.comment_id, staff=staff, reason=reason
        )
    else:
        conversation_staff.remove_message(
            message_id=locked.message_id, staff=staff, reason=reason
        )
    _close_all_on_target(locked, staff=staff, note=reason)
    locked.refresh_from_db()
    return locked


def warn_member(*, member: User, staff: User, reason: str) -> None:
    """Staff warn a member: told on the site and by email, with the reason;
    the audit keeps it. Runs in the caller's transaction."""
    action = record_staff_action(
        actor=staff, action="member.warn", target=member, reason=reason
    )
    notify(
        recipient=member,
        kind=NotificationKind.ACCOUNT_WARNING,
        event_key=f"warning:{action.pk}",
        text=_("A warning from Nomi staff: %(reason)s") % {"reason": reason[:200]},
        url=reverse("home"),
        email_template="moderation/email/warning",
        email_context={
            "reason": reason,
            "support_email": settings.SUPPORT_EMAIL,
        },
    )


@transaction.atomic
def warn_reported_member(*, report: Report, staff: User, reason: str) -> Report:
    """Staff warn the member the report accuses (the seller, author, sender or
    the member); the report is actioned. Raises ReportError without a reason."""
    reason = _clean_text("resolution_note", reason)
    if not reason:
        raise ReportError(_("Say what the member is warned about."))
    locked = _lock_open(report)
    warn_member(
        member=rules.accused_member(locked.target_kind, locked.target),
        staff=staff,
        reason=reason,
    )
    _close(locked, state=Report.State.ACTIONED, staff=staff, note=reason)
    record_staff_action(
        actor=staff, action="report.action", target=locked, reason=reason
    )
    return locked


@transaction.atomic
def suspend_reported_member(*, report: Report, staff: User, reason: str) -> Report:
    """Staff suspend the member the report accuses (accounts.services.
    suspend_member); the report is actioned. Raises ReportError when the
    suspension is refused."""
    reason = _clean_text("resolution_note", reason)
    locked = _lock_open(report)
    member = rules.accused_member(locked.target_kind, locked.target)
    try:
        suspend_member(member=member, staff=staff, reason=reason)
    except AccountError as error:
        raise ReportError(str(error)) from error
    _close(locked, state=Report.State.ACTIONED, staff=staff, note=reason)
    record_staff_action(
        actor=staff, action="report.action", target=locked, reason=reason
    )
    return locked
