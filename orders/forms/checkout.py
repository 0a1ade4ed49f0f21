"""Checkout and offer forms: address, payment and amounts. The services decide.

Amounts are typed in dollars and turned into integer cents exactly (Decimal,
never float). Card number and CVC are never rendered back into a page, and
never read here: they go to the gateway's card form (`CardDetailsForm`, posted
to `orders.views.sandbox.card_token`), and these forms take its token.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import AddressForm
from accounts.selectors import list_addresses
from accounts.states import US_STATES
from marketplace.templatetags.money import money
from marketplace.text import SingleLineField
from marketplace.validators import zip_code_validator
from orders.exceptions import CardError, OrderError
from orders.forms.fields import (
    DollarsField,
    NoEchoInput,
    new_form_key,
)
from orders.models import PaymentSource
from orders.payments import validate_card
from orders.services import (
    Payment,
    ShippingAddress,
    check_offer_amount,
    min_offer_cents,
    quote_for,
)

RAW_CARD_REFUSED = _(
    "Card details cannot be sent with this form. Enter your card again and "
    "confirm the payment."
)
NEW_ADDRESS = "new"
ADDRESS_FIELDS = ["full_name", "line1", "line2", "city", "state", "zip_code"]
REQUIRED_ADDRESS_FIELDS = {
    "full_name": _("Enter the full name."),
    "line1": _("Enter the street address."),
    "city": _("Enter the city."),
    "state": _("Choose the state."),
    "zip_code": _("Enter the ZIP code."),
}
ADDRESS_LABELS = AddressForm.Meta.labels
ADDRESS_WIDGETS = AddressForm.Meta.widgets


class PaymentRadios(forms.RadioSelect):
    """Radios whose `disabled_values` cannot be chosen (a balance too small)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled_values = set()

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.disabled_values:
            option["attrs"]["disabled"] = True
        return option


def _address_field(name: str, max_length: int, **kwargs) -> forms.Field:
    widget = ADDRESS_WIDGETS.get(name, forms.TextInput)
    return SingleLineField(
        label=ADDRESS_LABELS[name],
        max_length=max_length,
        required=False,
        widget=widget,
        **kwargs,
    )


class NomiForm(forms.Form):
    """Labels exactly as docs/product-rules.md (URLs) names them: no trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def error_links(self) -> list[tuple[str, str]]:
        """The page's error summary: (anchor of the field or "", message) each.

        A field's anchor is its input (the first one of a set of radios);
        errors of the whole form or of hidden fields have no anchor.
        """
        links = []
        for name, errors in self.errors.items():
            anchor = ""
            if name in self.fields and not self[name].is_hidden:
                bound = self[name]
                anchor = bound.auto_id
                if getattr(bound.field.widget, "input_type", "") == "radio":
                    anchor = f"{anchor}_0"
            links.extend((anchor, str(message)) for message in errors)
        return links

    def keep_only_errors_of(self, *names: str) -> None:
        """Drop every error but those of `names` (a preview, not a submission)."""
        for name in list(self.errors):
            if name not in names:
                del self.errors[name]


class CardFieldsForm(NomiForm):
    """The card inputs a page shows: number, expiry and CVC (never echoed back)."""

    # validate_card names the field its message belongs next to.
    CARD_FIELDS = {"number": "card_number", "expiry": "expiry", "cvc": "cvc"}

    card_number = forms.CharField(
        label=_("Card number"),
        required=False,
        max_length=30,
        widget=NoEchoInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}),
    )
    expiry = forms.CharField(
        label=_("Expiry"),
        required=False,
        max_length=7,
        help_text=_("MM/YY"),
        widget=forms.TextInput(
            attrs={"autocomplete": "cc-exp", "placeholder": "MM/YY", "size": 7}
        ),
    )
    cvc = forms.CharField(
        label=_("CVC"),
        required=False,
        max_length=4,
        widget=NoEchoInput(
            attrs={"autocomplete": "cc-csc", "inputmode": "numeric", "size": 4}
        ),
    )

    @property
    def has_card_errors(self) -> bool:
        return any(name in self.errors for name in self.CARD_FIELDS.values())


class CardDetailsForm(CardFieldsForm):
    """The gateway's card form: checked by orders.payments.validate_card."""

    def clean(self):
        cleaned_data = super().clean()
        self.card = None
        if not any(name in self.errors for name in self.CARD_FIELDS.values()):
            try:
                self.card = validate_card(
                    cleaned_data.get("card_number", ""),
                    cleaned_data.get("expiry", ""),
                    cleaned_data.get("cvc", ""),
                )
            except CardError as error:
                self.add_error(self.CARD_FIELDS[error.field], error.message)
        return cleaned_data


class CardForm(CardFieldsForm):
    """A form that pays by card: it takes the card form's token, never card data.

    The card inputs are shown (and carry the messages about the card), but a
    submission with any of them filled in is refused: card data goes to the
    gateway's card form first.
    """

    card_token = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{1,100}\Z",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Enter your card again.")},
    )
    idempotency_key = forms.RegexField(
        regex=r"^[0-9a-f]{32}\Z",
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This form has expired; review it and submit again."),
            "invalid": _("This form has expired; review it and submit again."),
        },
    )

    def needs_card(self, cleaned_data: dict) -> bool:
        return True

    def clean(self):
        cleaned_data = super().clean()
        # "Show total" without JavaScript pays nothing: the card inputs it
        # carries are dropped unread and it needs no token.
        previewing = "preview" in self.data
        if any(self.data.get(name) for name in self.CARD_FIELDS.values()):
            if not previewing:
                self.add_error("card_number", RAW_CARD_REFUSED)
            for name in self.CARD_FIELDS.values():
                cleaned_data.pop(name, None)
        elif (
            not previewing
            and self.needs_card(cleaned_data)
            and "card_token" not in self.errors
            and not cleaned_data.get("card_token")
        ):
            self.add_error("card_number", _("Enter your card to pay."))
        return cleaned_data

    def token(self) -> str:
        """The card form's token ("" when paying from the balance)."""
        return self.cleaned_data.get("card_token", "")

    def key(self) -> str:
        """The submitted attempt's key while it is still usable, else a new one."""
        key = self.data.get("idempotency_key", "")
        if self.is_bound and "idempotency_key" not in self.errors and key:
            return key
        return new_form_key()


class PurchaseForm(CardForm):
    """Where to ship and how to pay: shared by checkout and offers.

    `available_cents` is the member's Nomi balance; the balance choice is
    disabled when it cannot cover even the lowest total this form allows.
    """

    address = forms.ChoiceField(
        label=_("Ship to"), required=False, widget=forms.RadioSelect
    )
    full_name = _address_field("full_name", 100)
    line1 = _address_field("line1", 200)
    line2 = _address_field("line2", 200)
    city = _address_field("city", 100)
    state = forms.ChoiceField(
        label=ADDRESS_LABELS["state"],
        required=False,
        choices=[("", _("Choose a state"))] + US_STATES,
        widget=forms.Select(attrs={"autocomplete": "address-level1"}),
    )
    zip_code = _address_field("zip_code", 10, validators=[zip_code_validator])
    # A new address goes to the member's address book unless they untick it.
    save_address = forms.BooleanField(
        label=_("Save this address"), required=False, initial=True
    )
    payment = forms.ChoiceField(
        label=_("Pay with"), widget=PaymentRadios, initial=PaymentSource.CARD
    )

    def __init__(self, *args, user, available_cents: int, **kwargs):
        self.user = user
        self.available_cents = available_cents
        super().__init__(*args, **kwargs)
        self.addresses = {str(a.pk): a for a in list_addresses(user=user)}
        address = self.fields["address"]
        address.choices = [
            (pk, ", ".join(a.lines())) for pk, a in self.addresses.items()
        ] + [(NEW_ADDRESS, _("A new address"))]
        default = str(user.default_address_id)
        address.initial = default if default in self.addresses else NEW_ADDRESS
        if not self.addresses:
            address.initial = NEW_ADDRESS
        payment = self.fields["payment"]
        payment.choices = [
            (PaymentSource.CARD, _("Card")),
            (
                PaymentSource.BALANCE,
                _("Nomi balance (%(amount)s available)")
                % {"amount": money(available_cents)}
                if available_cents
                else _("Nomi balance (empty)"),
            ),
        ]
        if available_cents < self.lowest_total_cents():
            payment.widget.disabled_values = {PaymentSource.BALANCE}

    # -- amounts (overridden by checkout and offers) ------------------------
    def lowest_total_cents(self) -> int:
        raise NotImplementedError

    def total_cents(self, cleaned_data: dict) -> int | None:
        """The total this submission pays, or None if its amount is invalid."""
        raise NotImplementedError

    # -- cleaning -------------------------------------------------------------
    @property
    def has_saved_addresses(self) -> bool:
        return bool(self.addresses)

    @property
    def balance_covers(self) -> bool:
        return (
            PaymentSource.BALANCE not in self.fields["payment"].widget.disabled_values
        )

    def clean_address(self):
        choice = self.cleaned_data["address"]
        if not choice:
            if self.addresses:
                raise forms.ValidationError(_("Choose where to ship the item."))
            choice = NEW_ADDRESS
        return choice

    def needs_card(self, cleaned_data: dict) -> bool:
        return cleaned_data.get("payment") == PaymentSource.CARD

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("address") == NEW_ADDRESS:
            for name, message in REQUIRED_ADDRESS_FIELDS.items():
                if not cleaned_data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        elif cleaned_data.get("address"):
            # A saved address was chosen: whatever the new-address fields
            # still hold (they stay visible without JavaScript) is ignored.
            for name in [*ADDRESS_FIELDS, "save_address"]:
                self.errors.pop(name, None)
                cleaned_data[name] = self.fields[name].clean("")
        if cleaned_data.get("payment") == PaymentSource.BALANCE:
            total = self.total_cents(cleaned_data)
            if total is not None and self.available_cents < total:
                self.add_error(
                    "payment",
                    _(
                        "Your available balance (%(available)s) does not cover "
                        "%(total)s. Pay by card."
                    )
                    % {
                        "available": money(self.available_cents),
                        "total": money(total),
                    },
                )
        return cleaned_data

    # -- what the services take ------------------------------------------------
    def shipping_address(self) -> ShippingAddress:
        choice = self.cleaned_data["address"]
        if choice != NEW_ADDRESS:
            return ShippingAddress.from_address(self.addresses[choice])
        return ShippingAddress(**self.new_address_fields())

    def new_address_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ADDRESS_FIELDS}

    def wants_address_saved(self) -> bool:
        return (
            self.cleaned_data["address"] == NEW_ADDRESS
            and self.cleaned_data["save_address"]
        )

    def payment_choice(self) -> Payment:
        return Payment(source=self.cleaned_data["payment"], card_token=self.token())

    def payment_error_field(self) -> str:
        """Where a refused payment's message goes."""
        if self.cleaned_data.get("payment") == PaymentSource.BALANCE:
            return "payment"
        return "card_number"


class CheckoutForm(PurchaseForm):
    """Buy now at the listing's current total."""

    expected_total_cents = forms.IntegerField(
        min_value=0, widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, listing, **kwargs):
        self.quote = quote_for(listing)
        super().__init__(*args, **kwargs)

    def lowest_total_cents(self) -> int:
        return self.quote.total_cents

    def total_cents(self, cleaned_data: dict) -> int:
        return self.quote.total_cents

    def expected_total(self) -> int:
        """The total the buyer saw; a missing value never matches a real total."""
        expected = self.cleaned_data.get("expected_total_cents")
        return -1 if expected is None else expected


class OfferForm(PurchaseForm):
    """A binding offer: its amount, plus shipping and fee, is authorized now."""

    amount = DollarsField(label=_("Offer"))

    def __init__(self, *args, listing, **kwargs):
        self.listing = listing
        self.min_cents = min_offer_cents(listing)
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = _("At least %(min)s and below %(price)s.") % {
            "min": money(self.min_cents),
            "price": money(listing.price_cents),
        }

    def lowest_total_cents(self) -> int:
        return quote_for(self.listing, self.min_cents).total_cents

    def total_cents(self, cleaned_data: dict) -> int | None:
        amount = cleaned_data.get("amount")
        if amount is None:
            return None
        return quote_for(self.listing, amount).total_cents

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        try:
            check_offer_amount(listing=self.listing, amount_cents=amount)
        except OrderError as error:
            raise forms.ValidationError(str(error)) from error
        return amount

    def quote(self):
        """What will be authorized for the amount typed, once it is valid."""
        amount = getattr(self, "cleaned_data", {}).get("amount")
        return None if amount is None else quote_for(self.listing, amount)


class CounterForm(NomiForm):
    """The seller's one counter offer, between the offer and the price."""

    counter = DollarsField(label=_("Counter offer"))


class AcceptCounterForm(CardForm):
    """Accepting a counter: card offers need the card again (only last 4 kept)."""

    def __init__(self, *args, offer, **kwargs):
        self.offer = offer
        super().__init__(*args, **kwargs)

    def needs_card(self, cleaned_data: dict) -> bool:
        return self.offer.paid_with_card


class OfferSettingsForm(NomiForm):
    """A listing's automatic answers to offers; blank turns one off."""

    auto_accept = DollarsField(
        label=_("Auto-accept offers from"),
        required=False,
        help_text=_("Offers at or above this amount are accepted at once."),
    )
    auto_decline = DollarsField(
        label=_("Auto-decline offers below"),
        required=False,
        help_text=_("Offers below this amount are declined at once."),
    )

    @classmethod
    def for_settings(cls, offer_settings):
        """The form showing an OfferSettings' amounts (`offer_settings_of`)."""

        def dollars(cents):
            return None if cents is None else Decimal(cents) / 100

        return cls(
            initial={
                "auto_accept": dollars(offer_settings.auto_accept_cents),
                "auto_decline": dollars(offer_settings.auto_decline_cents),
            }
        )
