"""The sell/edit form and the small forms around listings."""

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from listings.models import Category, Listing, ShippingTier
from listings.selectors import category_choices
from marketplace.images import accepted_formats_text
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


class ListingForm(forms.Form):
    """Every field a seller fills in; labels are part of the product contract."""

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
        Listing, "colour", label=_("Colour"), required=False, max_length=30
    )
    price = forms.IntegerField(
        label=_("Price"),
        min_value=settings.LISTING_MIN_PRICE_DOLLARS,
        max_value=settings.LISTING_MAX_PRICE_DOLLARS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        help_text=_("Whole dollars, $%(min)d to $%(max)d.")
        % {
            "min": settings.LISTING_MIN_PRICE_DOLLARS,
            "max": settings.LISTING_MAX_PRICE_DOLLARS,
        },
        error_messages={"invalid": _("Enter the price in whole dollars, like 25.")},
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

    def __init__(self, *args, listing: Listing | None = None, **kwargs):
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
