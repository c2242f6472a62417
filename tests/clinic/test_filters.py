from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from clinic.filters import created_between
from screening.models import Screening
from tests.factories import ScreeningFactory

pytestmark = pytest.mark.django_db


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def test_it_keeps_whole_days_in_the_clinic_time_zone():
    day = date(2026, 3, 10)
    inside = [_at(day, time.min), _at(day, time(23, 59, 59, 999999))]
    outside = [
        _at(day, time.min) - timedelta(microseconds=1),
        _at(day + timedelta(days=1), time.min),
    ]
    for moment in inside + outside:
        Screening.objects.filter(pk=ScreeningFactory().pk).update(created_at=moment)
    kept = created_between(Screening.objects.all(), day, day)
    assert sorted(kept.values_list("created_at", flat=True)) == inside
    assert created_between(Screening.objects.all(), None, None).count() == 4
