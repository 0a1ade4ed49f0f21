"""The sell/edit form and the small forms around listings."""

import re

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from listings.models import Category, Listing, ShippingTier
from listings.selectors import category_choices
from marketplace.images import accepted_formats_text
from marketplace.templatetags.money import money
from marketplace.text import text_field
from marketplace.validators import zip5_validator


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; each is checked by the photo pipeline, not here."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def whole_dollars(dollars: int) -> str:
    """A whole-dollar amount through the money filter, without its ".00"."""
    return money(dollars * 100).removesuffix(".00")


# "1,200" or "1,200.00": commas only where thousands separators go, so that
# "12,50" (a decimal comma) is refused rather than read as 1,250 dollars.
THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.0*)?")


class PriceField(forms.IntegerField):
    """Whole dollars; a "$", thousands commas and ".00" typed by habit are fine."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).removeprefix("$")
            if THOUSANDS.fullmatch(value):
                value = value.replace(",", "")
        return super().to_python(value)


class ListingForm(forms.Form):
    """Every field a seller fills in; labels are part of the product contract."""

    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
        help_text=_(
            "Up to %(max)d photos, %(formats)s, at most %(mb)d MB each. "
            "The first is the cover."
        )
        % {
            "max": settings.LISTING_MAX_PHOTOS,
            "formats": accepted_formats_text(),
            "mb": settings.PHOTO_MAX_BYTES // (1024 * 1024),
        },
    )

    title = text_field(
        Listing,
        "title",
        label=_("Title"),
        max_length=settings.LISTING_TITLE_MAX_LENGTH,
        help_text=format_lazy(
            _("Brand, what it is, size or model: up to {} characters."),
            settings.LISTING_TITLE_MAX_LENGTH,
        ),
    )
    description = text_field(
        Listing,
        "description",
        label=_("Description"),
        required=False,
        max_length=settings.LISTING_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=format_lazy(
            _("Condition details, flaws, measurements: up to {:,} characters."),
            settings.LISTING_DESCRIPTION_MAX_LENGTH,
        ),
    )
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    brand = text_field(
        Listing,
        "brand_name",
        label=_("Brand"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"list": "brand-options", "autocomplete": "off"}),
        help_text=_("Optional."),
    )
    condition = forms.ChoiceField(
        label=_("Condition"),
        choices=[
            (value, f"{label} — {Listing.CONDITION_DEFINITIONS[value]}")
            for value, label in Listing.Condition.choices
        ],
        widget=forms.RadioSelect,
    )
    size = text_field(Listing, "size", label=_("Size"), required=False, max_length=30)
    colour = text_field(
        Listing, "colour", label=_("Color"), required=False, max_length=30
    )
    price = PriceField(
        label=_("Price"),
        min_value=settings.LISTING_MIN_PRICE_DOLLARS,
        max_value=settings.LISTING_MAX_PRICE_DOLLARS,
        # A text box, not type=number: no spinner, no wheel changing the price,
        # and "$25" or "1,200" typed from habit are understood (PriceField).
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=format_lazy(
            _("Up to {}"), whole_dollars(settings.LISTING_MAX_PRICE_DOLLARS)
        ),
        error_messages={
            "invalid": _("Enter the price in whole dollars, like 25."),
            "min_value": format_lazy(
                _("The lowest price is {}."),
                whole_dollars(settings.LISTING_MIN_PRICE_DOLLARS),
            ),
            "max_value": format_lazy(
                _("The highest price is {}."),
                whole_dollars(settings.LISTING_MAX_PRICE_DOLLARS),
            ),
        },
    )
    shipping = forms.ChoiceField(
        label=_("Shipping"),
        choices=Listing.ShippingPayer.choices,
        widget=forms.RadioSelect,
        initial=Listing.ShippingPayer.BUYER,
    )
    shipping_tier = forms.ModelChoiceField(
        label=_("Package size"),
        queryset=ShippingTier.objects.filter(is_active=True),
        empty_label=None,
        help_text=_("Pick the weight of the packed item; its label price is shown."),
    )
    ships_from_zip = text_field(
        Listing,
        "ships_from_zip",
        label=_("Ships from ZIP code"),
        validators=[zip5_validator],
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
        ),
    )

    def __init__(
        self,
        *args,
        listing: Listing | None = None,
        photo_count: int = 0,
        photo_errors: list[str] = (),
        photos_required: bool = False,
        **kwargs,
    ):
        """`photo_count` photos the listing would have (kept and staged ones),
        `photo_errors` the uploads that were refused; with `photos_required`
        (publishing, or editing a listing that is not a draft) no photo at all
        is an error, reported with every other one in the same pass.
        """
        self.photo_count = photo_count
        self.photo_errors = list(photo_errors)
        self.photos_required = photos_required
        if listing is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": listing.title,
                "description": listing.description,
                "category": listing.category_id,
                "brand": listing.brand_name,
                "condition": listing.condition,
                "size": listing.size,
                "colour": listing.colour,
                "price": listing.price_cents // 100,
                "shipping": listing.shipping_payer,
                "shipping_tier": listing.shipping_tier_id,
                "ships_from_zip": listing.ships_from_zip,
            }
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            ("", _("Choose a category")),
            *category_choices(),
        ]
        self.fields["title"].widget.attrs["maxlength"] = (
            settings.LISTING_TITLE_MAX_LENGTH
        )

    def clean_title(self):
        title = self.cleaned_data["title"]
        if not title:
            raise forms.ValidationError(_("Enter a title."))
        return title

    def clean_category(self):
        pk = self.cleaned_data["category"]
        category = Category.objects.filter(pk=pk, parent__isnull=False).first()
        if category is None:
            raise forms.ValidationError(_("Choose a category inside a department."))
        return category

    def clean(self):
        cleaned = super().clean()
        for error in self.photo_errors:
            self.add_error("photos", error)
        if self.photo_count > settings.LISTING_MAX_PHOTOS:
            self.add_error(
                "photos",
                _("A listing has at most %(max)d photos: remove some.")
                % {"max": settings.LISTING_MAX_PHOTOS},
            )
        elif self.photos_required and not self.photo_count:
            self.add_error("photos", _("Add at least one photo to list an item."))
        return cleaned

    def error_summary(self) -> list[tuple[str, str]]:
        """(id of the control to go to, message) for every error, in form order.

        A group of radio buttons is reached through its first button; errors
        that belong to no field have no id.
        """
        entries = [("", str(error)) for error in self.non_field_errors()]
        for field in self:
            if not field.errors:
                continue
            target = field.auto_id
            if isinstance(field.field.widget, forms.RadioSelect):
                target = f"{target}_0"
            entries.extend(
                (target, f"{field.label}: {error}") for error in field.errors
            )
        return entries

    def service_fields(self) -> dict:
        """The cleaned data as the listing services take it."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "category": data["category"],
            "brand_name": data["brand"],
            "condition": data["condition"],
            "size": data["size"],
            "colour": data["colour"],
            "price_cents": data["price"] * 100,
            "shipping_payer": data["shipping"],
            "shipping_tier": data["shipping_tier"],
            "ships_from_zip": data["ships_from_zip"],
        }


class RemoveListingForm(forms.Form):
    """Staff's reason for taking a listing down; the seller sees it."""

    reason = text_field(
        Listing,
        "removed_reason",
        label=_("Reason shown to the seller"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
