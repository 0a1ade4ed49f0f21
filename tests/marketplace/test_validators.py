import pytest
from django.core.exceptions import ValidationError

from listings.forms import ListingForm
from marketplace.validators import zip5_validator, zip_code_validator


@pytest.mark.parametrize("value", ["94107", "00501"])
def test_five_digit_zip_passes_both(value):
    zip5_validator(value)
    zip_code_validator(value)


def test_zip_plus_four_is_an_address_zip_only():
    zip_code_validator("94107-1234")
    with pytest.raises(ValidationError):
        zip5_validator("94107-1234")


@pytest.mark.parametrize("value", ["٩٤١٠٧", "９４１０７", "9410", "941070", "94107\n"])
def test_other_digits_and_lengths_are_refused(value):
    for validator in (zip5_validator, zip_code_validator):
        with pytest.raises(ValidationError):
            validator(value)


def test_sell_form_refuses_a_ships_from_zip_in_other_digits(db):
    form = ListingForm({"ships_from_zip": "٩٤١٠٧"})
    form.is_valid()
    assert "ships_from_zip" in form.errors
