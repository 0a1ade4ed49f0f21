"""Validators shared by the apps' models and forms: one definition each."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# [0-9], not \d: \d also matches other scripts' digits.
ZIP5 = "[0-9]{5}"

# Where an item ships from: the 5-digit ZIP a shipping label needs.
zip5_validator = RegexValidator(rf"^{ZIP5}\Z", _("Enter a 5-digit ZIP code."))

# A postal address: ZIP or ZIP+4.
zip_code_validator = RegexValidator(
    rf"^{ZIP5}(-[0-9]{{4}})?\Z",
    _("Enter a 5-digit ZIP code (or ZIP+4, like 12345-6789)."),
)
