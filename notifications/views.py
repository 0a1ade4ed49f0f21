"""The member's notifications, their read marks, email choices and the
one-click unsubscribe link of every optional email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView

from marketplace.http import is_site_path, safe_next
from marketplace.shared import mark_written
from notifications import selectors, services
from notifications.forms import EmailPreferencesForm
from notifications.models import ALWAYS_EMAILED, Kind, Notification

PER_PAGE = 30


class NotificationListView(LoginRequiredMixin, ListView):
    """/notifications/: newest first, unread marked, 30 a page."""

    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = PER_PAGE

    def get_queryset(self):
        return selectors.list_notifications(member=self.request.user)


def _mark(request, pk: int) -> Notification:
    try:
        return services.mark_read(member=request.user, notification_id=pk)
    except Notification.DoesNotExist as error:
        raise Http404 from error


@login_required
@require_POST
def mark_read(request, pk: int):
    """POST: mark one of the member's notifications read (another's: 404)."""
    _mark(request, pk)
    return redirect(safe_next(request, "notifications:list"))


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(member=request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect(safe_next(request, "notifications:list"))


@login_required
@require_http_methods(["GET", "POST"])
def open_notification(request, pk: int):
    """Mark a notification read and go to what it is about (a path on this
    site only: never an open redirect)."""
    notification = _mark(request, pk)
    mark_written(request)  # a GET that writes: the bell is fresh on the next page
    if is_site_path(notification.url):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def email_settings(request):
    """Save the member's email choices from account settings."""
    form = EmailPreferencesForm(
        request.POST, preferences=selectors.email_preferences(member=request.user)
    )
    # Unticked boxes are simply absent: every posted form is valid.
    if form.is_valid():
        services.set_email_preferences(
            member=request.user, emailed_kinds=form.emailed_kinds()
        )
        messages.success(request, _("Your email choices are saved."))
    return redirect("accounts:settings")


@csrf_exempt  # mail clients POST the one-click unsubscribe (RFC 8058) without a token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, unsubscribe_token: str):
    """GET: a page with a button (mail scanners that fetch links change
    nothing); POST: that kind's emails are off. No login needed: the signed
    token names the member and the kind. A bad token is a 400 page."""
    named = services.read_unsubscribe_token(unsubscribe_token)
    member = selectors.get_member(member_id=named[0]) if named else None
    if member is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    kind = named[1]
    context = {
        "kind_label": Kind(kind).label,
        "always": kind in ALWAYS_EMAILED,
        "token": unsubscribe_token,
    }
    if request.method == "POST":
        services.turn_off_email(member=member, kind=kind)
        return render(
            request, "notifications/unsubscribe.html", {**context, "done": True}
        )
    return render(request, "notifications/unsubscribe.html", context)
