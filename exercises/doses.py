"""Dose rules for an exercise: plain values in, a ValidationError with stable codes out."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Sensible ranges for a gentle home program; a clinician who needs more sees the patient.
SETS_RANGE = (1, 10)
REPS_RANGE = (1, 30)
HOLD_SECONDS_RANGE = (5, 180)
TIMES_PER_DAY_RANGE = (1, 6)
DAYS_PER_WEEK_RANGE = (1, 7)

RANGES = {
    "sets": SETS_RANGE,
    "reps": REPS_RANGE,
    "hold_seconds": HOLD_SECONDS_RANGE,
    "times_per_day": TIMES_PER_DAY_RANGE,
    "days_per_week": DAYS_PER_WEEK_RANGE,
}


@dataclass(frozen=True)
class Dose:
    """How much of one exercise: sets of reps or of a hold, times a day, days a week."""

    sets: int
    reps: int | None
    hold_seconds: int | None
    times_per_day: int
    days_per_week: int

    @property
    def sessions_per_week(self) -> int:
        return self.times_per_day * self.days_per_week


def _range_message(field: str, low: int, high: int) -> str:
    labels = {
        "sets": _("Sets"),
        "reps": _("Repetitions"),
        "hold_seconds": _("Hold time (seconds)"),
        "times_per_day": _("Times a day"),
        "days_per_week": _("Days a week"),
    }
    return _("%(label)s must be a whole number from %(low)d to %(high)d.") % {
        "label": labels[field],
        "low": low,
        "high": high,
    }


def validate_dose(
    *,
    sets: int | None,
    reps: int | None,
    hold_seconds: int | None,
    times_per_day: int | None,
    days_per_week: int | None,
) -> None:
    """Raise ValidationError (a dict keyed by field) unless the dose is in range and clear.

    Missing sets, times a day or days a week are left to the (required) fields themselves, so
    one mistake gives one message.
    """
    values = {
        "sets": sets,
        "reps": reps,
        "hold_seconds": hold_seconds,
        "times_per_day": times_per_day,
        "days_per_week": days_per_week,
    }
    errors: dict[str, list[ValidationError]] = {}
    for field, (low, high) in RANGES.items():
        value = values[field]
        if value is not None and not low <= value <= high:
            errors.setdefault(field, []).append(
                ValidationError(_range_message(field, low, high), code="out_of_range")
            )
    # A dose counts either repetitions or a hold, never both: the patient must know which.
    if reps is not None and hold_seconds is not None:
        errors.setdefault("hold_seconds", []).append(
            ValidationError(_("Give repetitions or a hold time, not both."), code="reps_and_hold")
        )
    elif reps is None and hold_seconds is None:
        errors.setdefault("reps", []).append(
            ValidationError(_("Give repetitions or a hold time."), code="no_reps_or_hold")
        )
    if errors:
        raise ValidationError(errors)


def describe_dose(dose: Dose) -> str:
    """The dose in one plain sentence, for the patient and the handout."""
    if dose.reps is not None:
        work = ngettext("%(n)d set of %(reps)d", "%(n)d sets of %(reps)d", dose.sets) % {
            "n": dose.sets,
            "reps": dose.reps,
        }
        work = ngettext("%(work)s repetition", "%(work)s repetitions", dose.reps) % {"work": work}
    else:
        work = ngettext(
            "%(n)d round of %(s)d seconds", "%(n)d rounds of %(s)d seconds", dose.sets
        ) % {"n": dose.sets, "s": dose.hold_seconds}
    if dose.times_per_day == 2:
        per_day = _("twice a day")
    else:
        per_day = ngettext("once a day", "%(n)d times a day", dose.times_per_day) % {
            "n": dose.times_per_day
        }
    if dose.days_per_week == 7:
        days = _("every day")
    else:
        days = ngettext("%(n)d day a week", "%(n)d days a week", dose.days_per_week) % {
            "n": dose.days_per_week
        }
    return _("%(work)s, %(per_day)s, %(days)s") % {"work": work, "per_day": per_day, "days": days}


def validate_progression_rule(*, progress_by: str, step: int | None, maximum: int | None) -> None:
    """A progression rule needs a step and a maximum within the dose's own range, or nothing."""
    if not progress_by:
        if step is not None or maximum is not None:
            raise ValidationError(
                {"progress_by": _("Choose what to raise, or leave the step and maximum empty.")},
                code="rule_incomplete",
            )
        return
    low, high = RANGES[progress_by]
    errors: dict[str, ValidationError] = {}
    if step is None or not 1 <= step <= high - low:
        errors["progress_step"] = ValidationError(
            _("Give a step from 1 to %(high)d.") % {"high": high - low}, code="bad_step"
        )
    if maximum is None or not low <= maximum <= high:
        errors["progress_max"] = ValidationError(
            _("Give a maximum from %(low)d to %(high)d.") % {"low": low, "high": high},
            code="bad_maximum",
        )
    if errors:
        raise ValidationError(errors)
