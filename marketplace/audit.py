"""The staff audit: one `StaffAction` row for everything staff do.

Services that staff call write the row in their own transaction with
`record_staff_action`; admin pages show a target's history with
`StaffActionInline` (read-only).
"""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.template.response import TemplateResponse
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


class StaffActionInline(GenericTabularInline):
    """A target's staff actions on its admin page: read-only, newest first."""

    model = StaffAction
    ct_field = "target_type"
    ct_fk_field = "target_id"
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "action", "reason"]
    readonly_fields = fields
    verbose_name_plural = _("staff actions (audit)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


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
