"""A small clinic for the security tests: staff of each role, two patients, and their things."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.utils import timezone

from appointments.models import AppointmentRequest
from appointments.views import SENT_SALT
from clinic.models import Patient
from exercises.models import AvoidAdvice, Exercise, HomeProgram, ProgramTemplate
from exercises.services import ItemInput, home_program_assign, session_log_append
from screening.models import Screening
from tests.factories import (
    AppointmentRequestFactory,
    PatientFactory,
    ScreeningFactory,
    StatusChangeFactory,
    UserFactory,
    administrator,
    clinician,
    front_desk,
)

# Distinctive strings: a page or log showing one of them shows patient data.
PATIENT_A_NAME = "Ariadne Quillfeather"
PATIENT_B_NAME = "Bartholomew Zinnwald"
PROGRAM_A_NOTE = "Alpha-note-only-for-program-A"
PROGRAM_B_NOTE = "Bravo-note-only-for-program-B"
SCREENING_REVIEW_NOTE = "Clinical-review-note-7731"
REQUEST_REASON = "Thigh-pain-reason-5520"


def _phone_texts(phone) -> list[str]:
    """A stored number as stored (E.164) and as its national digits."""
    stored = str(phone)
    return [stored, stored.removeprefix("+1")] if stored else []


@dataclass
class World:
    clinician: object
    front_desk: object
    administrator: object
    no_role: object
    patient_a: Patient
    patient_b: Patient
    screening_a: Screening
    screening_b: Screening
    request_a: AppointmentRequest
    program_a: HomeProgram
    program_a_token: str
    program_b: HomeProgram
    program_b_token: str
    exercise: Exercise
    template: ProgramTemplate
    avoid: AvoidAdvice

    @property
    def screening_a_token(self) -> str:
        return self.screening_a.token

    @property
    def sent_signed(self) -> str:
        return signing.dumps({"r": self.request_a.reference, "e": False}, salt=SENT_SALT)

    def patient_texts(self) -> list[str]:
        """Strings that must never show up in a log or a URL."""
        texts = [
            PATIENT_A_NAME,
            PATIENT_B_NAME,
            self.patient_a.email,
            *_phone_texts(self.patient_a.phone),
            *_phone_texts(self.request_a.phone),
            self.program_a_token,
            self.program_b_token,
            self.screening_a.token,
        ]
        return [text for text in texts if text]


def _program(patient: Patient, exercise: Exercise, note: str, by) -> tuple[HomeProgram, str]:
    assigned = home_program_assign(
        patient=patient,
        title="Early sciatica program",
        start_date=timezone.localdate() - timedelta(days=3),
        end_date=None,
        items=[
            ItemInput(
                exercise=exercise,
                sets=2,
                reps=10,
                hold_seconds=None,
                times_per_day=1,
                days_per_week=5,
                note=note,
            )
        ],
        created_by=by,
    )
    return assigned.program, assigned.token


def build_world() -> World:
    the_clinician = clinician(username="casey", first_name="Casey")
    patient_a = PatientFactory(
        full_name=PATIENT_A_NAME, email="ariadne@example.org", phone="314-555-0177"
    )
    patient_b = PatientFactory(
        full_name=PATIENT_B_NAME, email="bart@example.org", phone="314-555-0188"
    )
    screening_a = ScreeningFactory(
        contact_name=PATIENT_A_NAME,
        review_note=SCREENING_REVIEW_NOTE,
        answers={"onset": "gradual", "activity": "lifting_or_bending", "worse_sitting": True},
    )
    screening_b = ScreeningFactory()
    request_a = AppointmentRequestFactory(
        name=PATIENT_A_NAME,
        phone="+13145550177",
        email="ariadne@example.org",
        reason=REQUEST_REASON,
        screening=screening_a,
    )
    StatusChangeFactory(request=request_a, from_status="new", to_status="new", note="Called")
    exercise = Exercise.objects.order_by("id").first()
    program_a, token_a = _program(patient_a, exercise, PROGRAM_A_NOTE, the_clinician)
    program_b, token_b = _program(patient_b, exercise, PROGRAM_B_NOTE, the_clinician)
    session_log_append(program=program_a, token=token_a, pain=4, tingling_spread=False, comment="")
    return World(
        clinician=the_clinician,
        front_desk=front_desk(username="frankie"),
        administrator=administrator(username="alex"),
        no_role=UserFactory(username="norole"),
        patient_a=patient_a,
        patient_b=patient_b,
        screening_a=screening_a,
        screening_b=screening_b,
        request_a=request_a,
        program_a=program_a,
        program_a_token=token_a,
        program_b=program_b,
        program_b_token=token_b,
        exercise=exercise,
        template=ProgramTemplate.objects.order_by("id").first(),
        avoid=AvoidAdvice.objects.order_by("id").first(),
    )
