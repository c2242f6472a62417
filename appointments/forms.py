from __future__ import annotations

from datetime import date, datetime, timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.codes import (
    CONTACT_METHOD_NEEDS,
    NOTE_REQUIRED_FOR,
    NOTE_REQUIRED_MESSAGES,
    ContactMethod,
    PreferredDay,
    RequestStatus,
    TimeOfDay,
    allowed_next_statuses,
)
from appointments.models import (
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    AppointmentRequest,
)
from appointments.selectors import (
    ALL_FILTER,
    OPEN_FILTER,
    SEARCH_MAX_LENGTH,
    patient_candidates,
)
from appointments.services import Appointment
from clinic import phones
from clinic.forms import (
    DateRangeFilterMixin,
    FilterDateField,
    LongTextField,
    patient_choice_label,
)
from clinic.phones import PhoneField
from clinic.roles import CLINICIANS
from screening.models import Screening
from screening.selectors import TOKEN_MAX_LENGTH, screening_for_token

HONEYPOT_FIELD = "website"
# What the request form reads of a screening sent along: its result and, to prefill the form,
# the contact details given in the check (never its answers).
SCREENING_FIELDS = ("id", "category", "urgency")
SCREENING_CONTACT_FIELDS = (*SCREENING_FIELDS, "contact_name", "contact_email", "contact_phone")


def contact_from_screening(screening: Screening) -> dict:
    """The request form's initial name, phone, email and contact method from a check's contact
    step (empty values left out)."""
    phone = phones.for_people(screening.contact_phone) if screening.contact_phone else ""
    initial = {
        "name": screening.contact_name,
        "phone": phone,
        "email": screening.contact_email,
        "contact_method": ContactMethod.PHONE if phone else "",
    }
    if not phone and screening.contact_email:
        initial["contact_method"] = ContactMethod.EMAIL
    return {key: value for key, value in initial.items() if value}


class AppointmentRequestForm(forms.Form):
    """The public request form; the screening (if any) is looked up from the hidden token."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Tell us your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = PhoneField(label=_("Phone number"), required=False)
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        error_messages={"invalid": _("Enter an email address like name@example.com.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_method = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how we should contact you."),
            "invalid_choice": _("Choose one of the ways listed."),
        },
    )
    preferred_days = forms.MultipleChoiceField(
        label=_("Which days suit you?"),
        help_text=_("Tick all that suit you. Leave them all empty if any day is fine."),
        choices=PreferredDay.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose from the days listed.")},
    )
    preferred_times = forms.MultipleChoiceField(
        label=_("Which times of day suit you?"),
        help_text=_("Tick all that suit you. Leave them all empty if any time is fine."),
        choices=TimeOfDay.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose from the times listed.")},
    )
    reason = LongTextField(
        label=_("Why would you like an appointment?"),
        help_text=_("A few words are enough, for example “pain in the back of my thigh”."),
        max_length=REASON_MAX_LENGTH,
        error_messages={
            "required": _("Tell us in a few words why you would like an appointment."),
        },
    )
    screening_token = forms.CharField(
        required=False, max_length=TOKEN_MAX_LENGTH, widget=forms.HiddenInput
    )
    attach_screening = forms.BooleanField(
        label=_("Send my check result with this request"), required=False, initial=True
    )
    consent = forms.BooleanField(
        label=_("I agree that the clinic may contact me about this request."),
        error_messages={"required": _("Please tick this box so that we may contact you.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), left empty by them; bots fill it.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, screening: Screening | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # On a GET the view passes the screening found from ?screening=; on a POST it is looked
        # up again from the hidden token.
        self.screening = screening
        if self.is_bound:
            self.screening = screening_for_token(
                self.data.get("screening_token", ""), *SCREENING_FIELDS
            )
        elif screening is not None:
            # Sent along from the result page: what the check's contact step holds comes first.
            self.initial = contact_from_screening(screening) | self.initial
        self.helper = FormHelper()
        self.helper.form_tag = False
        screening_part = []
        if self.screening is not None:
            screening_part = [
                Div(
                    HTML(
                        '{% load i18n %}<p class="mb-1"><strong>'
                        "{% translate 'Your check result will be sent with this request.' %}"
                        "</strong></p><p class=\"mb-2\">{% translate 'Result:' %} "
                        "{{ form.screening.get_category_display }}</p>"
                    ),
                    "attach_screening",
                    HTML(
                        '{% load i18n %}<p class="form-text mb-0">'
                        "{% translate 'Untick the box if you would rather not send it.' %}</p>"
                    ),
                    css_class="appointments-screening alert alert-info",
                )
            ]
        self.helper.layout = Layout(
            Fieldset(
                _("About you"),
                "name",
                "phone",
                "email",
                HTML(
                    '{% load i18n %}<p class="form-text mt-n2 mb-3">'
                    "{% translate 'Give a phone number or an email address, or both.' %}</p>"
                ),
                "contact_method",
            ),
            Fieldset(_("When can you come?"), "preferred_days", "preferred_times"),
            Fieldset(_("Your request"), "reason", *screening_part, "screening_token", "consent"),
            Div(
                Field(HONEYPOT_FIELD),
                css_class="appointments-hp",
                aria_hidden="true",
            ),
            Submit("submit", _("Send my request"), css_class="btn-primary btn-lg"),
        )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Tell us your name."), code="required")
        return name

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(
                _("Tell us in a few words why you would like an appointment."), code="required"
            )
        return reason

    def clean(self) -> dict:
        cleaned = super().clean()
        phone_ok = "phone" not in self.errors
        email_ok = "email" not in self.errors
        phone = cleaned.get("phone", "")
        email = cleaned.get("email", "")
        if phone_ok and email_ok and not phone and not email:
            self.add_error(
                "phone",
                forms.ValidationError(
                    _("Give a phone number or an email address, so that we can reach you."),
                    code="no_contact",
                ),
            )
        method = cleaned.get("contact_method")
        needed = CONTACT_METHOD_NEEDS.get(method or "")
        if needed == "phone" and phone_ok and not phone:
            self.add_error(
                "contact_method",
                forms.ValidationError(
                    _("You chose to be phoned or texted: please give a phone number too."),
                    code="method_without_channel",
                ),
            )
        elif needed == "email" and email_ok and not email:
            self.add_error(
                "contact_method",
                forms.ValidationError(
                    _("You chose email: please give an email address too."),
                    code="method_without_channel",
                ),
            )
        return cleaned

    @property
    def honeypot_filled(self) -> bool:
        return bool(str(self.data.get(HONEYPOT_FIELD, "")).strip())

    def screening_to_attach(self) -> Screening | None:
        if self.cleaned_data.get("attach_screening"):
            return self.screening
        return None


class QueueFilterForm(DateRangeFilterMixin, forms.Form):
    """Filters of the front-desk queue and its CSV export; invalid parts are ignored (the queue
    says so), so the export holds what the queue shows. With no status chosen, the queue shows
    the open requests: the work still to do."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        initial=OPEN_FILTER,
        choices=[
            (OPEN_FILTER, _("Open (new or contacted)")),
            (ALL_FILTER, _("All")),
            *RequestStatus.choices,
        ],
    )
    date_from = FilterDateField(label=_("Received from"))
    date_to = FilterDateField(label=_("Received until"))
    q = forms.CharField(
        label=_("Search"),
        help_text=_("Name, phone, email or reference"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.SearchInput,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-12 col-lg-4"),
                Column("status", css_class="col-12 col-sm-4 col-lg-3"),
                Column("date_from", css_class="col-6 col-sm-4 col-lg-2"),
                Column("date_to", css_class="col-6 col-sm-4 col-lg-2"),
            )
        )

    def filters(self) -> dict:
        """The valid filters as keyword arguments for appointment_request_queue."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        status = data.get("status") or OPEN_FILTER
        return {
            "status": "" if status == ALL_FILTER else status,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "search": data.get("q") or "",
        }


# Far enough ahead for any real booking; a year beyond is a typo.
BOOKING_HORIZON = timedelta(days=2 * 365)


class ClinicianChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class AppointmentFieldsMixin:
    """The appointment's date, time and clinician (an account, or a name typed in)."""

    appointment_fields = ("appointment_date", "appointment_time", "clinician", "clinician_name")

    def add_appointment_fields(self, *, required: bool) -> None:
        self.fields["appointment_date"] = forms.DateField(
            label=_("Appointment date"),
            required=required,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        self.fields["appointment_time"] = forms.TimeField(
            label=_("Time"),
            required=required,
            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        )
        self.fields["clinician"] = ClinicianChoiceField(
            label=_("With"),
            required=False,
            empty_label=_("Choose a clinician, or type a name below"),
            queryset=get_user_model()
            .objects.filter(groups__name=CLINICIANS, is_active=True)
            .order_by("first_name", "last_name", "username"),
        )
        self.fields["clinician_name"] = forms.CharField(
            label=_("Or their name"), required=False, max_length=200
        )

    def appointment(self):
        """The appointment given (from cleaned_data), or None if no date and time were."""
        data = self.cleaned_data
        day, time = data.get("appointment_date"), data.get("appointment_time")
        if day is None or time is None:
            return None
        return Appointment(
            starts_at=timezone.make_aware(datetime.combine(day, time)),
            clinician=data.get("clinician"),
            clinician_name=data.get("clinician_name", ""),
        )

    def clean_appointment_date(self):
        day = self.cleaned_data.get("appointment_date")
        if day is not None and day > timezone.localdate() + BOOKING_HORIZON:
            raise forms.ValidationError(
                _("Choose a date within the next two years."), code="too_far"
            )
        return day


class StatusChangeForm(AppointmentFieldsMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    note = LongTextField(
        label=_("Note"),
        help_text=_("Required when you decline a request or cancel an appointment."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, appointment_request: AppointmentRequest, **kwargs) -> None:
        kwargs.setdefault("auto_id", "id_status_%s")  # several forms share one page
        kwargs.setdefault("initial", {}).setdefault("version", appointment_request.version)
        super().__init__(*args, **kwargs)
        # Any status passes the form; the service decides what the workflow allows (after the
        # version check, so that a stale page hears "someone else changed it" first).
        self.fields["to_status"].choices = RequestStatus.choices
        self.fields["to_status"].widget.choices = [
            (code, RequestStatus(code).label)
            for code in allowed_next_statuses(appointment_request.status)
        ]
        self.offers_booking = RequestStatus.BOOKED in allowed_next_statuses(
            appointment_request.status
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        if self.offers_booking:
            self.add_appointment_fields(required=False)
            self.helper.layout = Layout(
                "to_status",
                Fieldset(_("When booking: the appointment"), *self.appointment_fields),
                "note",
                "version",
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        to_status = cleaned.get("to_status")
        if to_status in NOTE_REQUIRED_FOR and not cleaned.get("note", "").strip():
            self.add_error(
                "note",
                forms.ValidationError(NOTE_REQUIRED_MESSAGES[to_status], code="note_required"),
            )
        if to_status == RequestStatus.BOOKED and self.offers_booking:
            for name in ("appointment_date", "appointment_time"):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(
                        name,
                        forms.ValidationError(
                            _("Give the appointment's date and time to book it."),
                            code="required",
                        ),
                    )
        return cleaned


class NoteForm(forms.Form):
    note = LongTextField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a note first.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        # The status form on the same page has a "note" field too: keep the element ids apart.
        kwargs.setdefault("auto_id", "id_add_%s")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class LinkPatientForm(forms.Form):
    patient = forms.ModelChoiceField(
        label=_("Matching patient records"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a patient record.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, appointment_request: AppointmentRequest, **kwargs) -> None:
        kwargs.setdefault("auto_id", "id_link_%s")  # several forms share one page
        kwargs.setdefault("initial", {}).setdefault("version", appointment_request.version)
        super().__init__(*args, **kwargs)
        self.fields["patient"].queryset = patient_candidates(appointment_request)
        self.fields["patient"].label_from_instance = patient_choice_label
        if not self.is_bound:
            # Offer the first few matches; a posted choice is still checked against them all.
            first_ids = list(self.fields["patient"].queryset.values_list("pk", flat=True)[:10])
            self.fields["patient"].queryset = self.fields["patient"].queryset.filter(
                pk__in=first_ids
            )
        self.helper = FormHelper()
        self.helper.form_tag = False


class CreatePatientForm(forms.Form):
    date_of_birth = forms.DateField(
        label=_("Date of birth (if known)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, appointment_request: AppointmentRequest, **kwargs) -> None:
        kwargs.setdefault("auto_id", "id_create_%s")  # several forms share one page
        kwargs.setdefault("initial", {}).setdefault("version", appointment_request.version)
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_date_of_birth(self):
        date_of_birth = self.cleaned_data["date_of_birth"]
        if date_of_birth and not date(1900, 1, 1) <= date_of_birth <= timezone.localdate():
            raise forms.ValidationError(_("Enter a real date of birth."), code="invalid_date")
        return date_of_birth


class RescheduleForm(AppointmentFieldsMixin, forms.Form):
    note = LongTextField(
        label=_("Why it moved (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, appointment_request: AppointmentRequest, **kwargs) -> None:
        kwargs.setdefault("auto_id", "id_move_%s")
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("version", appointment_request.version)
        if appointment_request.appointment_at is not None:
            local = timezone.localtime(appointment_request.appointment_at)
            initial.setdefault("appointment_date", local.date())
            initial.setdefault("appointment_time", local.time())
            initial.setdefault("clinician", appointment_request.appointment_clinician_id)
            initial.setdefault("clinician_name", appointment_request.appointment_clinician_name)
        super().__init__(*args, **kwargs)
        self.add_appointment_fields(required=True)
        self.order_fields([*self.appointment_fields, "note", "version"])
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReverseStatusForm(forms.Form):
    note = LongTextField(
        label=_("What was wrong"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write a note to say what was wrong.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, appointment_request: AppointmentRequest, **kwargs) -> None:
        kwargs.setdefault("auto_id", "id_undo_%s")
        kwargs.setdefault("initial", {}).setdefault("version", appointment_request.version)
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
