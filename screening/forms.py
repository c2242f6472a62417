"""The questionnaire's step forms (built on the answers schema), contact and staff forms."""

from __future__ import annotations

from typing import ClassVar

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from clinic.forms import (
    DateRangeFilterMixin,
    FilterDateField,
    LongTextField,
    patient_choice_label,
)
from clinic.models import Patient
from clinic.phones import PhoneField
from screening.codes import EMERGENCY_RED_FLAGS, Category
from screening.models import Screening
from screening.schema import (
    BOOLEAN_QUESTIONS,
    CHOICE_KEYS,
    CHOICE_QUESTIONS,
    PAIN_MAX,
    PAIN_MIN,
    PAIN_QUESTION,
    RED_FLAG_CHOICES,
    RED_FLAGS_QUESTION,
)
from screening.scoring import needs_emergency_care

YES = "yes"
NO = "no"
# The empty choice stands for "not answered" (None in the answers).
NOT_SURE = ""
# The warning signs' explicit "None of these", stored as an empty list of red flags.
NO_RED_FLAGS = "none"


def yes_no_field(key: str, *, unknown_label=None, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=BOOLEAN_QUESTIONS[key],
        choices=[(YES, _("Yes")), (NO, _("No")), (NOT_SURE, unknown_label or _("Not sure"))],
        widget=forms.RadioSelect,
        required=False,
        help_text=help_text,
    )


def self_test_field(key: str) -> forms.ChoiceField:
    return yes_no_field(key, unknown_label=_("Not done, or I stopped"))


class StepForm(forms.Form):
    """A step of the questionnaire: converts between its fields and the schema's answers."""

    keys: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        initial = {}
        for key in cls.keys:
            value = answers.get(key)
            if value is None:
                initial[key] = [] if key == "red_flags" else NOT_SURE
            elif key == "red_flags":
                initial[key] = list(value) or [NO_RED_FLAGS]
            elif isinstance(value, bool):
                initial[key] = YES if value else NO
            else:
                initial[key] = value
        return initial

    def answers(self) -> dict:
        """This step's answers from the (possibly partly) valid data; None = not answered."""
        data = getattr(self, "cleaned_data", {})
        answers: dict = {}
        for key in self.keys:
            if key not in data:
                continue
            value = data[key]
            if key in BOOLEAN_QUESTIONS:
                value = {YES: True, NO: False}.get(value)
            elif key == "red_flags":
                # "None of these" is stored as an empty list; a missing key is "not answered".
                value = [code for code in value if code != NO_RED_FLAGS]
            elif value in ("", None):
                value = None
            answers[key] = value
        return answers


class StartForm(StepForm):
    keys = ("onset", "activity", "felt_pop")

    onset = forms.ChoiceField(
        label=CHOICE_QUESTIONS["onset"],
        choices=CHOICE_KEYS["onset"].choices,
        widget=forms.RadioSelect,
        required=False,
    )
    activity = forms.ChoiceField(
        label=CHOICE_QUESTIONS["activity"],
        choices=CHOICE_KEYS["activity"].choices,
        widget=forms.RadioSelect,
        required=False,
    )
    felt_pop = yes_no_field("felt_pop")


class SymptomsForm(StepForm):
    keys = (
        "back_pain",
        "buttock_pain",
        "sit_bone_pain",
        "leg_pain_worse_than_back",
        "pain_below_knee",
        "numbness_tingling",
        "cough_sneeze_worse",
        "worse_sitting",
        "bruising",
        "walking",
        "pain_now",
    )

    back_pain = yes_no_field("back_pain")
    buttock_pain = yes_no_field("buttock_pain")
    sit_bone_pain = yes_no_field("sit_bone_pain")
    leg_pain_worse_than_back = yes_no_field(
        "leg_pain_worse_than_back", help_text=_("Only if you have back pain too.")
    )
    pain_below_knee = yes_no_field("pain_below_knee")
    numbness_tingling = yes_no_field("numbness_tingling")
    cough_sneeze_worse = yes_no_field("cough_sneeze_worse")
    worse_sitting = yes_no_field("worse_sitting")
    bruising = yes_no_field("bruising", help_text=_("Look or ask someone to look."))
    walking = forms.ChoiceField(
        label=CHOICE_QUESTIONS["walking"],
        choices=CHOICE_KEYS["walking"].choices,
        widget=forms.RadioSelect,
        required=False,
    )
    pain_now = forms.TypedChoiceField(
        label=PAIN_QUESTION,
        choices=[("", _("Prefer not to say"))]
        + [(str(score), str(score)) for score in range(PAIN_MIN, PAIN_MAX + 1)],
        coerce=int,
        empty_value=None,
        required=False,
    )


class RedFlagsForm(StepForm):
    """The warning signs: an explicit answer is required, a sign or "None of these"."""

    keys = ("red_flags",)

    red_flags = forms.MultipleChoiceField(
        label=RED_FLAGS_QUESTION,
        choices=[*RED_FLAG_CHOICES, (NO_RED_FLAGS, _("None of these"))],
        widget=forms.CheckboxSelectMultiple,
        help_text=_('Tick all that are true for you. If none are, tick "None of these".'),
        error_messages={
            "required": _('Please tick the signs you have, or "None of these".'),
        },
    )

    def clean_red_flags(self) -> list[str]:
        codes = self.cleaned_data["red_flags"]
        if NO_RED_FLAGS in codes and len(codes) > 1:
            raise forms.ValidationError(
                _('You ticked "None of these" and a warning sign. Please untick one of them.'),
                code="none_and_sign",
            )
        return codes


class KneeBendForm(StepForm):
    keys = ("resisted_knee_bend_pain",)

    resisted_knee_bend_pain = self_test_field("resisted_knee_bend_pain")


class SlumpForm(StepForm):
    keys = ("slump_reproduces_pain", "slump_ankle_increases", "slump_neck_eases")

    slump_reproduces_pain = self_test_field("slump_reproduces_pain")
    slump_ankle_increases = self_test_field("slump_ankle_increases")
    slump_neck_eases = self_test_field("slump_neck_eases")


class ContactForm(forms.Form):
    """Optional: only when the patient wants the clinic to be able to reach them."""

    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=Screening._meta.get_field("contact_name").max_length,
        required=False,
    )
    contact_email = forms.EmailField(
        label=_("Email"),
        max_length=Screening._meta.get_field("contact_email").max_length,
        required=False,
    )
    contact_phone = PhoneField(label=_("Phone"), required=False)

    def contact(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {key: data[key] for key in self.fields if data.get(key)}


def has_emergency_flag(answers: dict) -> bool:
    """An emergency warning sign, or a combination of answers that makes one (for example a
    fever with back pain): the questionnaire then skips the self-tests."""
    codes = answers.get("red_flags") or ()
    return any(code in EMERGENCY_RED_FLAGS for code in codes) or needs_emergency_care(answers)


UNREVIEWED_WARNINGS = "unreviewed_warnings"


class ScreeningFilterForm(DateRangeFilterMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("Result"), choices=[("", _("All")), *Category.choices], required=False
    )
    review = forms.ChoiceField(
        label=_("Review"),
        choices=[("", _("All")), (UNREVIEWED_WARNINGS, _("Warning signs not yet reviewed"))],
        required=False,
    )
    date_from = FilterDateField(label=_("From"))
    date_to = FilterDateField(label=_("To"))


class ReviewForm(forms.Form):
    note = LongTextField(
        label=_("Review note"),
        max_length=Screening._meta.get_field("review_note").max_length,
        required=False,
    )


class PatientChoiceForm(forms.Form):
    """Which patient record a screening belongs to, from the records offered."""

    patient = forms.ModelChoiceField(
        label=_("Patient records"),
        queryset=Patient.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a patient record.")},
    )

    def __init__(self, *args, offered: list[Patient], **kwargs) -> None:
        kwargs.setdefault("auto_id", "id_link_%s")
        super().__init__(*args, **kwargs)
        self.fields["patient"].widget.choices = [
            (patient.pk, patient_choice_label(patient)) for patient in offered
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
