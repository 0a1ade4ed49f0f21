"""Staff screens for orders and payments."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.templatetags.money import money
from orders.models import GatewayCall


@admin.register(GatewayCall)
class GatewayCallAdmin(admin.ModelAdmin):
    """The sandbox gateway's record: read-only, as a processor's log would be."""

    list_display = [
        "created_at",
        "kind",
        "reference",
        "amount",
        "status",
        "decline_reason",
        "brand",
        "last4",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["=reference", "=last4"]
    ordering = ["-created_at", "-id"]

    @admin.display(description=_("amount"), ordering="amount_cents")
    def amount(self, call):
        return money(call.amount_cents)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
