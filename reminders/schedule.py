"""When reminders fall due: chosen weekdays at a chosen local time, in the clinic's time zone.

Pure: dates, times and zones in, aware datetimes out; no ORM, no settings. A local time that
a daylight-saving change skips (02:30 on the spring-forward night) is sent an hour later, at
the same instant the clock shows 03:30; a time that happens twice (autumn) is sent at the
first. Either way one reminder per chosen day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

# Python's numbering (date.weekday()): Monday 0 ... Sunday 6.
WEEKDAYS = tuple(range(7))


def slot_on(day: date, send_time: time, zone: tzinfo) -> datetime:
    """The instant (UTC) of the reminder on a local day."""
    # fold=0: an ambiguous time is its first occurrence; a skipped time lands after the gap.
    local = datetime.combine(day, send_time, tzinfo=zone).replace(fold=0)
    return local.astimezone(UTC)


def _candidates(
    weekdays: Iterable[int], send_time: time, zone: tzinfo, around: datetime, days: range
) -> list[datetime]:
    chosen = set(weekdays)
    today = around.astimezone(zone).date()
    return [
        slot_on(day, send_time, zone)
        for day in (today + timedelta(days=offset) for offset in days)
        if day.weekday() in chosen
    ]


def next_slot(
    *, weekdays: Iterable[int], send_time: time, zone: tzinfo, after: datetime
) -> datetime | None:
    """The first reminder strictly after `after`, or None when no weekday is chosen."""
    slots = [
        slot for slot in _candidates(weekdays, send_time, zone, after, range(-1, 9)) if slot > after
    ]
    return min(slots, default=None)


def latest_slot(
    *, weekdays: Iterable[int], send_time: time, zone: tzinfo, at_or_before: datetime
) -> datetime | None:
    """The last reminder at or before `at_or_before` (within the past week), or None."""
    slots = [
        slot
        for slot in _candidates(weekdays, send_time, zone, at_or_before, range(-8, 2))
        if slot <= at_or_before
    ]
    return max(slots, default=None)
