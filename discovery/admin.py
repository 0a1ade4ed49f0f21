"""Staff screens for likes and saved searches."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from discovery import services
from discovery.models import Like, SavedSearch
from marketplace.admin import NoAddMixin, ReadOnlyMixin


@admin.register(Like)
class LikeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: a like moves the listing's count, so removal is an action
    that goes through the same service members use."""

    list_display = ["listing", "user", "price_cents_at_like", "created_at"]
    list_filter = ["created_at", "listing__status"]
    search_fields = ["listing__title", "user__username", "user__email"]
    list_select_related = ["listing", "user"]
    raw_id_fields = ["user", "listing"]
    actions = ["remove_likes"]

    def has_remove_permission(self, request):
        return request.user.has_perm("discovery.delete_like")

    @admin.action(description=_("Remove the selected likes"), permissions=["remove"])
    def remove_likes(self, request, queryset):
        removed = 0
        for like in queryset.select_related("user", "listing"):
            removed += services.unlike_listing(user=like.user, listing=like.listing)
        self.message_user(
            request,
            ngettext("Removed %d like.", "Removed %d likes.", removed) % removed,
            messages.SUCCESS,
        )


@admin.register(SavedSearch)
class SavedSearchAdmin(NoAddMixin, admin.ModelAdmin):
    list_display = ["name", "user", "email_alerts", "created_at", "last_alerted_at"]
    list_filter = ["email_alerts", "created_at"]
    search_fields = ["name", "query", "user__username", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    # The query and its hash are one unique key: set only by saving a search.
    readonly_fields = ["query", "query_hash", "created_at", "last_alerted_at"]
    fields = [
        "user",
        "name",
        "query",
        "query_hash",
        "email_alerts",
        "created_at",
        "last_alerted_at",
    ]
