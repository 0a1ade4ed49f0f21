"""Staff view of the email outbox: read-only, with a "retry now" action."""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.emails import deliver_email, retry_emails_now
from marketplace.models import OutboxEmail, StaffAction


class NoAddMixin:
    """Rows are made by the services members use, never added here.

    For model admins and inlines alike (an inline's check also gets `obj`).
    """

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(NoAddMixin):
    """No adding, changing or deleting: for model admins and inlines alike."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordPageMixin(NoAddMixin):
    """An object's page is a record, never a form.

    The change permission without an object still decides who may run the
    admin actions, which call the same services members use.
    """

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return OutboxEmail.Status.choices

    def queryset(self, request, queryset):
        gave_up = Q(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS)
        if self.value() == OutboxEmail.Status.SENT:
            return queryset.filter(sent_at__isnull=False)
        if self.value() == OutboxEmail.Status.FAILED:
            return queryset.filter(gave_up, sent_at__isnull=True)
        if self.value() == OutboxEmail.Status.PENDING:
            return queryset.filter(~gave_up, sent_at__isnull=True)
        return queryset


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "created",
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = [StatusFilter]
    search_fields = ["to", "subject"]
    # No date_hierarchy: it needs MariaDB's time-zone tables, which a plain
    # install lacks, and a crafted year overflows it (500).
    # No body: a waiting password-reset or verification email holds a live
    # sign-in link, which staff must not be able to read and use.
    readonly_fields = [
        "to",
        "subject",
        "created",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    fields = readonly_fields
    actions = ["retry_now"]

    def has_retry_permission(self, request):
        return request.user.has_perm("marketplace.change_outboxemail")

    @admin.display(description=_("status"))
    def status(self, obj):
        return OutboxEmail.Status(obj.status).label

    @admin.action(description=_("Retry now"), permissions=["retry"])
    def retry_now(self, request, queryset):
        pks = list(queryset.filter(sent_at__isnull=True).values_list("pk", flat=True))
        count = retry_emails_now(pks=pks)
        for pk in pks:
            deliver_email(pk)
        sent = OutboxEmail.objects.filter(pk__in=pks, sent_at__isnull=False).count()
        self.message_user(
            request,
            ngettext(
                "%(count)d email retried, %(sent)d sent; the worker retries the rest.",
                "%(count)d emails retried, %(sent)d sent; the worker retries the rest.",
                count,
            )
            % {"count": count, "sent": sent},
            messages.SUCCESS if sent == count else messages.WARNING,
        )


@admin.register(StaffAction)
class StaffActionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The audit of staff actions (written by the services staff call)."""

    list_display = ["created_at", "actor", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor__username", "reason"]
    list_select_related = ["actor", "target_type"]
    fields = [
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "reason",
    ]
    readonly_fields = fields
