"""Dose rules: pure, no database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from exercises.doses import Dose, describe_dose, validate_dose

GOOD = {"sets": 2, "reps": 10, "hold_seconds": None, "times_per_day": 2, "days_per_week": 7}


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_it_accepts_reps():
    validate_dose(**GOOD)


def test_it_accepts_a_hold():
    validate_dose(**{**GOOD, "reps": None, "hold_seconds": 30})


def test_it_refuses_reps_and_hold_together():
    with pytest.raises(ValidationError) as caught:
        validate_dose(**{**GOOD, "hold_seconds": 30})
    assert codes(caught.value) == {"hold_seconds": ["reps_and_hold"]}
    assert "not both" in caught.value.message_dict["hold_seconds"][0]


def test_it_refuses_neither_reps_nor_hold():
    with pytest.raises(ValidationError) as caught:
        validate_dose(**{**GOOD, "reps": None})
    assert codes(caught.value) == {"reps": ["no_reps_or_hold"]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sets", 0),
        ("sets", 11),
        ("reps", 0),
        ("reps", 31),
        ("times_per_day", 0),
        ("times_per_day", 7),
        ("days_per_week", 0),
        ("days_per_week", 8),
        ("sets", 10**9),
    ],
)
def test_it_refuses_out_of_range_values(field, value):
    with pytest.raises(ValidationError) as caught:
        validate_dose(**{**GOOD, field: value})
    assert codes(caught.value) == {field: ["out_of_range"]}
    assert "whole number from" in caught.value.message_dict[field][0]


@pytest.mark.parametrize("hold", [4, 181, -1])
def test_it_refuses_out_of_range_holds(hold):
    with pytest.raises(ValidationError) as caught:
        validate_dose(**{**GOOD, "reps": None, "hold_seconds": hold})
    assert codes(caught.value) == {"hold_seconds": ["out_of_range"]}


def test_it_leaves_missing_required_values_to_their_fields():
    # One mistake, one message: the model field says "required", the rule stays quiet.
    validate_dose(sets=None, reps=5, hold_seconds=None, times_per_day=None, days_per_week=None)


@pytest.mark.parametrize(
    ("dose", "text"),
    [
        (Dose(2, 10, None, 2, 7), "2 sets of 10 repetitions, twice a day, every day"),
        (Dose(1, 5, None, 1, 3), "1 set of 5 repetitions, once a day, 3 days a week"),
        (Dose(3, None, 30, 3, 1), "3 rounds of 30 seconds, 3 times a day, 1 day a week"),
        (Dose(1, None, 60, 1, 5), "1 round of 60 seconds, once a day, 5 days a week"),
    ],
)
def test_it_describes_doses_plainly(dose, text):
    assert describe_dose(dose) == text


def test_sessions_per_week_multiplies():
    assert Dose(2, 10, None, 2, 5).sessions_per_week == 10
