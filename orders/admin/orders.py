"""Orders, their events, disputes and ratings, and the staff actions on them."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from marketplace.admin import ReadOnlyMixin, RecordPageMixin
from marketplace.templatetags.money import money
from orders import services
from orders.admin.common import gateway_reference, money_display
from orders.admin.money import LedgerEntryInline, PaymentInline
from orders.exceptions import OrderError
from orders.models import (
    Dispute,
    Order,
    OrderEvent,
    Rating,
)


class OrderEventInline(ReadOnlyMixin, admin.TabularInline):
    model = OrderEvent
    extra = 0
    fields = ["created_at", "actor_role", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    verbose_name_plural = _("timeline")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class DisputeInline(ReadOnlyMixin, admin.StackedInline):
    model = Dispute
    extra = 0
    fields = [
        "reason",
        "description",
        "photos",
        "created_at",
        "resolution",
        "resolved_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("photos")

    @admin.display(description=_("photos"))
    def photos(self, dispute):
        photos = list(dispute.photos.all())
        if not photos:
            return "—"
        return format_html_join(
            " ",
            '<a href="{}"><img src="{}" width="96" height="96" alt="{}" '
            'style="object-fit:cover"></a>',
            (
                (url, f"{url}?size=thumb", _("Photo %(n)d") % {"n": n})
                for n, url in enumerate(
                    (
                        # Private files: the view checks who asks (no .url).
                        reverse("orders:dispute-photo", args=[dispute.order_id, p.pk])
                        for p in photos
                    ),
                    start=1,
                )
            ),
        )


class RatingInline(ReadOnlyMixin, admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["rater", "ratee", "stars", "comment", "visible", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("rater", "ratee")


# --- Orders ----------------------------------------------------------------------


class StaffNoteForm(forms.Form):
    """The optional note an order action records; both members are emailed it."""

    note = forms.CharField(
        label=_("Note for the buyer and seller (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@dataclass(frozen=True)
class OrderAction:
    """A staff action on orders: its page, what it says, and the service it runs.

    `run(order=, staff=, note=)` calls the service members' own actions use,
    looked up when it runs (so a patched service is the one called).
    """

    name: str
    title: str
    done: str
    run: Callable


REFUND_BUYER = OrderAction(
    name="refund_buyer",
    title=_("Refund the buyer in full"),
    done=_("%(count)d order(s) refunded; buyer and seller were emailed."),
    run=lambda **kwargs: services.refund_order(**kwargs),
)
RESOLVE_FOR_BUYER = OrderAction(
    name="resolve_for_buyer",
    title=_("Resolve disputes for the buyer (full refund)"),
    done=_("%(count)d dispute(s) resolved for the buyer."),
    run=lambda **kwargs: services.resolve_dispute(for_buyer=True, **kwargs),
)
LET_COMPLETE = OrderAction(
    name="let_complete",
    title=_("Let it complete (pay the seller; shipped or disputed orders)"),
    done=_("%(count)d order(s) completed; the sellers were paid."),
    run=lambda **kwargs: services.complete_order_by_staff(**kwargs),
)
RESOLVE_FOR_SELLER = OrderAction(
    name="resolve_for_seller",
    title=_("Resolve disputes for the seller (release the money)"),
    done=_("%(count)d dispute(s) resolved for the seller."),
    run=lambda **kwargs: services.resolve_dispute(for_buyer=False, **kwargs),
)


class MemberSuspendedFilter(admin.SimpleListFilter):
    """Open orders of suspended members, to refund or let complete."""

    title = _("member suspended")
    parameter_name = "suspended"

    def lookups(self, request, model_admin):
        return [
            ("buyer", _("Buyer suspended")),
            ("seller", _("Seller suspended")),
            ("either", _("Buyer or seller suspended, open orders")),
        ]

    def queryset(self, request, queryset):
        buyer = models.Q(buyer__suspended_at__isnull=False)
        seller = models.Q(seller__suspended_at__isnull=False)
        if self.value() == "buyer":
            return queryset.filter(buyer)
        if self.value() == "seller":
            return queryset.filter(seller)
        if self.value() == "either":
            return queryset.filter(buyer | seller, status__in=Order.OPEN_STATUSES)
        return queryset


@admin.register(Order)
class OrderAdmin(RecordPageMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "title",
        "buyer",
        "seller",
        "status",
        "total",
        "payment_source",
        "created_at",
    ]
    list_display_links = ["id", "title"]
    list_filter = [
        "status",
        MemberSuspendedFilter,
        "payments__method",
        "payments__status",
        "created_at",
    ]
    search_fields = [
        "id__exact",
        "title",
        "buyer__username",
        "seller__username",
        "=payments__reference",
    ]
    search_help_text = _("Order number, item title, buyer or seller username.")
    list_select_related = ["buyer", "seller"]
    raw_id_fields = ["listing", "buyer", "seller", "offer"]
    ordering = ["-created_at", "-id"]
    fieldsets = [
        (None, {"fields": ["title", "listing", "buyer", "seller", "offer", "status"]}),
        (
            _("Amounts"),
            {
                "fields": [
                    "item",
                    "shipping",
                    "buyer_fee",
                    "total",
                    "seller_fee",
                    "seller_earnings",
                ]
            },
        ),
        (
            _("Payment"),
            {
                "fields": [
                    "payment_source",
                    "gateway_reference",
                    "card",
                ]
            },
        ),
        (
            _("Shipping"),
            {"fields": ["address", "carrier", "tracking", "ship_by"]},
        ),
        (
            _("Dates"),
            {
                "fields": [
                    "created_at",
                    "shipped_at",
                    "completed_at",
                    "closed_at",
                    "ratings_closed_at",
                ]
            },
        ),
    ]
    readonly_fields = [
        field for _name, options in fieldsets for field in options["fields"]
    ]
    inlines = [
        OrderEventInline,
        PaymentInline,
        DisputeInline,
        LedgerEntryInline,
        RatingInline,
    ]
    actions = [
        "refund_buyer",
        "let_complete",
        "resolve_for_buyer",
        "resolve_for_seller",
    ]

    item = money_display("item_cents", _("item"))
    shipping = money_display("shipping_cents", _("shipping"))
    buyer_fee = money_display("buyer_fee_cents", _("buyer protection fee"))
    total = money_display("total_cents", _("total"))
    seller_fee = money_display("seller_fee_cents", _("selling fee"))

    @admin.display(description=_("seller earns"))
    def seller_earnings(self, order):
        return money(order.seller_earnings_cents)

    gateway_reference = gateway_reference

    def get_queryset(self, request):
        # The list's "paid with" column reads each order's payment.
        return super().get_queryset(request).prefetch_related("payments")

    @admin.display(description=_("card"))
    def card(self, order):
        if not order.paid_with_card:
            return "—"
        return f"{order.get_card_brand_display()} •••• {order.card_last4}"

    @admin.display(description=_("ship to"))
    def address(self, order):
        return format_html_join(
            "", "{}<br>", ((line,) for line in order.address_lines())
        )

    @admin.display(description=_("tracking"))
    def tracking(self, order):
        if order.tracking_url:
            return format_html(
                '<a href="{}" rel="noopener noreferrer">{}</a>',
                order.tracking_url,
                order.tracking_number,
            )
        return order.tracking_number or "—"

    @admin.display(description=_("ship by"))
    def ship_by(self, order):
        return formats.localize(timezone.localtime(order.ship_by))

    def has_delete_permission(self, request, obj=None):
        return False

    def _act_on_orders(self, request, queryset, action: "OrderAction"):
        """Confirm with an optional note, then run the action on each order.

        Each order is its own service call: one refused (wrong state) is
        reported and changes nothing, the others go ahead.
        """
        if "apply" in request.POST:
            form = StaffNoteForm(request.POST)
            if form.is_valid():
                count = 0
                for order in queryset:
                    try:
                        action.run(
                            order=order,
                            staff=request.user,
                            note=form.cleaned_data["note"],
                        )
                    except OrderError as error:
                        self.message_user(
                            request,
                            _("Order %(id)s not changed: %(error)s")
                            % {"id": order.pk, "error": error},
                            messages.WARNING,
                        )
                    else:
                        count += 1
                if count:
                    self.message_user(request, action.done % {"count": count})
                return None
        else:
            form = StaffNoteForm()
        return render(
            request,
            "admin/orders/order_action.html",
            {
                **self.admin_site.each_context(request),
                "title": action.title,
                "orders": queryset.select_related("buyer", "seller"),
                "form": form,
                "action": action.name,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Refund buyer"), permissions=["change"])
    def refund_buyer(self, request, queryset):
        return self._act_on_orders(request, queryset, REFUND_BUYER)

    @admin.action(
        description=_("Let it complete (pay the seller)"), permissions=["change"]
    )
    def let_complete(self, request, queryset):
        return self._act_on_orders(request, queryset, LET_COMPLETE)

    @admin.action(description=_("Resolve dispute for buyer"), permissions=["change"])
    def resolve_for_buyer(self, request, queryset):
        return self._act_on_orders(request, queryset, RESOLVE_FOR_BUYER)

    @admin.action(description=_("Resolve dispute for seller"), permissions=["change"])
    def resolve_for_seller(self, request, queryset):
        return self._act_on_orders(request, queryset, RESOLVE_FOR_SELLER)


# --- Offers, ledger, withdrawals, ratings (read-only) ------------------------------
