"""Reading screenings: from a result link, for a patient record, and the ones to call today."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from clinic.models import Patient, patient_search, same_contact
from clinic.pagination import capped_count
from clinic.tokens import hash_token
from screening.models import UNREVIEWED_WARNING, Screening, urgency_rank

# Tokens are 43 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 100


def screening_for_token(token: str, *fields: str) -> Screening | None:
    """The screening behind a result-link token (only `fields`, if given); None if unknown."""
    token = (token or "").strip()
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    screenings = Screening.objects.filter(token_hash=hash_token(token))
    if fields:
        screenings = screenings.only(*fields)
    # The hash is unique: no ORDER BY to build and plan on every visit.
    return next(iter(screenings.order_by()[:1]), None)


def screenings_for_patient(patient_id: int, *, limit: int = 20) -> list[Screening]:
    """The patient's latest screenings, without their answers."""
    screenings = Screening.objects.filter(patient_id=patient_id).defer("answers", "assessment")
    return list(screenings.order_by("-created_at", "-id")[:limit])


# The "Call today" list: urgent screenings of the last two weeks that left a way to reach them.
CALL_TODAY_DAYS = 14
CALL_TODAY_LIMIT = 20
# What the front desk may see of a screening: when, how urgent, how to reach the patient.
# Never the answers or the assessment.
CALL_TODAY_FIELDS = (
    "id",
    "created_at",
    "urgency",
    "contact_name",
    "contact_email",
    "contact_phone",
)


class ScreeningsToCall(NamedTuple):
    rows: list[Screening]
    # More than `rows` are waiting (the rest are on the clinicians' screening list).
    more: bool


def screenings_to_call(
    *, now: datetime | None = None, limit: int = CALL_TODAY_LIMIT
) -> ScreeningsToCall:
    """Emergency and prompt screenings from the last 14 days that left a phone number or an
    email address and have no appointment request yet: emergencies first, then newest first.

    One query, whatever the number of rows: an index scan of the clinicians' list index
    (`screening_list_order_idx`, its filter and its order, so no sort), and for each candidate
    an index lookup of the requests' screening key (NOT EXISTS: a nested-loop anti-join on
    PostgreSQL, where a LEFT JOIN would scan every request).
    """
    since = (now or timezone.now()) - timedelta(days=CALL_TODAY_DAYS)
    # appointments.AppointmentRequest, through its link to the screening: no import upward.
    requests = Screening._meta.get_field("appointment_requests").related_model
    screenings = (
        Screening.objects.annotate(urgency_rank=urgency_rank())
        .filter(urgency_rank__lt=2, created_at__gte=since)
        .exclude(contact_phone="", contact_email="")
        .filter(~Exists(requests.objects.filter(screening=OuterRef("pk"))))
        .only(*CALL_TODAY_FIELDS)
        .order_by("urgency_rank", "-created_at", "-id")
    )
    rows = list(screenings[: limit + 1])
    return ScreeningsToCall(rows[:limit], len(rows) > limit)


UNREVIEWED_FIELDS = ("id", "created_at", "urgency", "category", "contact_name", "reviewed_at")


def unreviewed_warnings() -> QuerySet[Screening]:
    """Screenings with a warning sign that no clinician has reviewed: emergencies first, then
    the newest first (the clinicians' list index serves the order)."""
    return (
        Screening.objects.annotate(urgency_rank=urgency_rank())
        .filter(UNREVIEWED_WARNING)
        .order_by("urgency_rank", "-created_at", "-id")
    )


def unreviewed_warnings_overview(*, limit: int) -> dict:
    """The staff home's panel: how many (a capped count) and the first `limit`. Two
    queries, whatever the number of screenings."""
    screenings = unreviewed_warnings()
    return {
        "count": capped_count(screenings),
        "rows": list(screenings.only(*UNREVIEWED_FIELDS)[:limit]),
    }


PATIENT_CHOICES = 10


def patients_for_screening(screening: Screening, search: str = "") -> list[Patient]:
    """Patient records a screening may belong to: those matching its contact details, or,
    when a clinician searches, those matching the search (name, email or phone)."""
    search = " ".join(search.split())[:100]
    condition = (
        patient_search(search)
        if search
        else same_contact(
            name=screening.contact_name,
            email=screening.contact_email,
            phone=screening.contact_phone,
        )
    )
    patients = Patient.objects.filter(condition).order_by("full_name", "id")
    return list(patients[:PATIENT_CHOICES])
