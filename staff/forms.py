from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

SEARCH_MAX_LENGTH = 100


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, email or phone"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
