"""The report form: a reason from the list and an optional note."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.text import text_field
from moderation.models import Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = text_field(
        Report,
        "note",
        label=_("Details for our staff"),
        help_text=_("Optional, unless you chose “Something else”."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.REPORT_NOTE_MAX_LENGTH
        self.fields["note"].max_length = limit
        self.fields["note"].widget.attrs["maxlength"] = str(limit)
        self.fields["note"].validators.append(
            forms.CharField(max_length=limit).validators[-1]
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Report.Reason.OTHER and not cleaned.get("note"):
            self.add_error("note", _("Tell us what is wrong."))
        return cleaned


class StaffReasonForm(forms.Form):
    """A reason staff give for an action on reports (shown to the member
    where the action tells them: a removal, a warning, a suspension)."""

    reason = text_field(
        Report,
        "resolution_note",
        label=_("Reason (shown to the member concerned)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DismissForm(forms.Form):
    reason = text_field(
        Report,
        "resolution_note",
        label=_("Note for the record (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
