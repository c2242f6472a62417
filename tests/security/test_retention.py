from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from appointments.models import AppointmentRequest
from appointments.reference import new_reference
from screening.models import Screening
from tests.factories import PatientFactory, ScreeningFactory

pytestmark = pytest.mark.django_db


def _screening_aged(days: int, **kwargs) -> Screening:
    screening = ScreeningFactory(**kwargs)
    Screening.objects.filter(pk=screening.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return screening


def _request_for(screening: Screening) -> AppointmentRequest:
    return AppointmentRequest.objects.create(
        reference=new_reference(),
        name="Robin Example",
        phone="314-555-0101",
        contact_method="phone",
        reason="Sore thigh",
        consent=True,
        screening=screening,
    )


def _purge(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("purge_screenings", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_anonymous_screenings_older_than_180_days_by_default():
    old = _screening_aged(181)
    recent = _screening_aged(179)
    output = _purge()
    assert not Screening.objects.filter(pk=old.pk).exists()
    assert Screening.objects.filter(pk=recent.pk).exists()
    assert "Deleted 1 anonymous screenings" in output


def test_it_keeps_screenings_linked_to_a_request_or_a_patient():
    with_request = _screening_aged(400)
    _request_for(with_request)
    with_patient = _screening_aged(400, patient=PatientFactory())
    anonymous = _screening_aged(400)
    _purge()
    remaining = set(Screening.objects.values_list("pk", flat=True))
    assert remaining == {with_request.pk, with_patient.pk}
    assert anonymous.pk not in remaining


def test_it_takes_the_age_from_the_option_or_the_setting(settings):
    forty = _screening_aged(40)
    twenty = _screening_aged(20)
    settings.SCREENING_RETENTION_DAYS = 30
    _purge()
    assert set(Screening.objects.values_list("pk", flat=True)) == {twenty.pk}
    _purge("--days", "10")
    assert not Screening.objects.exists()
    assert not Screening.objects.filter(pk=forty.pk).exists()


def test_it_only_reports_on_a_dry_run():
    old = _screening_aged(200)
    output = _purge("--dry-run")
    assert Screening.objects.filter(pk=old.pk).exists()
    assert "would delete 1 anonymous screenings" in output
    assert str(old.pk) in output


def test_it_prints_no_patient_data():
    old = _screening_aged(200, contact_name="Robin Secretname", contact_email="robin@example.org")
    output = _purge("--dry-run") + _purge()
    assert "Secretname" not in output
    assert "robin@example.org" not in output
    assert old.token not in output


def test_it_refuses_a_nonsense_age():
    _screening_aged(200)
    with pytest.raises(CommandError, match="at least 1"):
        _purge("--days", "0")
    assert Screening.objects.count() == 1


def test_a_screening_linked_after_selection_is_kept():
    """The command locks the candidates, then deletes only those still unlinked: a request
    that linked one between the two statements keeps its screening."""
    from screening.management.commands.purge_screenings import (
        delete_unlinked,
        expired_anonymous_screenings,
    )

    linked_late = _screening_aged(400)
    anonymous = _screening_aged(400)
    queryset, _cutoff = expired_anonymous_screenings(days=180)
    selected = list(queryset.order_by("pk").values_list("pk", flat=True))
    assert selected == sorted([linked_late.pk, anonymous.pk])
    request = _request_for(linked_late)
    assert delete_unlinked(selected) == 1
    assert set(Screening.objects.values_list("pk", flat=True)) == {linked_late.pk}
    request.refresh_from_db()
    assert request.screening_id == linked_late.pk


def test_it_deletes_without_reading_the_answers():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _screening_aged(400)
    with CaptureQueriesContext(connection) as queries:
        _purge()
    assert not Screening.objects.exists()
    assert not any("answers" in query["sql"] for query in queries.captured_queries)
