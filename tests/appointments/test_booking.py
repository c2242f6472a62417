"""Booking with a time, moving and cancelling an appointment, undoing a mistaken status, and
the patient's emails with their calendar files."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from appointments.calendar import unfold
from appointments.codes import RequestStatus
from appointments.models import AppointmentRequest, StatusChange
from appointments.services import (
    Appointment,
    appointment_request_change_status,
    appointment_request_reverse_status,
    appointment_reschedule,
)
from tests.factories import AppointmentRequestFactory, clinician, front_desk

pytestmark = pytest.mark.django_db


def _in_days(days: int, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def _book(request, appointment, user=None):
    return appointment_request_change_status(
        request=request,
        to_status=RequestStatus.BOOKED,
        note="",
        changed_by=user,
        expected_version=request.version,
        appointment=appointment,
    )


def _calendar(message) -> dict[str, str]:
    (name, content, mimetype) = message.attachments[0]
    assert name == "appointment.ics"
    assert mimetype.startswith("text/calendar")
    return unfold(content)


def test_booking_records_the_time_and_clinician_and_emails_a_calendar_file(
    django_capture_on_commit_callbacks,
):
    doctor = clinician(first_name="Sam", last_name="Lee")
    request = AppointmentRequestFactory(status="contacted", email="pat@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        booked = _book(request, Appointment(_in_days(6), clinician=doctor), front_desk())
    stored = AppointmentRequest.objects.get()
    assert stored.status == "booked"
    assert stored.appointment_at == _in_days(6)
    assert stored.appointment_with == "Sam Lee"
    change = StatusChange.objects.get()
    assert (change.appointment_at, change.appointment_with) == (_in_days(6), "Sam Lee")
    assert booked.appointment_sequence == 1
    (message,) = mail.outbox
    assert message.to == ["pat@example.com"]
    assert "Your appointment is booked for" in message.body
    assert "You will see Sam Lee." in message.body
    calendar = _calendar(message)
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["SEQUENCE"] == "1"
    assert calendar["DTSTART"] == _in_days(6).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@pytest.mark.parametrize(
    ("appointment", "field", "code"),
    [
        (None, "appointment_date", "required"),
        (
            Appointment(timezone.now() - timedelta(hours=1), clinician_name="Sam"),
            "appointment_date",
            "past",
        ),
        (Appointment(timezone.now() + timedelta(days=2)), "clinician", "required"),
        (
            Appointment(timezone.now() + timedelta(days=2), clinician_name="   "),
            "clinician",
            "required",
        ),
    ],
)
def test_booking_needs_a_time_to_come_and_a_clinician(appointment, field, code):
    request = AppointmentRequestFactory(status="contacted")
    with pytest.raises(ValidationError) as error:
        _book(request, appointment)
    assert error.value.error_dict[field][0].code == code
    assert AppointmentRequest.objects.get().status == "contacted"
    assert not StatusChange.objects.exists()


def test_moving_and_cancelling_keep_one_calendar_event_with_a_rising_sequence(
    django_capture_on_commit_callbacks,
):
    request = AppointmentRequestFactory(status="contacted", email="pat@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        request = _book(request, Appointment(_in_days(6), clinician_name="Sam Lee"))
        request = appointment_reschedule(
            request=request,
            appointment=Appointment(_in_days(8, hour=14), clinician_name="Ana Ruiz"),
            note="Patient asked for an afternoon.",
            changed_by=None,
            expected_version=request.version,
        )
        appointment_request_change_status(
            request=request,
            to_status=RequestStatus.CANCELLED,
            note="Feeling better.",
            changed_by=None,
            expected_version=request.version,
        )
    stored = AppointmentRequest.objects.get()
    assert stored.status == "cancelled"
    assert stored.appointment_at == _in_days(8, hour=14)  # kept: what was cancelled
    booked, moved, cancelled = (_calendar(message) for message in mail.outbox)
    assert booked["UID"] == moved["UID"] == cancelled["UID"]
    assert [booked["SEQUENCE"], moved["SEQUENCE"], cancelled["SEQUENCE"]] == ["1", "2", "3"]
    assert moved["METHOD"] == "REQUEST"
    assert cancelled["METHOD"] == "CANCEL"
    assert cancelled["STATUS"] == "CANCELLED"
    assert "has moved" in mail.outbox[1].subject
    assert "is cancelled" in mail.outbox[2].subject
    history = list(StatusChange.objects.values_list("from_status", "to_status", "note"))
    assert history == [
        ("contacted", "booked", ""),
        ("booked", "booked", "Patient asked for an afternoon."),
        ("booked", "cancelled", "Feeling better."),
    ]


def test_cancelling_needs_a_reason():
    request = AppointmentRequestFactory(status="contacted")
    request = _book(request, Appointment(_in_days(3), clinician_name="Sam"))
    with pytest.raises(ValidationError) as error:
        appointment_request_change_status(
            request=request,
            to_status=RequestStatus.CANCELLED,
            note=" ",
            changed_by=None,
            expected_version=request.version,
        )
    assert error.value.error_dict["note"][0].code == "note_required"


def test_no_email_without_an_address(django_capture_on_commit_callbacks):
    request = AppointmentRequestFactory(status="contacted", email="", contact_method="phone")
    with django_capture_on_commit_callbacks(execute=True):
        _book(request, Appointment(_in_days(3), clinician_name="Sam"))
    assert mail.outbox == []


def test_a_mistaken_status_is_undone_with_a_note_and_the_history_keeps_both(
    django_capture_on_commit_callbacks,
):
    request = AppointmentRequestFactory(status="new")
    request = appointment_request_change_status(
        request=request,
        to_status=RequestStatus.DECLINED,
        note="Duplicate.",
        changed_by=None,
        expected_version=request.version,
    )
    with pytest.raises(ValidationError):
        appointment_request_reverse_status(
            request=request, note="", changed_by=None, expected_version=request.version
        )
    request = appointment_request_reverse_status(
        request=request,
        note="Not a duplicate: another patient.",
        changed_by=None,
        expected_version=request.version,
    )
    assert AppointmentRequest.objects.get().status == "new"
    history = list(StatusChange.objects.values_list("from_status", "to_status", "reversal"))
    assert history == [("new", "declined", False), ("declined", "new", True)]


def test_undoing_a_booking_takes_it_off_the_patients_calendar(django_capture_on_commit_callbacks):
    request = AppointmentRequestFactory(status="contacted", email="pat@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        request = _book(request, Appointment(_in_days(4), clinician_name="Sam"))
        request = appointment_request_reverse_status(
            request=request,
            note="Booked the wrong request.",
            changed_by=None,
            expected_version=request.version,
        )
    assert AppointmentRequest.objects.get().status == "contacted"
    assert [_calendar(message)["METHOD"] for message in mail.outbox] == ["REQUEST", "CANCEL"]


def test_there_is_nothing_to_undo_on_a_new_request():
    request = AppointmentRequestFactory(status="new")
    with pytest.raises(ValidationError) as error:
        appointment_request_reverse_status(
            request=request, note="Oops", changed_by=None, expected_version=request.version
        )
    assert error.value.code == "nothing_to_undo"


# -- the pages -----------------------------------------------------------------------------------


def test_the_front_desk_books_moves_and_undoes_from_the_request_page(client):
    doctor = clinician(first_name="Sam", last_name="Lee")
    request = AppointmentRequestFactory(status="contacted")
    client.force_login(front_desk())
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    status_url = reverse("appointments:status", args=[request.pk])
    # Booking without a time is refused with a message on the field.
    response = client.post(status_url, {"to_status": "booked", "version": 1})
    assert response.status_code == 400
    assert "Give the appointment&#x27;s date and time to book it." in response.content.decode()
    response = client.post(
        status_url,
        {
            "to_status": "booked",
            "appointment_date": day,
            "appointment_time": "09:30",
            "clinician": doctor.pk,
            "version": 1,
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("appointments:detail", args=[request.pk])).content.decode()
    assert "with Sam Lee" in detail
    assert "Move the appointment" in detail
    assert "Undo the last status change" in detail
    response = client.post(
        reverse("appointments:reschedule", args=[request.pk]),
        {
            "appointment_date": day,
            "appointment_time": "15:00",
            "clinician_name": "Ana",
            "version": 2,
        },
    )
    assert response.status_code == 302
    stored = AppointmentRequest.objects.get()
    assert timezone.localtime(stored.appointment_at).time() == time(15, 0)
    response = client.post(
        reverse("appointments:reverse_status", args=[request.pk]),
        {"note": "Wrong request.", "version": 3},
    )
    assert response.status_code == 302
    assert AppointmentRequest.objects.get().status == "contacted"


@pytest.mark.parametrize(
    "data",
    [
        {"appointment_date": "2026-02-30", "appointment_time": "09:00"},
        {"appointment_date": "99999-01-01", "appointment_time": "09:00"},
        {"appointment_date": "2026-12-10\x00", "appointment_time": "25:99"},
        {"appointment_date": "x" * 5000, "appointment_time": "y" * 5000},
        {"appointment_date": "2090-01-01", "appointment_time": "09:00"},
    ],
)
def test_junk_dates_and_times_get_a_message_not_a_500(client, data):
    request = AppointmentRequestFactory(status="contacted")
    client.force_login(front_desk())
    response = client.post(
        reverse("appointments:status", args=[request.pk]),
        {"to_status": "booked", "clinician_name": "Sam", "version": 1, **data},
    )
    assert response.status_code == 400
    assert AppointmentRequest.objects.get().status == "contacted"
