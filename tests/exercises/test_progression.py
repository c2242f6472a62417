"""Progression rules and the changes between versions: plain arithmetic, no database."""

from __future__ import annotations

from datetime import date, timedelta

from exercises import changes, progression
from exercises.adherence import LogEntry
from exercises.doses import Dose
from exercises.safety import Baseline

TODAY = date(2026, 3, 28)
HINGE = progression.Rule(progress_by="reps", step=2, maximum=15)


def day(n: int) -> date:
    return TODAY - timedelta(days=n)


def log(days_ago: int, pain: int = 2, tingling: bool = False) -> LogEntry:
    return LogEntry(day=day(days_ago), pain=pain, tingling_spread=tingling)


def hinge(reps=5, since=30, rule=HINGE) -> progression.ItemState:
    return progression.ItemState(
        key=1,
        exercise_name="Hip hinge",
        dose=Dose(sets=2, reps=reps, hold_seconds=None, times_per_day=1, days_per_week=3),
        dose_since=day(since),
        rule=rule,
    )


USUAL = Baseline(pain=3, until=day(20))


def suggest(items, logs, usual=USUAL, days=3):
    return progression.suggestions(
        items, logs, today=TODAY, usual=usual, times_per_day=1, days_per_week=days
    )


def test_the_hinge_builds_from_5_to_15_by_twos():
    values, dose = [], Dose(sets=2, reps=5, hold_seconds=None, times_per_day=1, days_per_week=3)
    while (value := progression.next_value(HINGE, dose)) is not None:
        values.append(value)
        dose = Dose(**{**dose.__dict__, "reps": value})
    assert values == [7, 9, 11, 13, 15]


def test_a_rule_for_repetitions_leaves_a_hold_alone():
    held = Dose(sets=3, reps=None, hold_seconds=30, times_per_day=2, days_per_week=7)
    assert progression.next_value(HINGE, held) is None


def test_a_full_pain_free_week_suggests_the_next_step():
    found = suggest([hinge()], [log(1), log(3), log(5)])
    assert found == [progression.Suggestion(1, "Hip hinge", "reps", 5, 7)]


def test_no_suggestion_without_a_full_week_of_sessions():
    assert suggest([hinge()], [log(1), log(3)]) == []
    assert suggest([hinge()], [log(1), log(1), log(1)]) == []  # one day, once a day counts once


def test_no_suggestion_when_pain_is_above_baseline_or_tingling_spread():
    assert suggest([hinge()], [log(1), log(3), log(5, pain=4)]) == []
    assert suggest([hinge()], [log(1), log(3), log(5, tingling=True)]) == []


def test_no_suggestion_before_the_baseline_week_is_over_or_without_one():
    settling = Baseline(pain=3, until=day(6))
    assert suggest([hinge()], [log(1), log(3), log(5)], usual=settling) == []
    assert suggest([hinge()], [log(1), log(3), log(5)], usual=None) == []


def test_a_dose_changed_within_the_week_waits():
    assert suggest([hinge(since=3)], [log(1), log(3), log(5)]) == []
    assert suggest([hinge(since=6)], [log(1), log(3), log(5)]) != []


def test_no_suggestion_at_the_maximum_or_without_a_rule():
    assert suggest([hinge(reps=15)], [log(1), log(3), log(5)]) == []
    assert suggest([hinge(rule=None)], [log(1), log(3), log(5)]) == []


# Changes between versions ---


def snap(exercise_id, name, **dose):
    values = {"sets": 2, "reps": 5, "hold_seconds": None, "times_per_day": 1, "days_per_week": 3}
    return changes.snapshot(exercise_id=exercise_id, name=name, **(values | dose))


def test_the_changes_say_what_the_patient_needs_to_know():
    old = [snap(1, "Hip hinge"), snap(2, "Seated nerve glide")]
    new = [snap(1, "Hip hinge", reps=10), snap(3, "Glute bridge")]
    found = changes.diff(old, new, old_note="", new_note="Go slowly.")
    texts = [changes.describe(change) for change in found]
    assert texts == [
        "Hip hinge: now 10 repetitions",
        "Glute bridge added",
        "Seated nerve glide removed",
        "a new note from your therapist",
    ]


def test_a_new_order_and_a_switch_to_a_hold_are_described():
    old = [snap(1, "A"), snap(2, "B")]
    new = [snap(2, "B", reps=None, hold_seconds=30), snap(1, "A")]
    texts = [changes.describe(change) for change in changes.diff(old, new)]
    assert texts == ["B: now hold 30 seconds", "the exercises are in a new order"]


def test_the_same_version_has_no_changes():
    items = [snap(1, "A")]
    assert changes.diff(items, items, old_note="x", new_note=" x ") == []


def test_an_unknown_kind_of_change_still_reads():
    assert changes.describe({"kind": "from-the-future"}) == "other changes"
