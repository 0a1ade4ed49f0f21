"""Fee arithmetic in integer cents, with explicit rounding (half up).

The sell form's live figure (static/js/sell.js) computes the same fee from
`fee_rule()`, rendered into the page, so the rate and the rounding it uses
are these ones.
"""

from django.conf import settings

PER = 100  # percent
HALF_UP = PER // 2  # added before the floor division: rounds half a cent up


def percent_of(cents: int, percent: int) -> int:
    """`percent`% of `cents`, rounded half up to a whole cent."""
    return (cents * percent + HALF_UP) // PER


def selling_fee_cents(price_cents: int) -> int:
    """What the seller pays Nomi on a sale at `price_cents` (SELLING_FEE_PERCENT)."""
    return percent_of(price_cents, settings.SELLING_FEE_PERCENT)


def fee_rule() -> dict[str, int]:
    """The selling fee as data: fee = (cents × percent + offset) // per."""
    return {"percent": settings.SELLING_FEE_PERCENT, "offset": HALF_UP, "per": PER}


def seller_earnings_cents(
    price_cents: int, *, shipping_cents: int = 0, fee_cents: int | None = None
) -> int:
    """What the seller keeps from a sale at `price_cents`: price − selling fee.

    `shipping_cents` is added: the shipping the buyer paid (an order), or minus
    the label a free-shipping seller pays (a listing). `fee_cents` is the fee an
    order snapshotted; by default today's fee for the price.
    """
    fee = selling_fee_cents(price_cents) if fee_cents is None else fee_cents
    return price_cents + shipping_cents - fee
