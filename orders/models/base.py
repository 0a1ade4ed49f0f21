"""Fields an order and an offer share: the shipping address and the payment."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.models.payments import CardBrand, PaymentSource


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


class PaymentFields(models.Model):
    """How a buyer pays: a card authorization (brand and last four only) or balance."""

    payment_source = models.CharField(
        _("paid with"), max_length=8, choices=PaymentSource.choices
    )
    # The gateway's reference for card payments; balance payments are ledger
    # entries and leave it blank.
    payment_reference = models.CharField(
        _("payment reference"), max_length=40, blank=True
    )
    card_brand = models.CharField(
        _("card brand"), max_length=10, choices=CardBrand.choices, blank=True
    )
    card_last4 = models.CharField(_("card last four"), max_length=4, blank=True)

    class Meta:
        abstract = True

    @property
    def paid_with_card(self) -> bool:
        return self.payment_source == PaymentSource.CARD
