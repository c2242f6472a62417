"""Query helpers shared by the staff lists, and the range their date filters accept."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

# The dates a staff list can be filtered by. The clinic's records start well after the first
# and end well before the last; outside them, date arithmetic and time-zone conversion (in
# Python or in the database) would overflow, so filter forms refuse them (clinic.forms).
EARLIEST_FILTER_DATE = date(2000, 1, 1)
LATEST_FILTER_DATE = date(2100, 12, 31)


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def created_between(queryset: QuerySet, date_from: date | None, date_to: date | None) -> QuerySet:
    """Rows created on whole days from..to in the clinic's time zone (either end optional).

    Half-open ranges on created_at, so that its index serves them and no instant is missed.
    An end outside the filter range bounds nothing (no row is that old or that new), so a
    caller that skipped the form's checks still gets an answer rather than an overflow.
    """
    if date_from and date_from > EARLIEST_FILTER_DATE:
        start = min(date_from, LATEST_FILTER_DATE)
        queryset = queryset.filter(created_at__gte=_start_of_day(start))
    if date_to and date_to < LATEST_FILTER_DATE:
        end = max(date_to, EARLIEST_FILTER_DATE)
        queryset = queryset.filter(created_at__lt=_start_of_day(end + timedelta(days=1)))
    return queryset
