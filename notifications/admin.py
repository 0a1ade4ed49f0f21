"""Staff see notifications and email opt-outs; nobody edits them here."""

from django.contrib import admin

from notifications.models import EmailOptOut, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "text", "read_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["recipient__username", "recipient__email", "event_key"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]


@admin.register(EmailOptOut)
class EmailOptOutAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "member", "kind"]
    list_filter = ["kind"]
    search_fields = ["member__username", "member__email"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
