"""The patient's usual pain (baseline) and the advice a single log calls for: plain arithmetic.

* Baseline: the median pain of the logs made in the 7 days from the first log (the first log's
  day and the 6 days after it), so a patient who starts late is measured from their own start.
  It settles once those 7 days are over; before that it is the median so far.
* A log calls for the "stop and call us" advice when tingling or numbness spread, or when its
  pain is 8 or more, or 3 or more points above the baseline of the logs before it. The advice
  is stored with the log, and the pain_spike flag follows what the patient was told.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from exercises.adherence import WEEK, LogEntry
from exercises.codes import FlagReason

HIGH_PAIN = 8
ABOVE_BASELINE = 3


@dataclass(frozen=True)
class Baseline:
    pain: float
    until: date  # the baseline week's last day

    def is_settled(self, today: date) -> bool:
        return self.until < today


def baseline(logs: Sequence[LogEntry]) -> Baseline | None:
    """The median pain of the first 7 days of logging, or None before the first log."""
    if not logs:
        return None
    first = min(entry.day for entry in logs)
    until = first + timedelta(days=WEEK - 1)
    return Baseline(
        pain=float(statistics.median(entry.pain for entry in logs if entry.day <= until)),
        until=until,
    )


def is_pain_spike(pain: int, usual: Baseline | None) -> bool:
    return pain >= HIGH_PAIN or (usual is not None and pain >= usual.pain + ABOVE_BASELINE)


def log_alerts(*, pain: int, tingling_spread: bool, usual: Baseline | None) -> list[str]:
    """What a new log calls for, as flag codes; `usual` is the baseline of the logs before it."""
    alerts = []
    if is_pain_spike(pain, usual):
        alerts.append(FlagReason.PAIN_SPIKE.value)
    if tingling_spread:
        alerts.append(FlagReason.TINGLING_SPREAD.value)
    return alerts


def with_spikes(logs: Sequence[LogEntry]) -> list[LogEntry]:
    """The logs, oldest first, each marked with the pain advice it called for when it was made
    (against the baseline of the logs before it): what the stored alerts hold."""
    ordered = sorted(logs, key=lambda entry: (entry.day, entry.logged_at is None, entry.logged_at))
    marked = []
    for index, entry in enumerate(ordered):
        usual = baseline(ordered[:index])
        marked.append(replace(entry, pain_spike=is_pain_spike(entry.pain, usual)))
    return marked
