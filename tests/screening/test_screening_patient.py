"""A screening becomes a patient record from the clinician's screening page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clinic.models import Patient
from screening.models import Screening
from tests.factories import PatientFactory, ScreeningFactory, clinician, front_desk

pytestmark = pytest.mark.django_db


def _url(screening) -> str:
    return reverse("screening:staff_patient", args=[screening.pk])


def test_a_clinician_makes_a_patient_record_prefilled_from_the_screening(client):
    screening = ScreeningFactory(
        contact_name="Robin Quayle", contact_email="robin@example.com", contact_phone="+13145550199"
    )
    client.force_login(clinician())
    detail = client.get(reverse("screening:staff_detail", args=[screening.pk])).content.decode()
    assert _url(screening) in detail
    page = client.get(_url(screening)).content.decode()
    assert 'value="Robin Quayle"' in page
    assert 'value="robin@example.com"' in page
    response = client.post(
        _url(screening),
        {
            "create": "",
            "new-full_name": "Robin Quayle",
            "new-email": "robin@example.com",
            "new-phone": "314 555 0199",
        },
    )
    patient = Patient.objects.get()
    assert response.status_code == 302
    assert response.url == patient.get_absolute_url()
    assert Screening.objects.get().patient == patient


def test_a_clinician_puts_the_screening_on_a_matching_or_searched_record(client):
    match = PatientFactory(full_name="Robin Quayle", email="robin@example.com")
    other = PatientFactory(full_name="Alex Other", email="alex@example.com")
    screening = ScreeningFactory(contact_email="robin@example.com")
    client.force_login(clinician())
    page = client.get(_url(screening)).content.decode()
    assert "Robin Quayle" in page
    assert "Alex Other" not in page
    searched = client.get(_url(screening), {"q": "alex"}).content.decode()
    assert "Alex Other" in searched
    response = client.post(_url(screening), {"link": "", "patient": other.pk})
    assert response.status_code == 302
    assert Screening.objects.get().patient == other
    assert match.screenings.count() == 0
    # Once on a record, the page sends the clinician back to the screening.
    assert client.get(_url(screening)).url == reverse("screening:staff_detail", args=[screening.pk])


@pytest.mark.parametrize(
    "data",
    [
        {"create": "", "new-full_name": "", "new-email": "", "new-phone": ""},
        {"create": "", "new-full_name": "x" * 5000, "new-email": "bad", "new-phone": "\x00"},
        {"link": "", "patient": "999999"},
        {"link": "", "patient": "\x00"},
        {},
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(client, data):
    screening = ScreeningFactory()
    client.force_login(clinician())
    response = client.post(_url(screening), data)
    assert response.status_code == 400
    assert Screening.objects.get().patient is None
    assert not Patient.objects.exists()


def test_the_front_desk_cannot(client):
    screening = ScreeningFactory()
    client.force_login(front_desk())
    assert client.get(_url(screening)).status_code == 403
