"""Offers and the per-listing offer settings."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.admin import ReadOnlyMixin
from orders.admin.common import gateway_reference, money_display
from orders.admin.money import LedgerEntryInline, PaymentInline
from orders.models import (
    Offer,
    OfferSettings,
    Order,
)


@admin.register(Offer)
class OfferAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "listing",
        "buyer",
        "status",
        "amount",
        "counter",
        "authorized",
        "payment_source",
        "created_at",
        "expires_at",
    ]
    list_filter = ["status", "payments__method"]
    search_fields = [
        "id__exact",
        "listing__title",
        "buyer__username",
        "listing__seller__username",
    ]
    search_help_text = _("Offer number, item title, buyer or seller username.")
    list_select_related = ["listing", "buyer"]
    raw_id_fields = ["listing", "buyer"]
    ordering = ["-created_at", "-id"]
    fields = [
        "listing",
        "buyer",
        "status",
        "amount",
        "counter",
        "shipping",
        "authorized",
        "payment_source",
        "gateway_reference",
        "order_link",
        "created_at",
        "expires_at",
        "answered_at",
    ]
    readonly_fields = fields
    inlines = [PaymentInline, LedgerEntryInline]

    amount = money_display("amount_cents", _("offer"))
    counter = money_display("counter_cents", _("counter offer"))
    shipping = money_display("shipping_cents", _("shipping"))
    authorized = money_display("authorized_cents", _("authorized"))
    gateway_reference = gateway_reference

    def get_queryset(self, request):
        # The list's "paid with" column reads each offer's payment.
        return super().get_queryset(request).prefetch_related("payments")

    @admin.display(description=_("order"))
    def order_link(self, offer):
        order = Order.objects.filter(offer=offer).first()
        if order is None:
            return "—"
        url = reverse("admin:orders_order_change", args=[order.pk])
        return format_html('<a href="{}">{}</a>', url, order)


@admin.register(OfferSettings)
class OfferSettingsAdmin(admin.ModelAdmin):
    """A listing's automatic answers to offers (sellers set them on the item page)."""

    list_display = ("listing", "auto_accept_cents", "auto_decline_cents")
    search_fields = ("listing__title",)
    list_select_related = ("listing",)
    raw_id_fields = ("listing",)
