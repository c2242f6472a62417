"""The staff lists and searches read their indexes on PostgreSQL: each list in its index's
order (no sort of every row), each search through its trigram index (clinic/search_indexes.py).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from appointments.models import AppointmentRequest
from appointments.selectors import OPEN_FILTER, appointment_request_queue
from clinic import phones
from clinic.models import Patient
from exercises.models import HomeProgram
from outcomes.selectors import due_programs
from screening.codes import Urgency
from screening.selectors import unreviewed_warnings
from tests.factories import (
    AppointmentRequestFactory,
    HomeProgramFactory,
    PatientFactory,
    ScreeningFactory,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Trigram indexes exist only on PostgreSQL; SQLite searches without them.",
    ),
    pytest.mark.django_db,
]


def plan(queryset, *, avoid: tuple[str, ...] = ("seqscan",)) -> str:
    """The plan PostgreSQL picks when told to avoid these kinds of step (on a table of a few
    rows they are cheaper, and it would rightly pick them)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for step in avoid:
            cursor.execute(f"SET LOCAL enable_{step} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def search_plan(queryset) -> str:
    # A trigram index serves a search through a bitmap scan; a B-tree index scan of the
    # list's order, filtering every row, is what it replaces.
    return plan(queryset, avoid=("seqscan", "indexscan"))


@pytest.mark.parametrize(
    ("lookup", "index"),
    [
        (Q(full_name__icontains="obin kno"), "clinic_patient_full_name_trgm"),
        (Q(email__icontains="@EXAMPLE"), "clinic_patient_email_trgm"),
        (phones.search_condition("314 555"), "clinic_patient_phone_trgm"),
    ],
)
def test_the_patient_search_reads_a_trigram_index(lookup, index):
    PatientFactory(full_name="Robin Known", email="robin@example.org", phone="+13145550123")
    assert index in search_plan(Patient.objects.filter(lookup))


@pytest.mark.parametrize(
    ("lookup", "index"),
    [
        (Q(name__icontains="wanda"), "appointments_appointmentrequest_name_trgm"),
        (Q(email__icontains="wanda@"), "appointments_appointmentrequest_email_trgm"),
        (phones.search_condition("5550199"), "appointments_appointmentrequest_phone_trgm"),
    ],
)
def test_the_queue_search_reads_a_trigram_index(lookup, index):
    AppointmentRequestFactory(name="Wanda Waiting", email="wanda@example.org")
    assert index in search_plan(AppointmentRequest.objects.filter(lookup))


def test_the_queue_opens_in_its_index_order():
    AppointmentRequestFactory()
    queryset = appointment_request_queue(status=OPEN_FILTER)[:25]
    steps = plan(queryset, avoid=("seqscan", "sort"))
    assert "appt_req_open_queue_idx" in steps
    assert "Sort" not in steps


def test_the_program_list_reads_in_its_index_order():
    HomeProgramFactory()
    queryset = HomeProgram.objects.select_related("patient").order_by("-start_date", "-id")[:25]
    steps = plan(queryset, avoid=("seqscan", "sort"))
    assert "program_list_order_idx" in steps
    assert "Sort" not in steps


def test_measures_due_reads_the_open_programs_in_due_order():
    HomeProgramFactory()
    today = timezone.localdate()
    steps = plan(due_programs(today)[:10], avoid=("seqscan", "sort"))
    assert "program_measures_due_idx" in steps
    assert "Sort" not in steps


def test_the_unreviewed_warning_signs_are_counted_from_their_partial_index():
    ScreeningFactory(urgency=Urgency.PROMPT)
    rows = unreviewed_warnings().order_by().values("pk")[:1001]
    assert "screening_unreviewed_idx" in plan(rows)
