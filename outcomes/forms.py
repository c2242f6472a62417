"""The check-in form: the LEFS, the PSFS (naming the activities at the baseline) and pain."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from outcomes import instruments, scoring
from outcomes.models import ACTIVITY_MAX_LENGTH
from outcomes.services import Answers

# The form asks for three activities and takes up to five (the PSFS allows one to five).
ACTIVITIES_ASKED = 3
RATING_CHOICES = [(value, str(value)) for value in range(scoring.PSFS_ITEM_MAX + 1)]
RATING_HELP = _("0 = you cannot do it at all, 10 = as well as before your problem")
PAIN_CHOICES = [(value, str(value)) for value in range(scoring.PAIN_MAX + 1)]


def _radio(label, choices, *, required: bool = True, help_text="") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": _("Choose an answer.")},
    )


def _scale(name: str) -> Field:
    """A 0-10 scale on one row (static/outcomes/outcomes.css)."""
    return Field(name, wrapper_class="scale-0-10")


class CheckInForm(forms.Form):
    """One sitting. `activities`: the baseline's PSFS activities, or None to name them now."""

    def __init__(self, *args, activities: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.naming = activities is None
        for number, item in enumerate(instruments.LEFS_ITEMS, start=1):
            self.fields[f"lefs_{number}"] = _radio(f"{number}. {item}", instruments.LEFS_ANSWERS)
        psfs_layout = []
        if self.naming:
            for number in range(1, scoring.PSFS_MAX_ACTIVITIES + 1):
                required = number <= ACTIVITIES_ASKED
                self.fields[f"activity_{number}"] = forms.CharField(
                    label=_("Activity %(n)d") % {"n": number}
                    + ("" if required else " " + str(_("(optional)"))),
                    max_length=ACTIVITY_MAX_LENGTH,
                    required=required,
                    widget=forms.TextInput(attrs={"maxlength": ACTIVITY_MAX_LENGTH}),
                    error_messages={"required": _("Name an activity.")},
                )
                self.fields[f"psfs_{number}"] = _radio(
                    _("How well can you do activity %(n)d today?") % {"n": number},
                    RATING_CHOICES,
                    required=required,
                    help_text=RATING_HELP,
                )
                psfs_layout.append(
                    Div(
                        Field(f"activity_{number}"),
                        _scale(f"psfs_{number}"),
                        css_class="psfs-activity",
                    )
                )
        else:
            for number, name in enumerate(activities, start=1):
                self.fields[f"psfs_{number}"] = _radio(name, RATING_CHOICES, help_text=RATING_HELP)
                psfs_layout.append(_scale(f"psfs_{number}"))
        self.fields["pain"] = _radio(instruments.PAIN_QUESTION, PAIN_CHOICES)

        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Part 1 of 3: everyday activities"),
                HTML(
                    format_html(
                        '<p class="lefs-instructions">{}</p><p class="lefs-question">{}</p>',
                        instruments.LEFS_INSTRUCTIONS,
                        instruments.LEFS_QUESTION,
                    )
                ),
                *[
                    Field(f"lefs_{number}", wrapper_class="lefs-item")
                    for number in range(1, scoring.LEFS_ITEM_COUNT + 1)
                ],
                css_class="checkin-part",
            ),
            Fieldset(
                _("Part 2 of 3: things that are hard for you"),
                HTML(
                    format_html(
                        '<p class="psfs-help">{}</p>',
                        instruments.PSFS_NAME_HELP
                        if self.naming
                        else instruments.PSFS_RATE_QUESTION,
                    )
                ),
                *psfs_layout,
                css_class="checkin-part",
            ),
            Fieldset(
                _("Part 3 of 3: pain"),
                _scale("pain"),
                css_class="checkin-part",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if self.naming:
            # A named activity needs a rating, and a rating needs its activity.
            for number in range(ACTIVITIES_ASKED + 1, scoring.PSFS_MAX_ACTIVITIES + 1):
                name = (cleaned.get(f"activity_{number}") or "").strip()
                rating = cleaned.get(f"psfs_{number}")
                if name and rating is None and not self.has_error(f"psfs_{number}"):
                    self.add_error(f"psfs_{number}", _("Choose how well you can do it."))
                if rating is not None and not name and not self.has_error(f"activity_{number}"):
                    self.add_error(f"activity_{number}", _("Name the activity you rated."))
        return cleaned

    def answers(self) -> Answers:
        data = self.cleaned_data
        lefs = [data[f"lefs_{number}"] for number in range(1, scoring.LEFS_ITEM_COUNT + 1)]
        psfs_numbers = [
            number
            for number in range(1, scoring.PSFS_MAX_ACTIVITIES + 1)
            if data.get(f"psfs_{number}") is not None
        ]
        activities = [data[f"activity_{number}"] for number in psfs_numbers] if self.naming else ()
        return Answers(
            lefs=lefs,
            psfs=[data[f"psfs_{number}"] for number in psfs_numbers],
            pain=data["pain"],
            activities=activities,
        )


class ReviewDoneForm(forms.Form):
    """No fields: the button says it all."""
