"""Form pieces the checkout, offer and withdraw forms share."""

import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


def new_form_key() -> str:
    """The idempotency key of one form attempt: a resubmit of it repeats nothing."""
    return uuid.uuid4().hex


def cents_to_dollars(cents: int) -> Decimal:
    """Exact dollars for a form's initial value: 1234 → Decimal("12.34")."""
    return Decimal(cents).scaleb(-2)


class NoEchoInput(forms.TextInput):
    """A text input that never renders its value back (card, CVC, bank account)."""

    def format_value(self, value):
        return None


class DollarsField(forms.DecimalField):
    """An amount in dollars ("25", "25.50", "$1,025.50") cleaned to integer cents.

    Exact: Decimal with at most two decimal places, never a float.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Enter an amount in dollars, like 25 or 25.50.")},
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("$").replace(",", "").strip()
        return super().to_python(value)

    def clean(self, value):
        amount = super().clean(value)
        return None if amount is None else int(amount * 100)
