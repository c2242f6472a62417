"""Text that people type is stored as typed and always shown escaped, wherever it is shown."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from appointments.models import AppointmentRequest
from clinic.models import Patient
from exercises.models import AvoidAdvice, Exercise, ProgramTemplate
from screening.models import Screening
from screening.questionnaire import STATE_COOKIE
from tests.factories import questionnaire_state
from tests.security.world import World

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x1")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(2)>'
HOSTILE = f"{SCRIPT}{ATTRIBUTE}"


def _assert_escaped(client: Client, url: str) -> None:
    html = client.get(url).content.decode()
    assert SCRIPT not in html, url
    assert "<img src=x" not in html, url
    assert "&lt;script&gt;alert(" in html, f"the text is not shown at all on {url}"


def _as(world: World, who: str) -> Client:
    client = Client()
    client.force_login(getattr(world, who))
    return client


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    from appointments import services

    monkeypatch.setattr(services, "RATE_LIMIT_COUNT", 10**6)


def test_an_appointment_request_is_shown_escaped_to_the_front_desk(world: World):
    response = Client().post(
        reverse("appointments:request"),
        {
            "name": HOSTILE,
            "phone": "314 555 0123",
            "contact_method": "phone",
            "reason": HOSTILE,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    stored = AppointmentRequest.objects.get(name=HOSTILE)
    assert stored.reason == HOSTILE
    desk = _as(world, "front_desk")
    _assert_escaped(desk, reverse("appointments:queue"))
    _assert_escaped(desk, reverse("appointments:detail", args=[stored.pk]))


def test_a_status_note_is_shown_escaped(world: World):
    desk = _as(world, "front_desk")
    desk.post(reverse("appointments:add_note", args=[world.request_a.pk]), {"note": HOSTILE})
    _assert_escaped(desk, reverse("appointments:detail", args=[world.request_a.pk]))


def test_a_search_term_is_echoed_escaped(world: World):
    desk = _as(world, "front_desk")
    html = desk.get(reverse("appointments:queue"), {"q": HOSTILE}).content.decode()
    assert SCRIPT not in html
    clinician = _as(world, "clinician")
    html = clinician.get(reverse("staff:patient_list"), {"q": HOSTILE}).content.decode()
    assert SCRIPT not in html


def test_a_session_comment_is_shown_escaped_to_patient_and_clinician(world: World):
    url = reverse("exercises:program", args=[world.program_a_token])
    patient = Client()
    response = patient.post(url, {"pain": "3", "tingling_spread": "no", "comment": HOSTILE})
    assert response.status_code == 302
    assert world.program_a.logs.filter(comment=HOSTILE).exists()
    _assert_escaped(patient, url)
    _assert_escaped(
        _as(world, "clinician"), reverse("exercises:program_detail", args=[world.program_a.pk])
    )


def test_a_patient_name_is_shown_escaped_on_every_clinician_page(world: World):
    clinician = _as(world, "clinician")
    response = clinician.post(
        reverse("staff:patient_create"),
        {"full_name": HOSTILE, "email": "robin@example.org", "phone": ""},
    )
    assert response.status_code == 302
    patient = Patient.objects.get(full_name=HOSTILE)
    _assert_escaped(clinician, reverse("staff:patient_list"))
    _assert_escaped(clinician, reverse("staff:patient_detail", args=[patient.pk]))
    _assert_escaped(clinician, reverse("exercises:program_assign", args=[patient.pk]))


def test_program_notes_are_shown_escaped_on_the_patient_pages(world: World):
    clinician = _as(world, "clinician")
    response = clinician.post(
        reverse("exercises:program_assign", args=[world.patient_a.pk]),
        {
            "title": HOSTILE,
            "start_date": "2026-01-05",
            "end_date": "",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-exercise": str(world.exercise.pk),
            "items-0-sets": "2",
            "items-0-reps": "10",
            "items-0-hold_seconds": "",
            "items-0-times_per_day": "1",
            "items-0-days_per_week": "5",
            "items-0-note": HOSTILE,
            "items-0-ORDER": "1",
        },
    )
    assert response.status_code == 302
    response = clinician.get(response.url)
    html = response.content.decode()
    assert SCRIPT not in html
    token = response.context["token"]
    program = world.patient_a.home_programs.get(title=HOSTILE)
    _assert_escaped(Client(), reverse("exercises:program", args=[token]))
    _assert_escaped(Client(), reverse("exercises:program_print", args=[token]))
    _assert_escaped(clinician, reverse("exercises:program_detail", args=[program.pk]))
    _assert_escaped(clinician, reverse("exercises:program_list"))
    _assert_escaped(clinician, reverse("staff:patient_detail", args=[world.patient_a.pk]))


def test_screening_contact_details_and_review_notes_are_shown_escaped(world: World):
    patient = Client()
    patient.cookies[STATE_COOKIE] = questionnaire_state({"onset": "gradual", "worse_sitting": True})
    response = patient.post(
        reverse("screening:step", args=["contact"]),
        {
            "action": "next",
            "contact_name": HOSTILE,
            "contact_email": "",
            "contact_phone": "",
        },
    )
    assert response.status_code == 302
    screening = Screening.objects.get(contact_name=HOSTILE)
    clinician = _as(world, "clinician")
    clinician.post(reverse("screening:staff_detail", args=[screening.pk]), {"note": HOSTILE})
    screening.refresh_from_db()
    assert screening.review_note == HOSTILE
    _assert_escaped(clinician, reverse("screening:staff_detail", args=[screening.pk]))


def test_library_content_written_by_clinicians_is_shown_escaped_to_the_public(world: World):
    clinician = _as(world, "clinician")
    response = clinician.post(
        reverse("exercises:staff_exercise_create"),
        {
            "name": HOSTILE,
            "slug": "hostile-exercise",
            "category": "strengthening",
            "suits": "both",
            "position": "9",
            "purpose": HOSTILE,
            "steps": f"Stand\n{HOSTILE}",
            "feel": HOSTILE,
            "cautions": HOSTILE,
            "progression": HOSTILE,
            "sets": "2",
            "reps": "10",
            "hold_seconds": "",
            "times_per_day": "1",
            "days_per_week": "5",
            "image_start": "",
            "alt_start": HOSTILE,
            "image_end": "",
            "alt_end": HOSTILE,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Exercise.objects.filter(slug="hostile-exercise").exists()
    avoid = AvoidAdvice.objects.order_by("id").first()
    clinician.post(
        reverse("exercises:avoid_edit", args=[avoid.pk]),
        {"title": HOSTILE, "reason": HOSTILE, "position": "1"},
    )
    _assert_escaped(Client(), reverse("exercises:library"))
    _assert_escaped(Client(), reverse("exercises:detail", args=["hostile-exercise"]))
    _assert_escaped(clinician, reverse("exercises:staff_exercise_list"))


def test_template_names_are_shown_escaped(world: World):
    clinician = _as(world, "clinician")
    clinician.post(
        reverse("exercises:template_create"),
        {
            "name": HOSTILE,
            "description": HOSTILE,
            "is_active": "on",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-exercise": str(world.exercise.pk),
            "items-0-sets": "2",
            "items-0-reps": "10",
            "items-0-times_per_day": "1",
            "items-0-days_per_week": "5",
            "items-0-ORDER": "1",
        },
    )
    template = ProgramTemplate.objects.get(name=HOSTILE)
    _assert_escaped(clinician, reverse("exercises:template_list"))
    _assert_escaped(
        clinician,
        reverse("exercises:program_assign", args=[world.patient_a.pk]) + f"?template={template.pk}",
    )


def test_the_patient_s_activities_are_shown_escaped_on_the_outcome_pages(world: World):
    from django.utils import timezone

    from outcomes.models import OutcomeTrack

    url = reverse("outcomes:checkin", args=[world.program_a_token])
    patient = Client()
    data = {f"lefs_{number}": "2" for number in range(1, 21)}
    data |= {"activity_1": HOSTILE, "activity_2": "Stairs", "activity_3": "Sitting"}
    data |= {"psfs_1": "3", "psfs_2": "3", "psfs_3": "3", "pain": "5"}
    assert patient.post(url, data).status_code == 302
    # Due again: the form names the activity in its question.
    OutcomeTrack.objects.filter(program=world.program_a).update(next_due_on=timezone.localdate())
    _assert_escaped(patient, url)
    clinician = _as(world, "clinician")
    _assert_escaped(clinician, reverse("outcomes:program_outcomes", args=[world.program_a.pk]))
    _assert_escaped(clinician, reverse("outcomes:record_checkin", args=[world.program_a.pk]))
