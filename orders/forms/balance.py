"""The withdraw form on /balance/: an amount in dollars, a (sandbox) bank account
and the member's password."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.templatetags.money import money
from orders.exceptions import WithdrawalError
from orders.forms.fields import DollarsField, NoEchoInput, new_form_key
from orders.services import clean_account_number, clean_routing_number

KEY_RE = re.compile(r"[0-9a-f]{32}")


class WithdrawForm(forms.Form):
    """How much to withdraw, and where to; the service checks the balance.

    Bank details are typed at each withdrawal (none are saved), so asking for
    the password here also guards every change of payout account.
    """

    amount = DollarsField(
        label=_("Amount"),
        max_digits=10,
        min_value=None,
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
        widget=NoEchoInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("4 to 17 digits. Nomi keeps only the last four."),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("The password you log in with, to confirm it is you."),
    )
    idempotency_key = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if self.user is None or not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Enter the password you log in with.")
            )
        return password

    def clean_amount(self) -> int:
        cents = self.cleaned_data["amount"]
        if cents < settings.MIN_WITHDRAWAL_CENTS:
            raise forms.ValidationError(
                _("Withdraw at least %(min)s.")
                % {"min": money(settings.MIN_WITHDRAWAL_CENTS)}
            )
        return cents

    def clean_routing_number(self) -> str:
        try:
            return clean_routing_number(self.cleaned_data["routing_number"])
        except WithdrawalError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_account_number(self) -> str:
        try:
            return clean_account_number(self.cleaned_data["account_number"])
        except WithdrawalError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        data = super().clean()
        # A hidden field's error would be invisible: report it above the form.
        if not KEY_RE.fullmatch(data.get("idempotency_key") or ""):
            # The page shown again carries a good key, so the next submit works.
            self.data = self.data.copy()
            self.data["idempotency_key"] = new_form_key()
            raise forms.ValidationError(
                _("This form is out of date. Check the details and submit it again.")
            )
        return data
