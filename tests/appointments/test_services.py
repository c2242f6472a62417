from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from appointments.codes import ALLOWED_TRANSITIONS, RequestStatus, allowed_next_statuses
from appointments.models import AppointmentRequest, StatusChange
from appointments.services import (
    Appointment,
    ConcurrentEditError,
    appointment_request_add_note,
    appointment_request_change_status,
    appointment_request_create_patient,
    appointment_request_link_patient,
    appointment_request_submit,
)
from tests.factories import (
    AppointmentRequestFactory,
    PatientFactory,
    ScreeningFactory,
    front_desk,
)

pytestmark = pytest.mark.django_db


def _submit(**overrides) -> AppointmentRequest:
    kwargs = {
        "name": "Robin Example",
        "phone": "3145550123",
        "email": "",
        "contact_method": "phone",
        "preferred_days": [],
        "preferred_times": ["evening"],
        "reason": "Thigh pain",
        "consent": True,
    }
    kwargs.update(overrides)
    return appointment_request_submit(**kwargs)


def _move(request, to_status, note="", user=None, appointment=None) -> AppointmentRequest:
    if to_status == RequestStatus.BOOKED and appointment is None:
        appointment = Appointment(timezone.now() + timedelta(days=5), clinician_name="Sam Lee")
    return appointment_request_change_status(
        request=request,
        to_status=to_status,
        note=note,
        changed_by=user,
        expected_version=request.version,
        appointment=appointment,
    )


def test_submit_refuses_what_the_form_would_refuse():
    with pytest.raises(ValidationError) as no_consent:
        _submit(consent=False)
    assert no_consent.value.message_dict["consent"]
    with pytest.raises(ValidationError) as bad_codes:
        _submit(preferred_days=["sunday"], phone="", email="")
    assert set(bad_codes.value.message_dict) >= {"preferred_days", "__all__"}
    assert not AppointmentRequest.objects.exists()


def test_submit_retries_a_reference_that_is_taken(monkeypatch):
    AppointmentRequestFactory(reference="AAAA2222")
    codes = iter(["AAAA2222", "AAAA2222", "BBBB3333"])
    monkeypatch.setattr("appointments.services.new_reference", lambda: next(codes))
    assert _submit().reference == "BBBB3333"


def test_the_workflow_is_defined_once_and_ends_in_booked_declined_or_no_response():
    assert allowed_next_statuses(RequestStatus.NEW) == ["contacted", "declined"]
    assert allowed_next_statuses(RequestStatus.CONTACTED) == ["booked", "declined", "no_response"]
    assert allowed_next_statuses(RequestStatus.BOOKED) == ["cancelled"]
    assert allowed_next_statuses(RequestStatus.CANCELLED) == ["contacted"]
    assert ALLOWED_TRANSITIONS[RequestStatus.DECLINED] == frozenset()
    assert set(ALLOWED_TRANSITIONS) == set(RequestStatus.values)


def test_a_status_change_records_who_when_and_the_note():
    user = front_desk()
    request = AppointmentRequestFactory()
    request = _move(request, RequestStatus.CONTACTED, "Left a voicemail.", user)
    request = _move(request, RequestStatus.BOOKED, "", user)
    stored = AppointmentRequest.objects.get()
    assert (stored.status, stored.version) == ("booked", 3)
    history = list(
        StatusChange.objects.values_list("from_status", "to_status", "note", "changed_by")
    )
    assert history == [
        ("new", "contacted", "Left a voicemail.", user.pk),
        ("contacted", "booked", "", user.pk),
    ]
    assert all(change.changed_at for change in StatusChange.objects.all())


@pytest.mark.parametrize(
    ("start", "to_status"),
    [("new", "booked"), ("new", "no_response"), ("booked", "contacted"), ("declined", "new")],
)
def test_it_refuses_moves_the_workflow_does_not_allow(start, to_status):
    request = AppointmentRequestFactory(status=start)
    with pytest.raises(ValidationError) as error:
        _move(request, to_status)
    assert error.value.error_dict["to_status"][0].code == "transition_not_allowed"
    assert not StatusChange.objects.exists()
    assert AppointmentRequest.objects.get().version == 1


def test_declining_needs_a_note():
    request = AppointmentRequestFactory(status="contacted")
    with pytest.raises(ValidationError) as error:
        _move(request, RequestStatus.DECLINED, "   ")
    assert error.value.message_dict["note"] == ["Write a note to say why the request is declined."]
    _move(request, RequestStatus.DECLINED, "Not something we treat here.")
    assert AppointmentRequest.objects.get().status == "declined"


def test_a_change_from_a_stale_copy_is_refused_and_nothing_overwritten():
    first_editor = AppointmentRequestFactory()
    second_editor = AppointmentRequest.objects.get(pk=first_editor.pk)
    _move(first_editor, RequestStatus.CONTACTED, "Called, will call back.")
    with pytest.raises(ConcurrentEditError) as error:
        _move(second_editor, RequestStatus.DECLINED, "Duplicate.")
    assert error.value.latest.status == "contacted"
    assert error.value.latest.version == 2
    assert list(StatusChange.objects.values_list("to_status", flat=True)) == ["contacted"]


def test_a_note_without_status_change_is_kept_in_the_history():
    request = AppointmentRequestFactory(status="contacted")
    appointment_request_add_note(request=request, note=" Prefers Tuesdays. ", changed_by=None)
    change = StatusChange.objects.get()
    assert change.is_note_only
    assert change.note == "Prefers Tuesdays."
    with pytest.raises(ValidationError):
        appointment_request_add_note(request=request, note="  ", changed_by=None)


def test_a_booked_request_links_to_a_patient_and_its_screening_follows():
    screening = ScreeningFactory()
    request = AppointmentRequestFactory(status="booked", screening=screening)
    patient = PatientFactory()
    appointment_request_link_patient(
        request=request, patient=patient, changed_by=None, expected_version=1
    )
    request.refresh_from_db()
    screening.refresh_from_db()
    assert request.patient == patient
    assert request.version == 2
    assert screening.patient == patient
    assert StatusChange.objects.get().is_note_only


def test_only_a_booked_request_is_linked():
    request = AppointmentRequestFactory(status="contacted")
    with pytest.raises(ValidationError):
        appointment_request_link_patient(
            request=request, patient=PatientFactory(), changed_by=None, expected_version=1
        )


def test_a_patient_record_is_created_from_the_request():
    user = front_desk()
    request = AppointmentRequestFactory(
        status="booked", name="Robin Example", phone="3145550123", email=""
    )
    appointment_request_create_patient(request=request, changed_by=user, expected_version=1)
    request.refresh_from_db()
    patient = request.patient
    assert (patient.full_name, str(patient.phone), patient.email) == (
        "Robin Example",
        "+13145550123",
        "",
    )
    assert patient.created_by == user
    with pytest.raises(ConcurrentEditError):
        appointment_request_create_patient(request=request, changed_by=user, expected_version=1)


def test_address_hashes_are_wiped_once_past_the_rate_limit_window():
    old = AppointmentRequestFactory(submitter_hash="a" * 64)
    recent = AppointmentRequestFactory(submitter_hash="b" * 64)
    AppointmentRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    out = StringIO()
    call_command("wipe_submitter_addresses", stdout=out)
    assert out.getvalue() == (
        "Wiped the address hashes of 1 appointment requests older than 24 hours.\n"
        "Wiped the address hashes of 0 screenings older than 24 hours.\n"
    )
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.submitter_hash == ""
    assert recent.submitter_hash == "b" * 64


def test_a_patient_request_leaves_other_requests_untouched():
    """Wiping old hashes would lock rows staff may be editing: never in a patient's request."""
    old = AppointmentRequestFactory(submitter_hash="a" * 64)
    AppointmentRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    _submit(submitter="c" * 64)
    old.refresh_from_db()
    assert old.submitter_hash == "a" * 64
