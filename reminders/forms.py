"""The patient's reminder settings: where, which days, what time, and their consent."""

from __future__ import annotations

from datetime import time

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from reminders.consent import consent_text

DAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
DAY_NAMES = dict(DAY_CHOICES)
# Every half hour from 06:00 to 21:30: the command runs every 15 minutes.
TIMES = [time(hour, minute) for hour in range(6, 22) for minute in (0, 30)]
DEFAULT_TIME = time(18, 0)


def _time_choices() -> list[tuple[str, str]]:
    return [(t.strftime("%H:%M"), formats.time_format(t, "TIME_FORMAT")) for t in TIMES]


class ReminderForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    email_again = forms.EmailField(
        label=_("Type your email address again"),
        help_text=_("So that a typing mistake does not send your link to someone else."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    days = forms.TypedMultipleChoiceField(
        label=_("On which days?"),
        choices=DAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one day.")},
    )
    send_time = forms.TypedChoiceField(
        label=_("At what time?"),
        coerce=lambda value: time.fromisoformat(value),
        initial=DEFAULT_TIME.strftime("%H:%M"),
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Tick the box to agree, or leave this page.")},
    )

    def __init__(self, *args, time_zone_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["send_time"].choices = _time_choices()
        self.fields["send_time"].help_text = _("Our clinic's time (%(zone)s).") % {
            "zone": time_zone_name
        }
        self.fields["consent"].label = consent_text()

    def clean(self):
        cleaned = super().clean()
        email, again = cleaned.get("email"), cleaned.get("email_again")
        if email and again and email.strip().lower() != again.strip().lower():
            self.add_error("email_again", _("The two addresses are not the same."))
        return cleaned
