"""Forms on the order page: ship, cancel, rate, and report a problem."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from listings.forms import MultipleFileField, MultipleFileInput
from marketplace.images import accepted_formats_text
from marketplace.text import text_field
from orders.models import Dispute, Order, OrderEvent, Rating
from orders.services import TRACKING_RE


class ShipForm(forms.Form):
    """The seller's carrier and tracking number."""

    carrier = forms.ChoiceField(
        label=_("Carrier"),
        # An empty first choice: a required select must not preselect a carrier.
        choices=[("", _("Choose a carrier"))] + Order.Carrier.choices,
    )
    tracking_number = text_field(
        Order,
        "tracking_number",
        label=_("Tracking number"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("As printed on the label: letters, digits, spaces or dashes."),
    )

    def clean_tracking_number(self) -> str:
        # The same rule as the service, so a typo comes back next to the field.
        number = " ".join(self.cleaned_data["tracking_number"].split()).upper()
        if not TRACKING_RE.fullmatch(number):
            raise forms.ValidationError(
                _(
                    "Enter the tracking number: 5 to 40 letters, digits, "
                    "spaces or dashes."
                )
            )
        return number


class CancelForm(forms.Form):
    """Why the order is cancelled; the other member reads it."""

    reason = text_field(
        OrderEvent,
        "note",
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you are cancelling.")},
    )


STAR_CHOICES = [
    (5, _("5 stars")),
    (4, _("4 stars")),
    (3, _("3 stars")),
    (2, _("2 stars")),
    (1, _("1 star")),
]


class RatingForm(forms.Form):
    """One to five stars and an optional comment."""

    stars = forms.TypedChoiceField(
        label=_("Stars"),
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose 1 to 5 stars.")},
    )
    comment = text_field(
        Rating,
        "comment",
        label=_("Comment"),
        required=False,
        max_length=settings.RATING_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, up to %(max)d characters.")
        % {"max": settings.RATING_COMMENT_MAX_LENGTH},
    )


class ReportForm(forms.Form):
    """The buyer's report of a problem: what went wrong, what happened, photos.

    The view stages each good photo (orders.photos.stage_dispute_photos) and
    puts refusals, including any past DISPUTE_MAX_PHOTOS, next to Photos.
    """

    reason = forms.ChoiceField(
        label=_("What went wrong"),
        choices=[("", _("Choose one")), *Dispute.Reason.choices],
        error_messages={"required": _("Choose what went wrong.")},
    )
    description = text_field(
        Dispute,
        "description",
        label=_("What happened"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Describe the problem.")},
        help_text=_("Up to 1,000 characters."),
    )
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
        help_text=_("Optional: up to %(max)d photos, %(formats)s.")
        % {"max": settings.DISPUTE_MAX_PHOTOS, "formats": accepted_formats_text()},
    )

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        if not description:
            raise forms.ValidationError(_("Describe the problem."))
        return description
