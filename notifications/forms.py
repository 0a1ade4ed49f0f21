"""The email choices form: one checkbox per kind, money kinds always on."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import ALWAYS_EMAILED, Kind

ALWAYS_HELP = _("Always emailed: it is about your money.")


def field_name(kind: str) -> str:
    return f"email_{kind}"


class EmailPreferencesForm(forms.Form):
    """A checkbox per Kind; money kinds are shown checked and disabled (a
    disabled field ignores what is posted, and the service ignores them too)."""

    def __init__(self, *args, preferences: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            always = kind in ALWAYS_EMAILED
            self.fields[field_name(kind)] = forms.BooleanField(
                label=kind.label,
                required=False,
                initial=True if always else preferences.get(kind, True),
                disabled=always,
                help_text=ALWAYS_HELP if always else "",
            )

    def emailed_kinds(self) -> set[str]:
        """The kinds left checked (money kinds are not the member's to choose)."""
        return {
            kind
            for kind in Kind.values
            if kind not in ALWAYS_EMAILED and self.cleaned_data.get(field_name(kind))
        }
