"""Forms of the foundation: the patient record, the date range of the staff lists' filters, long
text with a stated limit, and the POST data helper every form view uses."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpRequest, QueryDict
from django.utils.formats import date_format, number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic import phones
from clinic.filters import EARLIEST_FILTER_DATE, LATEST_FILTER_DATE
from clinic.models import Patient
from clinic.phones import PhoneField


def post_data(request: HttpRequest) -> QueryDict | None:
    """The POST data on a POST (even an empty one, so that it shows errors), else None."""
    return request.POST if request.method == "POST" else None


# "2,000" in English, "2.000" in Spanish: in the language of the request that shows it.
_grouped = lazy(lambda number: number_format(number, force_grouping=True), str)


class LongTextField(forms.CharField):
    """A text box whose limit is said next to it ("Up to 500 characters") and enforced with a
    message. No `maxlength` attribute: the browser would cut a pasted text short silently."""

    def __init__(self, *, max_length: int, help_text: str = "", **kwargs) -> None:
        limit = format_lazy(_("Up to {limit} characters."), limit=_grouped(max_length))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        kwargs["error_messages"] = {
            "max_length": _(
                "Please keep this shorter: at most %(limit_value)d characters "
                "(this has %(show_value)d)."
            ),
            **kwargs.get("error_messages", {}),
        }
        help_text = format_lazy("{} {}", help_text, limit) if help_text else limit
        super().__init__(max_length=max_length, help_text=help_text, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a patient by name, email or phone"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


def patient_choice_label(patient: Patient) -> str:
    """A patient record as offered for a choice: the name, then what tells namesakes apart."""
    details = " · ".join(
        str(part)
        for part in (patient.email, phones.for_people(patient.phone), patient.date_of_birth)
        if part not in ("", None)
    )
    return f"{patient.full_name} ({details})" if details else patient.full_name


class PatientForm(forms.ModelForm):
    """Creating and editing a patient record: the same fields and checks both ways."""

    class Meta:
        model = Patient
        fields = ["full_name", "email", "phone", "date_of_birth"]
        field_classes = {"phone": PhoneField}
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"phone": _("Give an email address, a phone number or both.")}


def _filter_date_range_message() -> str:
    return gettext("Choose a date from %(earliest)s to %(latest)s.") % {
        "earliest": date_format(EARLIEST_FILTER_DATE),
        "latest": date_format(LATEST_FILTER_DATE),
    }


# Lazy: put into words in the language (and date format) of the request that shows it.
_FILTER_DATE_RANGE_MESSAGE = lazy(_filter_date_range_message, str)()


class FilterDateField(forms.DateField):
    """A date to filter a staff list by: only dates in EARLIEST..LATEST_FILTER_DATE.

    The browser's date picker gets the same bounds (min and max); a typed or hand-made value
    outside them is refused with a message saying which dates work.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                attrs={
                    "type": "date",
                    "min": EARLIEST_FILTER_DATE.isoformat(),
                    "max": LATEST_FILTER_DATE.isoformat(),
                }
            ),
        )
        super().__init__(**kwargs)
        self.validators += [
            MinValueValidator(EARLIEST_FILTER_DATE, message=_FILTER_DATE_RANGE_MESSAGE),
            MaxValueValidator(LATEST_FILTER_DATE, message=_FILTER_DATE_RANGE_MESSAGE),
        ]


class DateRangeFilterMixin:
    """A filter form's `date_from`..`date_to` (FilterDateFields): a backwards range is refused.

    Both ends are dropped from cleaned_data then, so the list shows every date with a message,
    rather than nothing at all.
    """

    def clean(self) -> dict:
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            del data["date_from"], data["date_to"]
            raise forms.ValidationError(
                _("The start date is after the end date."), code="date_order"
            )
        return data
