"""Adherence, pain trend and flags: plain arithmetic on a program's schedule and its logs.

No ORM and no request here; the views and the template tag turn rows into these dataclasses.

Definitions (shown to clinicians on the program page, keep them in step):

* A *session* is one "done today" log: the patient does their whole program once.
* The program's rhythm is set by its most frequent exercise: ``times_per_day`` and
  ``days_per_week`` are the highest values among its items.
* Prescribed sessions in a window = times a day x days a week x active days / 7, where the
  active days are the window's days that fall between the program's start date and its end
  date (or today). Example: twice a day, 5 days a week, a full 7-day window = 10 sessions.
* Logged sessions count at most ``times_per_day`` logs per day, so ten taps on one day do not
  make up for a missed week; the share is capped at 100%.
* Pain trend: mean pain of the logs in the last 7 days (today and the 6 days before) against
  the mean of the 7 days before those. Both weeks need at least one log.
* Flags: ``pain_rise`` when that trend rises by 2 points or more; ``tingling_spread`` when any
  log in the last 14 days says tingling or numbness spread further down the leg. A clinician's
  follow-up clears a flag until a newer log raises it again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

PAIN_RISE = "pain_rise"
TINGLING_SPREAD = "tingling_spread"

PAIN_RISE_POINTS = 2
TINGLING_LOOKBACK_DAYS = 14
WEEK = 7


@dataclass(frozen=True)
class Schedule:
    """When a program runs and how often its sessions are due."""

    start: date
    end: date | None
    times_per_day: int
    days_per_week: int


@dataclass(frozen=True)
class LogEntry:
    """One logged session, reduced to what the arithmetic needs."""

    day: date
    pain: int
    tingling_spread: bool
    logged_at: datetime | None = None


@dataclass(frozen=True)
class Adherence:
    window_days: int
    active_days: int
    prescribed: float
    logged: int

    @property
    def share(self) -> float | None:
        """Logged / prescribed, capped at 1; None when nothing was due yet."""
        if self.prescribed <= 0:
            return None
        return min(1.0, self.logged / self.prescribed)

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)


@dataclass(frozen=True)
class PainTrend:
    recent_mean: float | None
    previous_mean: float | None

    @property
    def change(self) -> float | None:
        if self.recent_mean is None or self.previous_mean is None:
            return None
        return self.recent_mean - self.previous_mean


@dataclass(frozen=True)
class WeekSummary:
    start: date
    end: date
    mean_pain: float | None
    logs: int
    adherence: Adherence


def schedule_from_doses(
    *, start: date, end: date | None, doses: Iterable[tuple[int, int]]
) -> Schedule:
    """Build a schedule from (times_per_day, days_per_week) pairs: the busiest item sets it."""
    pairs = list(doses)
    times = max((t for t, _ in pairs), default=0)
    days = max((d for _, d in pairs), default=0)
    return Schedule(start=start, end=end, times_per_day=times, days_per_week=days)


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def adherence(
    schedule: Schedule, logs: Sequence[LogEntry], *, today: date, window_days: int = WEEK
) -> Adherence:
    """Share of prescribed sessions logged over the window that ends today."""
    window_start = today - timedelta(days=window_days - 1)
    first = max(window_start, schedule.start)
    last = today if schedule.end is None else min(today, schedule.end)
    if first > last:
        return Adherence(window_days=window_days, active_days=0, prescribed=0.0, logged=0)
    active_days = (last - first).days + 1
    prescribed = schedule.times_per_day * schedule.days_per_week * active_days / WEEK
    per_day = Counter(entry.day for entry in logs if first <= entry.day <= last)
    logged = sum(min(count, schedule.times_per_day) for count in per_day.values())
    return Adherence(
        window_days=window_days, active_days=active_days, prescribed=prescribed, logged=logged
    )


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


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


def weekly_summaries(
    schedule: Schedule, logs: Sequence[LogEntry], *, today: date, weeks: int = 6
) -> list[WeekSummary]:
    """Oldest first: one summary per 7-day block, the last block ending today."""
    summaries = []
    for back in range(weeks - 1, -1, -1):
        end = today - timedelta(days=WEEK * back)
        start = end - timedelta(days=WEEK - 1)
        in_week = [entry for entry in logs if start <= entry.day <= end]
        summaries.append(
            WeekSummary(
                start=start,
                end=end,
                mean_pain=_mean([entry.pain for entry in in_week]),
                logs=len(in_week),
                adherence=adherence(schedule, in_week, today=end, window_days=WEEK),
            )
        )
    return summaries


def _after(entry: LogEntry, followed_up_at: datetime | None) -> bool:
    if followed_up_at is None or entry.logged_at is None:
        return True
    return entry.logged_at > followed_up_at


def flags(
    logs: Sequence[LogEntry], *, today: date, followed_up_at: datetime | None = None
) -> tuple[str, ...]:
    """The program's flag codes, in a stable order; empty when nothing needs attention."""
    raised = []
    trend = pain_trend(logs, today=today)
    recent_start = today - timedelta(days=WEEK - 1)
    fresh_recent = any(
        recent_start <= entry.day <= today and _after(entry, followed_up_at) for entry in logs
    )
    if trend.change is not None and trend.change >= PAIN_RISE_POINTS and fresh_recent:
        raised.append(PAIN_RISE)
    tingling_start = today - timedelta(days=TINGLING_LOOKBACK_DAYS - 1)
    if any(
        entry.tingling_spread
        and tingling_start <= entry.day <= today
        and _after(entry, followed_up_at)
        for entry in logs
    ):
        raised.append(TINGLING_SPREAD)
    return tuple(raised)
