from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django import forms
from django.utils import timezone

from clinic.filters import created_between
from clinic.forms import DateRangeFilterMixin, FilterDateField
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


def test_it_answers_for_the_first_and_last_days_there_are_without_overflowing():
    ScreeningFactory()
    every = Screening.objects.all()
    assert created_between(every, date.min, date.max).count() == 1
    assert created_between(every, date(2101, 1, 1), None).count() == 0
    assert created_between(every, None, date(1999, 12, 31)).count() == 0


class _RangeForm(DateRangeFilterMixin, forms.Form):
    date_from = FilterDateField(label="From")
    date_to = FilterDateField(label="To")


@pytest.mark.parametrize(
    ("data", "kept", "codes"),
    [
        ({"date_from": "2000-01-01", "date_to": "2100-12-31"}, {"date_from", "date_to"}, set()),
        ({"date_from": "1999-12-31", "date_to": "2026-01-01"}, {"date_to"}, {"min_value"}),
        ({"date_from": "2026-01-01", "date_to": "2101-01-01"}, {"date_from"}, {"max_value"}),
        ({"date_to": "9999-12-31"}, set(), {"max_value"}),
        ({"date_from": "0001-01-01"}, set(), {"min_value"}),
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, set(), {"date_order"}),
        ({"date_from": "2026-03-01", "date_to": "2026-03-01"}, {"date_from", "date_to"}, set()),
        ({"date_from": "2026-02-30", "date_to": "\x00"}, set(), {"invalid"}),
        ({}, set(), set()),
    ],
)
def test_the_date_range_keeps_dates_from_2000_to_2100_in_order(data, kept, codes):
    form = _RangeForm(data)
    assert form.is_valid() is not codes
    assert {key for key, value in form.cleaned_data.items() if value} == kept
    assert {error.code for errors in form.errors.as_data().values() for error in errors} == codes


def test_both_staff_list_filter_forms_use_the_shared_date_range():
    from appointments.forms import QueueFilterForm
    from screening.forms import ScreeningFilterForm

    for form_class in (QueueFilterForm, ScreeningFilterForm):
        assert issubclass(form_class, DateRangeFilterMixin)
        for name in ("date_from", "date_to"):
            assert isinstance(form_class.base_fields[name], FilterDateField)


def test_a_long_text_field_says_its_limit_and_refuses_more_with_a_message():
    from django import forms

    from clinic.forms import LongTextField

    class NoteForm(forms.Form):
        note = LongTextField(label="Note", max_length=10, help_text="Be brief.")

    html = str(NoteForm()["note"])
    assert "maxlength" not in html  # a browser would cut a paste short without a word
    assert str(NoteForm().fields["note"].help_text) == "Be brief. Up to 10 characters."
    form = NoteForm({"note": "x" * 11})
    assert not form.is_valid()
    assert form.errors["note"] == ["Please keep this shorter: at most 10 characters (this has 11)."]
    assert NoteForm({"note": "x" * 10}).is_valid()
