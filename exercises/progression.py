"""Progression: when a patient is ready for more, and what the next dose is. Plain arithmetic.

A library exercise may carry a rule: raise one part of the dose (repetitions, hold time or
sets) by a step, up to a maximum. A program is *ready to progress* when the last 7 days
(today and the 6 before) hold a full week of planned sessions (logs counted as for adherence:
at most `times_per_day` a day), every one with pain at or below the patient's baseline and
no spreading tingling or numbness, and those 7 days come after the baseline week. Each
exercise with a rule whose dose has not changed for those 7 days, and is below its maximum,
then gets a suggestion. A clinician applies it (a new version); nothing changes by itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from exercises.adherence import WEEK, LogEntry
from exercises.doses import Dose
from exercises.safety import Baseline


@dataclass(frozen=True)
class Rule:
    progress_by: str  # "reps", "hold_seconds" or "sets" (exercises.codes.ProgressBy)
    step: int
    maximum: int


@dataclass(frozen=True)
class ItemState:
    key: int  # the program item's id
    exercise_name: str
    dose: Dose
    dose_since: date | None
    rule: Rule | None


@dataclass(frozen=True)
class Suggestion:
    key: int
    exercise_name: str
    field: str
    current: int
    proposed: int


def next_value(rule: Rule, dose: Dose) -> int | None:
    """The raised value, or None when the dose does not use that part or is at the maximum."""
    current = getattr(dose, rule.progress_by)
    if current is None or current >= rule.maximum:
        return None
    return min(current + rule.step, rule.maximum)


def week_is_ready(
    logs: Sequence[LogEntry],
    *,
    today: date,
    usual: Baseline | None,
    times_per_day: int,
    days_per_week: int,
) -> bool:
    """A full week of planned sessions, pain-free by the patient's own measure."""
    start = today - timedelta(days=WEEK - 1)
    if usual is None or usual.until >= start or times_per_day * days_per_week == 0:
        return False
    week = [entry for entry in logs if start <= entry.day <= today]
    per_day = Counter(entry.day for entry in week)
    counted = sum(min(count, times_per_day) for count in per_day.values())
    return (
        counted >= times_per_day * days_per_week
        and all(entry.pain <= usual.pain for entry in week)
        and not any(entry.tingling_spread for entry in week)
    )


def suggestions(
    items: Sequence[ItemState],
    logs: Sequence[LogEntry],
    *,
    today: date,
    usual: Baseline | None,
    times_per_day: int,
    days_per_week: int,
) -> list[Suggestion]:
    """One suggestion per exercise ready to progress, in the program's order."""
    ready = week_is_ready(
        logs,
        today=today,
        usual=usual,
        times_per_day=times_per_day,
        days_per_week=days_per_week,
    )
    if not ready:
        return []
    start = today - timedelta(days=WEEK - 1)
    found = []
    for item in items:
        if item.rule is None or (item.dose_since is not None and item.dose_since > start):
            continue
        proposed = next_value(item.rule, item.dose)
        if proposed is not None:
            found.append(
                Suggestion(
                    key=item.key,
                    exercise_name=item.exercise_name,
                    field=item.rule.progress_by,
                    current=getattr(item.dose, item.rule.progress_by),
                    proposed=proposed,
                )
            )
    return found
