"""Reads of appointment requests: the front-desk queue and the patients a request may match."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.db.models import BooleanField, Case, Q, QuerySet, When
from django.utils import timezone

from appointments import deadlines
from appointments.models import OPEN_STATUS_LIST, AppointmentRequest, queue_priority
from appointments.reference import REFERENCE_LENGTH, normalize_reference
from clinic import phones
from clinic.filters import created_between
from clinic.models import Patient, same_contact
from clinic.pagination import capped_count

OPEN_FILTER = "open"
ALL_FILTER = "all"
SEARCH_MAX_LENGTH = 100
# What a queue row shows; the screening's answers are never loaded for the queue.
QUEUE_FIELDS = (
    "id",
    "reference",
    "name",
    "phone",
    "email",
    "contact_method",
    "status",
    "urgency",
    "created_at",
    "appointment_at",
    "screening",
    "screening__category",
    "screening__urgency",
)


def overdue_before(now: datetime | None = None) -> datetime:
    """Open requests received before this moment are past the promised answer time
    (settings.REQUEST_ANSWER_WORKING_DAYS working days, in the clinic's time zone)."""
    today = timezone.localdate(now)
    first = deadlines.first_day_on_time(today, settings.REQUEST_ANSWER_WORKING_DAYS)
    return timezone.make_aware(datetime.combine(first, time.min))


def _overdue(now: datetime | None = None) -> Case:
    return Case(
        When(status__in=OPEN_STATUS_LIST, created_at__lt=overdue_before(now), then=True),
        default=False,
        output_field=BooleanField(),
    )


def appointment_request_queue(
    *,
    status: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    search: str = "",
    now: datetime | None = None,
) -> QuerySet[AppointmentRequest]:
    """The filtered queue, open red-flag requests first (emergencies first). Open requests
    come oldest first within their urgency (the longest waiting are answered first); any
    other view, newest first. Each row says whether it is `overdue`."""
    queryset = AppointmentRequest.objects.select_related("screening").annotate(
        priority=queue_priority(), overdue=_overdue(now)
    )
    if status == OPEN_FILTER:
        queryset = queryset.filter(status__in=OPEN_STATUS_LIST)
    elif status:
        queryset = queryset.filter(status=status)
    queryset = created_between(queryset, date_from, date_to)
    search = " ".join(search.split())[:SEARCH_MAX_LENGTH]
    if search:
        queryset = queryset.filter(_search_condition(search))
    if status == OPEN_FILTER:
        return queryset.order_by("priority", "created_at", "id")
    return queryset.order_by("priority", "-created_at", "-id")


def open_requests_overview(*, limit: int, now: datetime | None = None) -> dict:
    """The staff home's panel: how many requests are open and overdue (each a capped count),
    and the first `limit` open ones (emergencies, then prompt ones, then the rest; oldest
    first within each). Three queries, whatever the number of requests."""
    open_requests = AppointmentRequest.objects.filter(status__in=OPEN_STATUS_LIST)
    return {
        "count": capped_count(open_requests),
        "overdue": capped_count(open_requests.filter(created_at__lt=overdue_before(now))),
        "rows": list(
            appointment_request_queue(status=OPEN_FILTER, now=now).only(*QUEUE_FIELDS)[:limit]
        ),
    }


def _search_condition(search: str) -> Q:
    condition = Q(name__icontains=search) | Q(email__icontains=search)
    phone = phones.search_condition(search)
    if phone is not None:
        condition |= phone
    reference = normalize_reference(search)
    if 4 <= len(reference) <= REFERENCE_LENGTH:
        condition |= Q(reference__startswith=reference)
    return condition


def patient_candidates(appointment_request: AppointmentRequest) -> QuerySet[Patient]:
    """Patient records that match the request's email, phone or exact name: the only ones offered
    for linking, so that a request cannot be tied to an unrelated patient by id."""
    condition = same_contact(
        name=appointment_request.name,
        email=appointment_request.email,
        phone=appointment_request.phone,
    )
    return Patient.objects.filter(condition).order_by("full_name", "id")


def requests_for_patient(patient_id: int, *, limit: int = 20) -> list[AppointmentRequest]:
    """The patient's latest appointment requests."""
    requests = AppointmentRequest.objects.filter(patient_id=patient_id).select_related(
        "appointment_clinician"
    )
    return list(requests.order_by("-created_at", "-id")[:limit])
