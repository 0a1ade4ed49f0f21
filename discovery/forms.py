from django import forms
from django.utils.translation import gettext_lazy as _

from discovery.models import SavedSearch
from discovery.services import QUERY_MAX_LENGTH
from marketplace.text import text_field


class SaveSearchForm(forms.Form):
    """The search page's "Save this search" button: its query string, hidden."""

    query = forms.CharField(
        required=False,
        strip=True,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.HiddenInput,
    )
    name = text_field(
        SavedSearch,
        "name",
        label=_("Name"),
        required=False,
        max_length=SavedSearch._meta.get_field("name").max_length,
    )


class RenameSavedSearchForm(forms.Form):
    name = text_field(
        SavedSearch,
        "name",
        label=_("Name"),
        max_length=SavedSearch._meta.get_field("name").max_length,
    )
