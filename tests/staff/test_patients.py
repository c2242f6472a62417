"""Clinician pages for patient records."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clinic.models import Patient
from exercises.services import program_flags_refresh
from tests.factories import (
    HomeProgramFactory,
    PatientFactory,
    ProgramItemFactory,
    ScreeningFactory,
    SessionLogFactory,
    clinician,
)

pytestmark = pytest.mark.django_db

# Every signed-in staff request: session, user, groups; the audit trail's row (savepoint,
# insert, release) and the idle-timeout session save (savepoint, update, release).
STAFF_REQUEST = 9


@pytest.mark.parametrize("count", [10, 110])
def test_the_list_keeps_constant_queries(client, django_assert_num_queries, count):
    client.force_login(clinician())
    for patient in PatientFactory.create_batch(count):
        HomeProgramFactory(patient=patient)
    # The staff request; count, one page of patients with their program counts.
    with django_assert_num_queries(STAFF_REQUEST + 2):
        response = client.get(reverse("staff:patient_list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)


def test_the_list_searches_name_email_and_phone(client):
    client.force_login(clinician())
    PatientFactory(full_name="Dana Okafor", email="dana@example.org", phone="314-555-0142")
    PatientFactory(full_name="Lee Park", email="lee@example.org", phone="314-555-0199")
    for query in ("okaf", "dana@", "0142"):
        html = client.get(reverse("staff:patient_list"), {"q": query}).content.decode()
        assert "Dana Okafor" in html, query
        assert "Lee Park" not in html, query


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "x" * 5000, "%", "' OR 1=1 --"])
def test_odd_searches_never_fail(client, query):
    client.force_login(clinician())
    response = client.get(reverse("staff:patient_list"), {"q": query, "page": "zz"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_list_paginates(client):
    client.force_login(clinician())
    PatientFactory.create_batch(30)
    response = client.get(reverse("staff:patient_list"), {"page": "2"})
    assert len(response.context["page"].object_list) == 5
    assert "Page 2 of 2" in response.content.decode()


def test_a_clinician_creates_a_patient(client):
    user = clinician()
    client.force_login(user)
    response = client.post(
        reverse("staff:patient_create"),
        {"full_name": "Robin Hale", "email": "", "phone": "314-555-0123", "date_of_birth": ""},
    )
    patient = Patient.objects.get(full_name="Robin Hale")
    assert response["Location"] == reverse("staff:patient_detail", args=[patient.pk])
    assert patient.created_by == user


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": "No Contact"}, "Give an email address or a phone number, or both."),
        ({}, "This field is required."),
        ({"full_name": "x" * 300, "phone": "1"}, "at most 200 characters"),
        ({"full_name": "A", "email": "<b>not-an-email</b>"}, "Enter a valid email address."),
        ({"full_name": "A", "phone": "1", "date_of_birth": "31/31/31"}, "Enter a valid date."),
        ({"full_name": "A", "phone": "call me"}, "Enter a phone number we can call"),
    ],
)
def test_bad_patient_records_get_clear_messages(client, data, message):
    client.force_login(clinician())
    response = client.post(reverse("staff:patient_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Patient.objects.exists()


def test_a_clinician_edits_a_patients_details(client):
    patient = PatientFactory(full_name="Robin Hale", email="robin@example.org")
    client.force_login(clinician())
    url = reverse("staff:patient_edit", args=[patient.pk])
    assert "robin@example.org" in client.get(url).content.decode()
    response = client.post(
        url, {"full_name": "Robin Hale-Jones", "email": "rhj@example.org", "phone": ""}
    )
    assert response["Location"] == patient.get_absolute_url()
    patient.refresh_from_db()
    assert (patient.full_name, patient.email) == ("Robin Hale-Jones", "rhj@example.org")
    assert "Patient details saved." in client.get(patient.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": "Robin Hale"}, "Give an email address or a phone number, or both."),
        ({"full_name": "", "email": "r@example.org"}, "This field is required."),
        ({"full_name": "A", "phone": "call me"}, "Enter a phone number"),
    ],
)
def test_an_edit_is_checked_like_a_new_record(client, data, message):
    patient = PatientFactory(full_name="Robin Hale", email="robin@example.org")
    client.force_login(clinician())
    response = client.post(reverse("staff:patient_edit", args=[patient.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    patient.refresh_from_db()
    assert (patient.full_name, patient.email) == ("Robin Hale", "robin@example.org")


def test_the_detail_shows_programs_adherence_comments_and_screenings(client):
    client.force_login(clinician())
    patient = PatientFactory()
    program = HomeProgramFactory(patient=patient, title="Sciatica - early")
    ProgramItemFactory(program=program)
    SessionLogFactory(program=program, pain=4, comment="Felt easier today", tingling_spread=True)
    program_flags_refresh()
    ScreeningFactory(patient=patient)
    html = client.get(reverse("staff:patient_detail", args=[patient.pk])).content.decode()
    assert "Sciatica - early" in html
    assert "Felt easier today" in html
    assert "Reported spreading tingling or numbness" in html
    # Started 30 days ago: day 3 of program week 5, once a day; 2 sessions due, 1 logged.
    assert "50%" in html
    assert "Looks more like a muscle strain" in html


@pytest.mark.parametrize("count", [2, 12])
def test_the_detail_keeps_constant_queries(client, django_assert_num_queries, count):
    client.force_login(clinician())
    patient = PatientFactory()
    for _ in range(count):
        program = HomeProgramFactory(patient=patient)
        ProgramItemFactory(program=program)
        SessionLogFactory.create_batch(3, program=program, comment="ok")
    ScreeningFactory.create_batch(count, patient=patient)
    # The staff request; patient; programs, their versions, recent logs; screenings; and
    # appointment requests once that relation exists.
    expected = STAFF_REQUEST + 5 + int(hasattr(patient, "appointment_requests"))
    with django_assert_num_queries(expected):
        response = client.get(reverse("staff:patient_detail", args=[patient.pk]))
    assert response.status_code == 200
