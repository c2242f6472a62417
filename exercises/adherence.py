"""Adherence and pain trend: plain arithmetic on a program's schedule and its logs.

No ORM and no request here; the selectors turn rows into these dataclasses.

Definitions (shown to clinicians on the program page and explained to patients; keep them in
step):

* A *session* is one "done today" log: the patient does their whole program once.
* The program's rhythm is set by its most frequent exercise: ``times_per_day`` and
  ``days_per_week`` are the highest values among its items. Each version of the program has
  its own rhythm; a week follows the version in force on its last day so far.
* Adherence is counted in *program weeks* from the start date: week 1 is the start date and
  the 6 days after it, and so on. Nothing is counted before the start or after the end date.
* A week plans ``times_per_day x days_per_week`` sessions (a week cut short by the end date
  plans its share, rounded up).
* A day's logs count up to ``times_per_day`` (two logs on a once-a-day program count once);
  a week's logs count up to its planned sessions.
* A planned session is *due* once the week has too few days left to fit it: in a finished week
  every planned session is due; in the current week, those that no longer fit in the days left
  (today included). So nothing is due on day one, and a patient who plans 3 days a week is
  not behind until the week runs short.
* A week's share = sessions counted / sessions due, where sessions done ahead of time count as
  due too (they were planned). No session due and none done: no share ("nothing due yet").
* Pain trend: mean pain of the logs in the last 7 days (today and the 6 days before) against
  the mean of the 7 days before those. Both weeks need at least one log.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from math import ceil

WEEK = 7


@dataclass(frozen=True)
class Plan:
    """From `start` on (until the next plan starts): so many sessions a day, days a week."""

    start: date
    times_per_day: int
    days_per_week: int


@dataclass(frozen=True)
class Schedule:
    """When a program runs and how often its sessions are planned, version by version."""

    start: date
    end: date | None
    plans: tuple[Plan, ...]

    def plan_on(self, day: date) -> Plan:
        """The plan in force on `day`: the latest that started by then (else the first)."""
        current = self.plans[0]
        for plan in self.plans:
            if plan.start <= day:
                current = plan
        return current


@dataclass(frozen=True)
class LogEntry:
    """One logged session, reduced to what the arithmetic needs."""

    day: date
    pain: int
    tingling_spread: bool
    logged_at: datetime | None = None
    # Whether the patient was told to stop and call for this log's pain (exercises.safety),
    # as stored with it; None: not known, work it out from the program's baseline.
    pain_spike: bool | None = None


@dataclass(frozen=True)
class Adherence:
    """Sessions counted against sessions due; `planned` is what the whole week(s) plan."""

    done: int
    due: int
    planned: int

    @property
    def share(self) -> float | None:
        """done / due, at most 1; None when nothing was due and nothing done yet."""
        if self.due <= 0:
            return None
        return min(1.0, self.done / self.due)

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)


NOTHING = Adherence(done=0, due=0, planned=0)


@dataclass(frozen=True)
class ProgramWeek:
    number: int  # 1 for the week of the start date
    start: date
    end: date  # the week's last day counted so far (today, the end date or its 7th day)
    adherence: Adherence
    mean_pain: float | None
    logs: int

    @property
    def is_partial(self) -> bool:
        return (self.end - self.start).days + 1 < WEEK


@dataclass(frozen=True)
class PainTrend:
    recent_mean: float | None
    previous_mean: float | None

    @property
    def change(self) -> float | None:
        if self.recent_mean is None or self.previous_mean is None:
            return None
        return self.recent_mean - self.previous_mean


def schedule_from_versions(
    *, start: date, end: date | None, versions: Iterable[tuple[date, int, int]]
) -> Schedule:
    """A schedule from (first day, times_per_day, days_per_week) per version, oldest first."""
    plans = tuple(
        sorted((Plan(day, times, days) for day, times, days in versions), key=lambda p: p.start)
    )
    return Schedule(start=start, end=end, plans=plans or (Plan(start, 0, 0),))


def busiest(doses: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """(times_per_day, days_per_week) of a version: the highest of its items' values."""
    pairs = list(doses)
    return max((t for t, _ in pairs), default=0), max((d for _, d in pairs), default=0)


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def program_weeks(
    schedule: Schedule, logs: Sequence[LogEntry], *, today: date
) -> list[ProgramWeek]:
    """Every program week from the start to today (or the end date), oldest first."""
    last_day = today if schedule.end is None else min(today, schedule.end)
    if last_day < schedule.start:
        return []
    per_day = Counter(entry.day for entry in logs)
    pains: dict[date, list[int]] = {}
    for entry in logs:
        pains.setdefault(entry.day, []).append(entry.pain)
    weeks = []
    number = 1
    week_start = schedule.start
    while week_start <= last_day:
        week_last = week_start + timedelta(days=WEEK - 1)
        if schedule.end is not None:
            week_last = min(week_last, schedule.end)
        counted_to = min(week_last, last_day)
        plan = schedule.plan_on(counted_to)
        full_days = (week_last - week_start).days + 1
        planned = plan.times_per_day * plan.days_per_week
        if full_days < WEEK:
            planned = min(planned, ceil(planned * full_days / WEEK))
        days = [week_start + timedelta(days=n) for n in range((counted_to - week_start).days + 1)]
        done = min(planned, sum(min(per_day[day], plan.times_per_day) for day in days))
        if today <= week_last:
            # The current week: due are the sessions that no longer fit in the days left.
            days_left = (week_last - today).days + 1
            due = max(0, planned - plan.times_per_day * days_left)
        else:
            due = planned
        week_pains = [pain for day in days for pain in pains.get(day, [])]
        weeks.append(
            ProgramWeek(
                number=number,
                start=week_start,
                end=counted_to,
                adherence=Adherence(done=done, due=max(due, done), planned=planned),
                mean_pain=_mean(week_pains),
                logs=len(week_pains),
            )
        )
        number += 1
        week_start += timedelta(days=WEEK)
    return weeks


def combined(weeks: Sequence[ProgramWeek]) -> Adherence:
    """The adherence of several weeks together (the sum of their counts)."""
    if not weeks:
        return NOTHING
    return Adherence(
        done=sum(week.adherence.done for week in weeks),
        due=sum(week.adherence.due for week in weeks),
        planned=sum(week.adherence.planned for week in weeks),
    )


def mean_pain(logs: Sequence[LogEntry], *, first: date, last: date) -> float | None:
    return _mean([entry.pain for entry in logs if first <= entry.day <= last])


def pain_trend(logs: Sequence[LogEntry], *, today: date) -> PainTrend:
    """Mean pain of the last 7 days against the 7 days before."""
    recent_start = today - timedelta(days=WEEK - 1)
    previous_end = recent_start - timedelta(days=1)
    previous_start = previous_end - timedelta(days=WEEK - 1)
    return PainTrend(
        recent_mean=mean_pain(logs, first=recent_start, last=today),
        previous_mean=mean_pain(logs, first=previous_start, last=previous_end),
    )
