"""What a buyer pays: the one quote every purchase, offer and page uses."""

from dataclasses import dataclass

from django.conf import settings

from marketplace.fees import HALF_UP, PER, percent_of


@dataclass(frozen=True)
class Quote:
    """What the buyer pays, as shown before they confirm."""

    item_cents: int
    shipping_cents: int
    buyer_fee_cents: int

    @property
    def total_cents(self) -> int:
        return self.item_cents + self.shipping_cents + self.buyer_fee_cents

    @property
    def shows_buyer_fee(self) -> bool:
        """A zero fee is not a line of its own: pages never show "$0.00" fees."""
        return self.buyer_fee_cents != 0


def quote(item_cents: int, shipping_cents: int) -> Quote:
    """Item + shipping + buyer fee (BUYER_FEE_PERCENT of the item, half up)."""
    return Quote(
        item_cents=item_cents,
        shipping_cents=shipping_cents,
        buyer_fee_cents=percent_of(item_cents, settings.BUYER_FEE_PERCENT),
    )


def quote_rule(shipping_cents: int) -> dict[str, int]:
    """`quote`'s rule as data for the offer form's live total (static/js/checkout.js):
    fee = (item × percent + offset) // per; total = item + shipping + fee."""
    return {
        "percent": settings.BUYER_FEE_PERCENT,
        "offset": HALF_UP,
        "per": PER,
        "shipping": shipping_cents,
    }


def quote_within(*, total_cents: int, item_cents: int, shipping_cents: int) -> Quote:
    """The quote an authorized `total_cents` was made from.

    An offer keeps the total it authorized, not its fee: reading the fee back
    from that total keeps the order (and the amount captured) equal to what
    was authorized even if BUYER_FEE_PERCENT changed meanwhile.
    """
    return Quote(
        item_cents=item_cents,
        shipping_cents=shipping_cents,
        buyer_fee_cents=total_cents - item_cents - shipping_cents,
    )
