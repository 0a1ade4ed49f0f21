"""The money records: the gateway's log, payments, the ledger and withdrawals."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.admin import ReadOnlyMixin
from orders.admin.common import gateway_calls_link, money_display
from orders.models import (
    GatewayCall,
    LedgerEntry,
    Payment,
    Rating,
    Withdrawal,
)


@admin.register(GatewayCall)
class GatewayCallAdmin(ReadOnlyMixin, admin.ModelAdmin):
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

    amount = money_display("amount_cents", _("amount"))


# --- Inlines (all read-only) ---------------------------------------------------


class LedgerEntryInline(ReadOnlyMixin, admin.TabularInline):
    model = LedgerEntry
    extra = 0
    fields = ["created_at", "kind", "account", "member", "amount", "movement"]
    readonly_fields = fields
    ordering = ["created_at", "id"]
    verbose_name_plural = _("ledger entries (money movements)")

    amount = money_display("amount_cents", _("amount"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class PaymentInline(ReadOnlyMixin, admin.TabularInline):
    """The authorizations and balance holds that pay for an order or offer."""

    model = Payment
    extra = 0
    fields = [
        "created_at",
        "method",
        "status",
        "authorized",
        "captured",
        "refunded",
        "gateway_reference",
        "updated_at",
    ]
    readonly_fields = fields
    ordering = ["created_at", "id"]
    show_change_link = True

    authorized = money_display("authorized_cents", _("authorized"))
    captured = money_display("captured_cents", _("captured"))
    refunded = money_display("refunded_cents", _("refunded"))

    @admin.display(description=_("payment reference"))
    def gateway_reference(self, payment):
        return gateway_calls_link(payment.reference)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Every authorization and balance hold; states move only in the services."""

    list_display = [
        "id",
        "payer",
        "method",
        "status",
        "authorized",
        "captured",
        "refunded",
        "order",
        "offer",
        "created_at",
    ]
    list_filter = ["status", "method", "created_at"]
    search_fields = ["id__exact", "=reference", "=idempotency_key", "payer__username"]
    search_help_text = _("Payment number, reference, key or payer username.")
    list_select_related = ["payer", "order", "offer"]
    raw_id_fields = ["payer", "order", "offer"]
    ordering = ["-created_at", "-id"]
    fields = [
        "payer",
        "order",
        "offer",
        "method",
        "status",
        "authorized",
        "captured",
        "refunded",
        "gateway_reference",
        "card_brand",
        "card_last4",
        "idempotency_key",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields

    authorized = PaymentInline.authorized
    captured = PaymentInline.captured
    refunded = PaymentInline.refunded
    gateway_reference = PaymentInline.gateway_reference


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The append-only ledger: nobody adds, edits or deletes an entry by hand."""

    list_display = [
        "created_at",
        "kind",
        "account",
        "member",
        "amount",
        "order",
        "offer",
        "withdrawal",
        "movement",
    ]
    list_filter = ["account", "kind"]
    search_fields = [
        "member__username",
        "member__email",
        "order__id__exact",
        "withdrawal__id__exact",
    ]
    search_help_text = _("Member username or email, order or withdrawal number.")
    list_select_related = ["member", "order", "offer", "withdrawal"]
    raw_id_fields = ["member", "order", "offer", "withdrawal"]
    ordering = ["-created_at", "-id"]

    amount = money_display("amount_cents", _("amount"))


@admin.register(Withdrawal)
class WithdrawalAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["id", "member", "amount", "account_last4", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["id__exact", "member__username", "member__email"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
    ordering = ["-created_at", "-id"]
    fields = ["member", "amount", "account_last4", "created_at"]
    readonly_fields = fields
    inlines = [LedgerEntryInline]

    amount = money_display("amount_cents", _("amount"))


@admin.register(Rating)
class RatingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["order", "rater", "ratee", "stars", "visible", "created_at"]
    list_filter = ["stars", "visible"]
    search_fields = [
        "order__id__exact",
        "rater__username",
        "ratee__username",
        "comment",
    ]
    list_select_related = ["order", "rater", "ratee"]
    raw_id_fields = ["order", "rater", "ratee"]
    ordering = ["-created_at", "-id"]
    fields = ["order", "rater", "ratee", "stars", "comment", "visible", "created_at"]
    readonly_fields = fields
