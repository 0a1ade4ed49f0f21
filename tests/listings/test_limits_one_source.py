"""The listing limits the database enforces are the settings the forms use."""

from django.conf import settings
from django.db.models import Q

from listings.forms import ListingForm
from listings.models import Listing


def _constraint(name):
    return next(c for c in Listing._meta.constraints if c.name == name)


def test_price_constraint_is_built_from_the_settings():
    condition = _constraint("listing_price_1_to_2000_dollars").condition
    assert condition == Q(
        price_cents__gte=settings.LISTING_MIN_PRICE_DOLLARS * 100,
        price_cents__lte=settings.LISTING_MAX_PRICE_DOLLARS * 100,
    )
    price = ListingForm.base_fields["price"]
    assert (price.min_value, price.max_value) == (
        settings.LISTING_MIN_PRICE_DOLLARS,
        settings.LISTING_MAX_PRICE_DOLLARS,
    )


def test_text_lengths_are_the_settings_everywhere():
    title = settings.LISTING_TITLE_MAX_LENGTH
    description = settings.LISTING_DESCRIPTION_MAX_LENGTH
    assert Listing._meta.get_field("title").max_length == title
    assert str(title) in repr(_constraint("listing_title_1_to_80_chars").condition)
    assert str(description) in repr(
        _constraint("listing_description_max_1000_chars").condition
    )
    fields = ListingForm.base_fields
    assert fields["title"].max_length == title
    assert fields["description"].max_length == description
    assert f"up to {title} characters" in str(fields["title"].help_text)
    assert f"up to {description:,} characters" in str(fields["description"].help_text)
