"""Forms of the foundation: the patient record, and the POST data helper every form view uses."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

from clinic.models import Patient
from clinic.phones import PhoneField


def post_data(request: HttpRequest) -> QueryDict | None:
    """The POST data on a POST (even an empty one, so that it shows errors), else None."""
    return request.POST if request.method == "POST" else None


class PatientForm(forms.ModelForm):
    """Creating and editing a patient record: the same fields and checks both ways."""

    class Meta:
        model = Patient
        fields = ["full_name", "email", "phone", "date_of_birth"]
        field_classes = {"phone": PhoneField}
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"phone": _("Give an email address, a phone number or both.")}
