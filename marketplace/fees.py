"""Fee arithmetic in integer cents, with explicit rounding (half up)."""

from django.conf import settings


def percent_of(cents: int, percent: int) -> int:
    """`percent`% of `cents`, rounded half up to a whole cent."""
    return (cents * percent + 50) // 100


def selling_fee_cents(price_cents: int) -> int:
    """What the seller pays Nomi on a sale at `price_cents` (SELLING_FEE_PERCENT)."""
    return percent_of(price_cents, settings.SELLING_FEE_PERCENT)
