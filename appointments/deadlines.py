"""The front desk's promise to answer a request within a few working days, as dates.

Working days are Monday to Friday in the clinic's time zone; public holidays are not known here,
so a request received before a holiday shows as overdue a day early (the safe side).
"""

from __future__ import annotations

from datetime import date, timedelta

SATURDAY = 5


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY


def answer_due(received: date, working_days: int) -> date:
    """The last day to answer a request received on `received`: the `working_days`-th working
    day after it (received on a Friday with two days: the Tuesday)."""
    due = received
    remaining = working_days
    while remaining > 0:
        due += timedelta(days=1)
        if is_working_day(due):
            remaining -= 1
    return due


def first_day_on_time(today: date, working_days: int) -> date:
    """The earliest receiving day whose answer is not yet overdue on `today`: requests received
    before that day (at midnight in the clinic's time zone) are overdue."""
    day = today
    while answer_due(day - timedelta(days=1), working_days) >= today:
        day -= timedelta(days=1)
    return day
