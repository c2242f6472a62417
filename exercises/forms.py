from __future__ import annotations

from django import forms
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.forms import LongTextField
from exercises import doses, images
from exercises.models import (
    COMMENT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PAIN_MAX,
    PAIN_MIN,
    AvoidAdvice,
    Exercise,
    HomeProgram,
    ProgramTemplate,
)
from exercises.services import ItemInput

DOSE_FIELDS = ("sets", "reps", "hold_seconds", "times_per_day", "days_per_week")


def _number(field: str, label: str) -> forms.IntegerField:
    low, high = doses.RANGES[field]
    return forms.IntegerField(
        label=label,
        required=False,
        # The rule's own messages come from doses.validate_dose; the browser gets the range.
        widget=forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric"}),
    )


def _drawing_path(value: str) -> str:
    """A drawing must be one of the site's static files: a wrong path breaks the public pages."""
    path = (value or "").strip()
    if not path:
        return ""
    error = ValidationError(
        _("There is no drawing at this path. Use a file under static/, for example %(example)s."),
        code="unknown_drawing",
        params={"example": "exercises/glute-bridge-start.svg"},
    )
    if path.startswith(("/", "\\")) or ".." in path.replace("\\", "/").split("/"):
        raise error
    try:
        if finders.find(path) is None:
            raise error
        staticfiles_storage.url(path)  # with debug off: the file must be collected too
    except (SuspiciousFileOperation, ValueError):
        raise error from None
    return path


class ExerciseForm(forms.ModelForm):
    class Meta:
        model = Exercise
        fields = [
            "name",
            "slug",
            "category",
            "suits",
            "position",
            "purpose",
            "steps",
            "feel",
            "cautions",
            "progression",
            *DOSE_FIELDS,
            "progress_by",
            "progress_step",
            "progress_max",
            "image_start",
            "alt_start",
            "image_end",
            "alt_end",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "steps": forms.Textarea(attrs={"rows": 6}),
            "feel": forms.Textarea(attrs={"rows": 3}),
            "cautions": forms.Textarea(attrs={"rows": 5}),
            "progression": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "progress_by": _(
                "Optional. When a patient has done a full week of sessions with pain at or "
                "below their usual level and no spreading tingling, the program page suggests "
                "raising this part of the dose. Nothing changes until a clinician applies it."
            ),
        }

    upload_start = forms.FileField(
        label=_("Your own start picture (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Shown instead of the start drawing."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_start = forms.BooleanField(label=_("Remove your start picture"), required=False)
    upload_end = forms.FileField(
        label=_("Your own end picture (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Shown instead of the end drawing."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_end = forms.BooleanField(label=_("Remove your end picture"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The pictures follow their drawings: start drawing, its picture, its description...
        order = [f for f in self.Meta.fields if f not in ("alt_start", "image_end", "alt_end")]
        order += ["upload_start", "remove_start", "alt_start", "image_end", "upload_end"]
        order += ["remove_end", "alt_end"]
        self.order_fields(order)
        for which in ("start", "end"):
            if not getattr(self.instance, f"photo_{which}"):
                del self.fields[f"remove_{which}"]

    def clean_image_start(self) -> str:
        return _drawing_path(self.cleaned_data.get("image_start", ""))

    def clean_image_end(self) -> str:
        return _drawing_path(self.cleaned_data.get("image_end", ""))

    def _clean_upload(self, which: str):
        upload = self.cleaned_data.get(f"upload_{which}")
        return images.clean_upload(upload) if upload else None

    def clean_upload_start(self):
        return self._clean_upload("start")

    def clean_upload_end(self):
        return self._clean_upload("end")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("progress_by") == "":
            for field in ("progress_step", "progress_max"):
                if cleaned.get(field) is None:
                    cleaned[field] = None
        return cleaned

    def photo_changes(self) -> dict:
        """{"start"/"end": a CleanImage to store, or None to remove}, for exercise_save."""
        found = {}
        for which in ("start", "end"):
            if self.cleaned_data.get(f"upload_{which}") is not None:
                found[which] = self.cleaned_data[f"upload_{which}"]
            elif self.cleaned_data.get(f"remove_{which}"):
                found[which] = None
        return found


class AvoidAdviceForm(forms.ModelForm):
    class Meta:
        model = AvoidAdvice
        fields = ["title", "reason", "position"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}


class ProgramTemplateForm(forms.ModelForm):
    class Meta:
        model = ProgramTemplate
        fields = ["name", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ItemForm(forms.Form):
    """One exercise row; blank dose fields take the library's default dose."""

    exercise = forms.TypedChoiceField(label=_("Exercise"), coerce=int, required=False)
    sets = _number("sets", _("Sets"))
    reps = _number("reps", _("Reps"))
    hold_seconds = _number("hold_seconds", _("Hold (s)"))
    times_per_day = _number("times_per_day", _("Times a day"))
    days_per_week = _number("days_per_week", _("Days a week"))
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH)

    def __init__(self, *args, exercises=(), **kwargs):
        super().__init__(*args, **kwargs)
        # One list of exercises fetched by the view serves every row: no query per row.
        self.exercise_by_id = {exercise.pk: exercise for exercise in exercises}
        self.fields["exercise"].choices = [("", "---------")] + [
            (exercise.pk, exercise.name) for exercise in exercises
        ]

    def clean(self):
        cleaned = super().clean()
        exercise = self.exercise_by_id.get(cleaned.get("exercise"))
        cleaned["exercise"] = exercise
        if exercise is None:
            if not self.has_error("exercise"):
                self.add_error("exercise", _("Choose an exercise, or tick Remove."))
            return cleaned
        # Blank dose fields fall back to the exercise's default dose, reps and hold together.
        if cleaned.get("reps") is None and cleaned.get("hold_seconds") is None:
            cleaned["reps"], cleaned["hold_seconds"] = exercise.reps, exercise.hold_seconds
        for field in ("sets", "times_per_day", "days_per_week"):
            if cleaned.get(field) is None and not self.has_error(field):
                cleaned[field] = getattr(exercise, field)
        if any(self.has_error(field) for field in DOSE_FIELDS):
            return cleaned
        try:
            doses.validate_dose(**{field: cleaned[field] for field in DOSE_FIELDS})
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def item_input(self) -> ItemInput:
        data = self.cleaned_data
        return ItemInput(
            exercise=data["exercise"],
            note=data.get("note", ""),
            **{field: data[field] for field in DOSE_FIELDS},
        )


class BaseItemFormSet(forms.BaseFormSet):
    # Rows are shown in their order and moved with Up/Down buttons (no typed numbers); the
    # hidden ORDER keeps each row's place.
    ordering_widget = forms.HiddenInput

    def __init__(self, *args, exercises=(), **kwargs):
        self.exercises = list(exercises)
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Order")
        form.fields["DELETE"].label = _("Remove")

    def row_name(self, form) -> str:
        """The exercise a row holds, for its buttons' names ("Move Hip hinge up")."""
        value = form["exercise"].value()
        try:
            exercise = form.exercise_by_id.get(int(value))
        except (TypeError, ValueError):
            exercise = None
        return exercise.name if exercise else _("row %(n)d") % {"n": form.prefix_index + 1}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.prefix_index = i
        return form

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "exercises": self.exercises}

    def clean(self):
        super().clean()
        if any(self.errors) or self.non_form_errors():
            return
        if not self.ordered_forms:
            raise ValidationError(_("Add at least one exercise."), code="no_items")
        names = [form.cleaned_data["exercise"].name for form in self.ordered_forms]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValidationError(
                _("Each exercise can be in the list once: %(names)s.")
                % {"names": ", ".join(twice)},
                code="duplicate_exercise",
            )

    def item_inputs(self) -> list[ItemInput]:
        """The kept rows in the chosen order."""
        return [form.item_input() for form in self.ordered_forms]


MAX_ITEMS = 20

ItemFormSet = formset_factory(
    ItemForm,
    formset=BaseItemFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    max_num=MAX_ITEMS,
    validate_max=True,
    absolute_max=MAX_ITEMS + 5,
)


def item_initial(items) -> list[dict]:
    """Formset rows from template or program items."""
    return [
        {
            "exercise": item.exercise_id,
            "note": item.note,
            "ORDER": position,
            **{field: getattr(item, field) for field in DOSE_FIELDS},
        }
        for position, item in enumerate(items, start=1)
    ]


PROGRAM_NOTE_MAX_LENGTH = NOTE_MAX_LENGTH * 2


def _program_note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note to the patient (optional)"),
        required=False,
        max_length=PROGRAM_NOTE_MAX_LENGTH,
        help_text=_("Shown at the top of the patient's page and on the handout. Plain words."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": PROGRAM_NOTE_MAX_LENGTH}),
    )


class ProgramForm(forms.ModelForm):
    note = _program_note_field()
    email_link = forms.BooleanField(
        label=_("Email the link to the patient now"), required=False, initial=True
    )

    class Meta:
        model = HomeProgram
        fields = ["title", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "end_date": _("Optional. The patient's link stops working after this day."),
        }

    def __init__(self, *args, patient=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate()
        if patient is not None and not patient.email:
            self.fields["email_link"].initial = False
            self.fields["email_link"].disabled = True
            self.fields["email_link"].help_text = _("This patient has no email address.")


class ProgramEditForm(forms.ModelForm):
    """The program's own details in the editor; the exercises come in the item formset."""

    note = _program_note_field()
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            key: _("This form is out of date or damaged. Open the program again and retry.")
            for key in ("required", "invalid", "min_value")
        },
    )

    class Meta:
        model = HomeProgram
        fields = ["title", "end_date"]
        widgets = {"end_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "end_date": _("Optional. The patient's link stops working after this day."),
        }

    def clean_end_date(self):
        end = self.cleaned_data.get("end_date")
        if end and end < self.instance.start_date:
            raise ValidationError(
                _("The end date cannot be before the start date (%(start)s).")
                % {"start": self.instance.start_date.isoformat()},
                code="end_before_start",
            )
        return end


class ProgressionApplyForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TemplateChoiceForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Start from"),
        queryset=ProgramTemplate.objects.filter(is_active=True),
        required=False,
        empty_label=_("Nothing (start from scratch)"),
    )


class SessionLogForm(forms.Form):
    PAIN_CHOICES = [(value, str(value)) for value in range(PAIN_MIN, PAIN_MAX + 1)]
    YES_NO = [("no", _("No")), ("yes", _("Yes"))]

    pain = forms.TypedChoiceField(
        label=_("How bad was your pain today? (0 = no pain, 10 = the worst pain you can imagine)"),
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "pain-scale__input"}),
    )
    tingling_spread = forms.TypedChoiceField(
        label=_("Did tingling or numbness spread further down the leg?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    provoking_exercise = forms.TypedChoiceField(
        label=_("Did one exercise make it worse? (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    comment = LongTextField(
        label=_("Anything you want to tell your therapist? (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The program's own exercises: one list from the page's items, no query of its own.
        self.exercise_by_id = {item.exercise.pk: item.exercise for item in items}
        self.fields["provoking_exercise"].choices = [("", _("No, or not sure"))] + [
            (item.exercise.pk, item.exercise.name) for item in items
        ]

    def clean_provoking_exercise(self):
        value = self.cleaned_data.get("provoking_exercise")
        return self.exercise_by_id.get(value) if value is not None else None


class LinkEmailForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=100)
