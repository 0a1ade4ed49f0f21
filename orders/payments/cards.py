"""Card numbers: the Luhn check, the brand, and `validate_card`.

Only the sandbox's card form uses these; everything past it holds a token.
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from orders.exceptions import CardError
from orders.models import CardBrand


@dataclass(frozen=True)
class CardDetails:
    """A card that passed `validate_card`; number and CVC are kept out of repr."""

    number: str = field(repr=False)
    exp_month: int
    exp_year: int
    cvc: str = field(repr=False)
    brand: str
    last4: str


# --- Cards --------------------------------------------------------------------


def luhn_valid(digits: str) -> bool:
    """True when the digits pass the Luhn checksum that every card number carries."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def detect_brand(digits: str) -> str:
    """The card brand from the number's leading digits (IIN ranges)."""
    first_two, first_four = int(digits[:2]), int(digits[:4])
    if digits.startswith("4"):
        return CardBrand.VISA
    if 51 <= first_two <= 55 or 2221 <= first_four <= 2720:
        return CardBrand.MASTERCARD
    if first_two in (34, 37):
        return CardBrand.AMEX
    if digits.startswith(("6011", "65")):
        return CardBrand.DISCOVER
    return CardBrand.UNKNOWN


def validate_card(number: str, expiry: str, cvc: str) -> CardDetails:
    """Check number (Luhn), expiry (MM/YY, not past) and CVC; raises CardError.

    The error's `field` is "number", "expiry" or "cvc" and its message names
    the field, so a form can show it next to the right input.
    """
    # [0-9], not \d: \d also matches other scripts' digits, which int() accepts.
    digits = re.sub(r"[\s-]", "", number or "")
    if not re.fullmatch(r"[0-9]{12,19}", digits) or not luhn_valid(digits):
        raise CardError(_("Enter a valid card number."), field="number")
    brand = detect_brand(digits)

    match = re.fullmatch(r"\s*([0-9]{2})\s*/\s*([0-9]{2})\s*", expiry or "")
    if not match or not 1 <= int(match[1]) <= 12:
        raise CardError(_("Enter the expiry date as MM/YY."), field="expiry")
    month, year = int(match[1]), 2000 + int(match[2])
    today = timezone.localdate()
    # A card is good through the last day of its expiry month.
    if (year, month) < (today.year, today.month):
        raise CardError(
            _("This card has expired; check the expiry date."), field="expiry"
        )

    length = 4 if brand == CardBrand.AMEX else 3
    cvc = (cvc or "").strip()
    if not re.fullmatch(rf"[0-9]{{{length}}}", cvc):
        raise CardError(
            _("Enter the %(length)d-digit security code (CVC).") % {"length": length},
            field="cvc",
        )
    return CardDetails(
        number=digits,
        exp_month=month,
        exp_year=year,
        cvc=cvc,
        brand=str(brand),
        last4=digits[-4:],
    )
