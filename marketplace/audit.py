"""The staff audit: one `StaffAction` row for everything staff do.

Services that staff call write the row in their own transaction with
`record_staff_action`; admin pages show a target's history with
`staff_actions_html` (read-only), and actions that need a reason ask for it
on an intermediate page (`reason_action`).
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from marketplace.models import StaffAction


def record_staff_action(
    *, actor, action: str, target: Model, reason: str = ""
) -> StaffAction:
    """Write one audit row: who (`actor`, a staff member or None for the
    system), what (`action`, a short verb such as "listing.remove"), to what
    (`target`, any saved model instance) and why (`reason`)."""
    return StaffAction.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action[:40],
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        target_repr=str(target)[:200],
        reason=reason or "",
    )


def staff_actions_for(target: Model) -> QuerySet:
    """The staff actions on one object, newest first, with their actors."""
    return StaffAction.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("actor")


def staff_actions_html(target: Model) -> str:
    """A target's staff actions as a small read-only table, newest first (for
    a read-only field on its admin page; no formset, so the page's own form
    posts as before)."""
    if target is None or target.pk is None:
        return "—"
    actions = list(staff_actions_for(target)[:100])
    if not actions:
        return _("No staff actions yet.")
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                formats.localize(timezone.localtime(action.created_at)),
                action.actor.username if action.actor else _("system"),
                action.action,
                action.reason or "—",
            )
            for action in actions
        ),
    )
    return format_html(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
        "</thead><tbody>{}</tbody></table>",
        _("when"),
        _("staff member"),
        _("action"),
        _("reason"),
        rows,
    )


def reason_action(
    model_admin,
    request,
    queryset,
    *,
    form_class,
    action: str,
    title: str,
    intro: str,
    run,
):
    """An admin action that needs a reason: the first POST shows a page with
    `form_class` (a form with a `reason` field) for the selected rows; the
    second, once valid, calls `run(obj, form.cleaned_data)` for each row and
    returns None (back to the list). `run` returns a message to show when it
    refuses a row, else None."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        done = 0
        for obj in queryset:
            refusal = run(obj, form.cleaned_data)
            if refusal:
                model_admin.message_user(request, f"{obj}: {refusal}", "warning")
            else:
                done += 1
        model_admin.message_user(
            request, _("%(title)s: %(count)d done.") % {"title": title, "count": done}
        )
        return None
    return TemplateResponse(
        request,
        "admin/reason_action.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "items": [str(obj) for obj in queryset],
            "pks": [obj.pk for obj in queryset],
            "form": form,
            "action": action,
            "opts": model_admin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )
