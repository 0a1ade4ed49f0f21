"""One fee rule and one earnings function; orders.pricing is the one quote."""

import pytest

from marketplace.fees import fee_rule, percent_of, seller_earnings_cents
from orders.pricing import quote, quote_within


@pytest.mark.parametrize("cents", [0, 1, 4, 5, 6, 15, 25, 49, 50, 51, 99, 100, 101])
@pytest.mark.parametrize("percent", [0, 3, 7, 10, 13])
def test_percent_rounds_half_up(cents, percent):
    exact = cents * percent / 100
    assert percent_of(cents, percent) == int(exact + 0.5)


@pytest.mark.parametrize("cents", [100, 150, 205, 999, 1_995, 200_000])
def test_fee_rule_as_data_gives_the_same_fee(settings, cents):
    """sell.js computes floor((cents × percent + offset) / per) from fee_rule()."""
    settings.SELLING_FEE_PERCENT = 7
    rule = fee_rule()
    fee = (cents * rule["percent"] + rule["offset"]) // rule["per"]
    assert fee == percent_of(cents, 7)


def test_earnings_of_a_listing_and_of_an_order(settings):
    settings.SELLING_FEE_PERCENT = 10
    # A listing with free shipping: the seller pays the $5 label.
    assert seller_earnings_cents(2_000, shipping_cents=-500) == 1_300
    # An order: the buyer paid $5 shipping; the fee snapshotted was $1.50.
    assert seller_earnings_cents(2_000, shipping_cents=500, fee_cents=150) == 2_350


def test_quote_and_the_quote_inside_an_authorization(settings):
    settings.BUYER_FEE_PERCENT = 5
    made = quote(2_005, 700)
    assert (made.buyer_fee_cents, made.total_cents) == (100, 2_805)
    settings.BUYER_FEE_PERCENT = 0
    kept = quote_within(
        total_cents=made.total_cents, item_cents=2_005, shipping_cents=700
    )
    assert kept == made
