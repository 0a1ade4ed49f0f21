"""The withdraw form on /balance/: an amount in dollars and a (sandbox) bank account."""

import re
import uuid
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from orders.services import aba_checksum_valid

KEY_RE = re.compile(r"[0-9a-f]{32}")


def new_idempotency_key() -> str:
    """A fresh key for one withdraw form: a resubmit of that form repeats nothing."""
    return uuid.uuid4().hex


def cents_to_dollars(cents: int) -> Decimal:
    """Exact dollars for a form's initial value: 1234 → Decimal("12.34")."""
    return Decimal(cents).scaleb(-2)


class DollarsField(forms.DecimalField):
    """An amount in dollars and cents; "$1,200.50" is read as 1200.50."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("$").replace(",", "").strip()
        return super().to_python(value)


class UnechoedTextInput(forms.TextInput):
    """A text box that never sends its value back: the page never shows it again."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, None, attrs)


def _digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


class WithdrawForm(forms.Form):
    """How much to withdraw, and where to; the service checks the balance."""

    amount = DollarsField(
        label=_("Amount"),
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Enter the amount in dollars and cents, like 25.50."),
            "max_decimal_places": _("Enter the amount in dollars and cents."),
            "max_digits": _("Enter a smaller amount."),
            "max_whole_digits": _("Enter a smaller amount."),
        },
    )
    routing_number = forms.CharField(
        label=_("Routing number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("The 9 digits at the bottom left of a check."),
    )
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=30,
        widget=UnechoedTextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("4 to 17 digits. Nomi keeps only the last four."),
    )
    idempotency_key = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput
    )

    def clean_amount(self) -> int:
        """The amount in cents, exactly (two decimal places at most, so no rounding)."""
        cents = int(self.cleaned_data["amount"] * 100)
        if cents < settings.MIN_WITHDRAWAL_CENTS:
            raise forms.ValidationError(
                _("Withdraw at least %(min)s.")
                % {"min": f"${settings.MIN_WITHDRAWAL_CENTS / 100:,.2f}"}
            )
        return cents

    def clean_routing_number(self) -> str:
        routing = _digits(self.cleaned_data["routing_number"])
        if not re.fullmatch(r"[0-9]{9}", routing) or not aba_checksum_valid(routing):
            raise forms.ValidationError(_("Enter a valid 9-digit routing number."))
        return routing

    def clean_account_number(self) -> str:
        account = _digits(self.cleaned_data["account_number"])
        if not re.fullmatch(r"[0-9]{4,17}", account):
            raise forms.ValidationError(_("Enter an account number of 4 to 17 digits."))
        return account

    def clean(self):
        data = super().clean()
        # A hidden field's error would be invisible: report it above the form.
        if not KEY_RE.fullmatch(data.get("idempotency_key") or ""):
            # The page shown again carries a good key, so the next submit works.
            self.data = self.data.copy()
            self.data["idempotency_key"] = new_idempotency_key()
            raise forms.ValidationError(
                _("This form is out of date. Check the details and submit it again.")
            )
        return data
