"""Helpers the order screens share: money columns and links to the gateway log."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from marketplace.templatetags.money import money


def money_display(field: str, description):
    """A read-only column/field that renders `field` (cents) through |money."""

    @admin.display(description=description, ordering=field)
    def show(self, obj):
        return money(getattr(obj, field))

    return show


def gateway_calls_link(reference: str):
    if not reference:
        return "—"
    url = reverse("admin:orders_gatewaycall_changelist")
    return format_html(
        '<a href="{}?{}">{}</a>', url, urlencode({"q": reference}), reference
    )


@admin.display(description=_("payment reference"))
def gateway_reference(self, obj):
    """An order's or offer's payment reference, linked to its gateway calls."""
    return gateway_calls_link(obj.payment_reference)
