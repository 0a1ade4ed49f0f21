"""What an order and an offer share: the shipping address and the payment."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.models.payments import Payment, PaymentSource


class ShippingAddressFields(models.Model):
    """The shipping address, copied at purchase: later edits never change an order."""

    ship_name = models.CharField(_("full name"), max_length=100)
    ship_line1 = models.CharField(_("address"), max_length=200)
    ship_line2 = models.CharField(
        _("apartment, suite, etc."), max_length=200, blank=True
    )
    ship_city = models.CharField(_("city"), max_length=100)
    ship_state = models.CharField(_("state"), max_length=2)
    ship_zip = models.CharField(_("ZIP code"), max_length=10)

    class Meta:
        abstract = True

    def address_lines(self) -> list[str]:
        street = ", ".join(part for part in (self.ship_line1, self.ship_line2) if part)
        return [
            self.ship_name,
            street,
            f"{self.ship_city}, {self.ship_state} {self.ship_zip}",
        ]


class PaidBy:
    """How an order or offer is paid, read from its newest Payment row.

    Nothing is stored on the order or offer: the method, the gateway's
    reference and the card's brand and last four live on the Payment.
    """

    @property
    def payment(self) -> Payment | None:
        """The newest payment; reads a prefetched `payments`
        (prefetch_related("payments") where a page shows several)."""
        return max(self.payments.all(), key=lambda payment: payment.pk, default=None)

    @property
    def payment_source(self) -> str:
        return self.payment.method if self.payment else ""

    @property
    def payment_reference(self) -> str:
        return self.payment.reference if self.payment else ""

    @property
    def card_brand(self) -> str:
        return self.payment.card_brand if self.payment else ""

    @property
    def card_last4(self) -> str:
        return self.payment.card_last4 if self.payment else ""

    def get_card_brand_display(self) -> str:
        return self.payment.get_card_brand_display() if self.payment else ""

    @property
    def paid_with_card(self) -> bool:
        return self.payment_source == PaymentSource.CARD
