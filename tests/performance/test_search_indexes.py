"""The staff searches use their trigram indexes on PostgreSQL (clinic/search_indexes.py).

The planner is told to avoid sequential scans, as it would on a table of real size: on a test
table of a few rows a scan is cheaper and it would rightly choose one.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q

from appointments.models import AppointmentRequest
from clinic import phones
from clinic.models import Patient
from tests.factories import AppointmentRequestFactory, PatientFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Trigram indexes exist only on PostgreSQL; SQLite searches without them.",
    ),
    pytest.mark.django_db,
]


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


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
    assert index in plan(Patient.objects.filter(lookup))


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
    assert index in plan(AppointmentRequest.objects.filter(lookup))
