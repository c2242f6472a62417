"""Flags: which programs need a clinician's attention, and why. Plain arithmetic on the logs.

The rules (each a FlagReason; keep the text on the staff program page in step):

* pain_spike: a log in the last 7 days that told the patient to stop and call for its pain: 8
  or more, or 3 or more points above the baseline of the logs before it (exercises.safety).
* tingling_spread: a log in the last 14 days says tingling or numbness spread further.
* sustained_high_pain: logs on at least 3 different days of the last 7, every one with pain 7
  or more.
* pain_rise: the mean pain of the last 7 days is 2 or more points above the 7 days before.
* worsening_trend: over the last 14 days, at least 4 logs with some in each week, and pain
  rising by 1 point a week or more (least-squares slope).
* no_logs: the program has been running for the last 7 days with no log in them.

A clinician's follow-up clears the flags: the log rules count only logs made after it, and the
no_logs rule counts 7 quiet days from it. Flags are worked out until 7 days after the end date,
then none.

Stored with the program at each write and by the daily `refresh_program_flags`
(exercises.services), and checked against these functions by the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from exercises.adherence import WEEK, LogEntry, pain_trend
from exercises.codes import FlagReason
from exercises.safety import Baseline, is_pain_spike

PAIN_RISE_POINTS = 2
SUSTAINED_PAIN = 7
SUSTAINED_MIN_DAYS = 3
TREND_DAYS = 14
TREND_MIN_LOGS = 4
TREND_POINTS_PER_WEEK = 1.0
TINGLING_LOOKBACK_DAYS = 14
QUIET_DAYS = 7
DAYS_AFTER_END = 7
# The oldest log any rule reads: the logs to load before evaluating.
LOOKBACK_DAYS = max(TREND_DAYS, TINGLING_LOOKBACK_DAYS, 2 * WEEK)


@dataclass(frozen=True)
class ProgramState:
    """What the rules need to know about a program besides its logs."""

    start: date
    end: date | None
    followed_up_at: datetime | None = None
    followed_up_on: date | None = None  # the follow-up's day in the clinic's time zone
    baseline: Baseline | None = None


def is_watched(state: ProgramState, today: date) -> bool:
    """Flags are worked out from the start until a week after the end date."""
    return state.start <= today and (
        state.end is None or today <= state.end + timedelta(days=DAYS_AFTER_END)
    )


def _fresh(entry: LogEntry, followed_up_at: datetime | None) -> bool:
    if followed_up_at is None or entry.logged_at is None:
        return True
    return entry.logged_at > followed_up_at


def _slope(points: Sequence[tuple[int, int]]) -> float:
    """Least-squares slope of (x, y) points; 0 when every x is the same."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def evaluate(logs: Sequence[LogEntry], state: ProgramState, *, today: date) -> list[str]:
    """The program's flag codes, in FlagReason order; empty when nothing needs attention."""
    if not is_watched(state, today):
        return []
    logs = [entry for entry in logs if entry.day <= today]
    fresh = [entry for entry in logs if _fresh(entry, state.followed_up_at)]
    week_start = today - timedelta(days=WEEK - 1)
    this_week = [entry for entry in logs if entry.day >= week_start]
    raised = set()

    def spiked(entry: LogEntry) -> bool:
        if entry.pain_spike is not None:
            return entry.pain_spike
        return is_pain_spike(entry.pain, state.baseline)

    if any(entry.day >= week_start and spiked(entry) for entry in fresh):
        raised.add(FlagReason.PAIN_SPIKE)

    tingling_start = today - timedelta(days=TINGLING_LOOKBACK_DAYS - 1)
    if any(entry.tingling_spread and entry.day >= tingling_start for entry in fresh):
        raised.add(FlagReason.TINGLING_SPREAD)

    fresh_this_week = any(entry.day >= week_start for entry in fresh)
    if (
        fresh_this_week
        and len({entry.day for entry in this_week}) >= SUSTAINED_MIN_DAYS
        and all(entry.pain >= SUSTAINED_PAIN for entry in this_week)
    ):
        raised.add(FlagReason.SUSTAINED_HIGH_PAIN)

    change = pain_trend(logs, today=today).change
    if fresh_this_week and change is not None and change >= PAIN_RISE_POINTS:
        raised.add(FlagReason.PAIN_RISE)

    trend_start = today - timedelta(days=TREND_DAYS - 1)
    fortnight = [entry for entry in logs if entry.day >= trend_start]
    if (
        fresh_this_week
        and len(fortnight) >= TREND_MIN_LOGS
        and any(entry.day < week_start for entry in fortnight)
        and this_week
        and _slope([((entry.day - trend_start).days, entry.pain) for entry in fortnight]) * WEEK
        >= TREND_POINTS_PER_WEEK
    ):
        raised.add(FlagReason.WORSENING_TREND)

    running_all_week = state.start <= week_start and (state.end is None or today <= state.end)
    followed_up_this_week = state.followed_up_on is not None and state.followed_up_on >= week_start
    if running_all_week and not this_week and not followed_up_this_week:
        raised.add(FlagReason.NO_LOGS)

    return [reason.value for reason in FlagReason if reason in raised]
