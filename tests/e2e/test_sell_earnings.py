"""The sell form's live "You earn" agrees with the server's earnings function."""

import pytest
from playwright.sync_api import expect

from listings.models import ShippingTier
from marketplace.fees import seller_earnings_cents, selling_fee_cents
from marketplace.templatetags.money import money
from tests.e2e.helpers import field, log_in
from tests.factories import UserFactory

# The minimum and maximum prices, small amounts where the fee is a few cents
# or rounds, and round numbers in between.
PRICES = [1, 2, 3, 5, 9, 15, 99, 101, 1234, 1999, 2000]


@pytest.mark.parametrize("fee_percent", [10, 7, 13])
def test_live_earnings_equal_the_server_figure(page, settings, catalogue, fee_percent):
    settings.SELLING_FEE_PERCENT = fee_percent
    seller = UserFactory()
    tier = ShippingTier.objects.filter(is_active=True).order_by("position").last()
    log_in(page, seller.username)
    page.goto("/items/new/")
    field(page, "Package size").select_option(str(tier.pk))

    for payer, label in [
        ("buyer", "Buyer pays shipping"),
        ("seller", "Free shipping (I pay)"),
    ]:
        page.get_by_role("radio", name=label).check()
        label_cents = tier.price_cents if payer == "seller" else 0
        for dollars in PRICES:
            cents = dollars * 100
            field(page, "Price").fill(str(dollars))
            expect(page.locator("output[data-fee]")).to_have_text(
                money(selling_fee_cents(cents))
            )
            expect(page.locator("output[data-seller-shipping]")).to_have_text(
                money(label_cents)
            )
            expect(page.locator("output[data-earnings]")).to_have_text(
                money(seller_earnings_cents(cents, shipping_cents=-label_cents))
            )
