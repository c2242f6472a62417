"""Query helpers shared by the staff lists."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def created_between(queryset: QuerySet, date_from: date | None, date_to: date | None) -> QuerySet:
    """Rows created on whole days from..to in the clinic's time zone (either end optional).

    Half-open ranges on created_at, so that its index serves them and no instant is missed.
    """
    if date_from:
        queryset = queryset.filter(created_at__gte=_start_of_day(date_from))
    if date_to:
        queryset = queryset.filter(created_at__lt=_start_of_day(date_to + timedelta(days=1)))
    return queryset
