"""Report pages: one form per kind of target, then a thank-you page."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.decorators import verified_member_required
from marketplace.ratelimit import throttle
from moderation import rules, selectors, services
from moderation.exceptions import ReportError
from moderation.forms import ReportForm
from moderation.models import Report

Kind = Report.Kind

HEADINGS = {
    Kind.LISTING: _("Report a listing"),
    Kind.MEMBER: _("Report a member"),
    Kind.COMMENT: _("Report a comment"),
    Kind.MESSAGE: _("Report a message"),
}


def _back(kind: str, target) -> str:
    if kind == Kind.MESSAGE:
        try:
            return target.conversation.get_absolute_url()
        except NoReverseMatch:  # conversation pages not installed
            return target.conversation.listing.get_absolute_url()
    if kind == Kind.COMMENT:
        return target.listing.get_absolute_url()
    return target.get_absolute_url()


def _report(request, kind: str, target):
    """GET: the form; POST: file the report, then the thank-you page.

    A refused report (own listing, yourself) goes back to the target with
    the reason; a repeated one shows the form with the message.
    """
    back = _back(kind, target)
    if refusal := rules.report_refusal(request.user, kind, target):
        messages.error(request, refusal)
        return redirect(back)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.file_report(
                reporter=request.user,
                kind=kind,
                target=target,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ReportError as error:
            form.add_error(None, str(error))
        else:
            return redirect("moderation:report-thanks")
    return render(
        request,
        "moderation/report_form.html",
        {
            "form": form,
            "kind": kind,
            "target": target,
            "heading": HEADINGS[kind],
            "back": back,
        },
        status=400 if form.is_bound else 200,
    )


def _report_view(kind: str, find):
    @verified_member_required
    @require_http_methods(["GET", "HEAD", "POST"])
    @throttle("report-member", "report-ip")
    def view(request, **kwargs):
        (key,) = kwargs.values()  # the pk, or a member's username
        return _report(request, kind, find(key, request.user))

    view.__name__ = f"report_{kind}"
    view.__doc__ = f"/report/{kind}/<…>/: report a {kind}."
    return view


report_listing = _report_view(
    Kind.LISTING, lambda pk, viewer: selectors.reportable_listing(pk=pk, viewer=viewer)
)
report_member = _report_view(
    Kind.MEMBER, lambda username, viewer: selectors.reportable_member(username=username)
)
report_comment = _report_view(
    Kind.COMMENT, lambda pk, viewer: selectors.reportable_comment(pk=pk, viewer=viewer)
)
report_message = _report_view(
    Kind.MESSAGE, lambda pk, viewer: selectors.reportable_message(pk=pk, viewer=viewer)
)


@verified_member_required
@require_safe
def report_thanks(request):
    """/report/thanks/: what happens next."""
    return render(
        request,
        "moderation/report_thanks.html",
        {"hide_count": settings.REPORTS_TO_HIDE_LISTING},
    )
