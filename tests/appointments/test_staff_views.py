from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appointments.models import AppointmentRequest, StatusChange
from screening.codes import Category, Urgency
from tests.factories import (
    AppointmentRequestFactory,
    PatientFactory,
    ScreeningFactory,
    UserFactory,
    administrator,
    clinician,
    front_desk,
)

pytestmark = pytest.mark.django_db

QUEUE = "/staff/requests/"
EXPORT = "/staff/requests/export.csv"


def _aged(request: AppointmentRequest, *, hours: float) -> AppointmentRequest:
    request.created_at = timezone.now() - timedelta(hours=hours)
    AppointmentRequest.objects.filter(pk=request.pk).update(created_at=request.created_at)
    return request


def _names(response) -> list[str]:
    return [request.name for request in response.context["page"].object_list]


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


# -- access -------------------------------------------------------------------------------------


@pytest.fixture
def request_pk() -> int:
    return AppointmentRequestFactory().pk


@pytest.mark.parametrize("path", [QUEUE, EXPORT, "/staff/requests/{pk}/"])
def test_anonymous_visitors_are_sent_to_log_in(client, path, request_pk):
    response = client.get(path.format(pk=request_pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("path", [QUEUE, EXPORT, "/staff/requests/{pk}/"])
@pytest.mark.parametrize("make_user", [front_desk, clinician, administrator])
def test_front_desk_clinicians_and_administrators_get_in(client, path, make_user, request_pk):
    client.force_login(make_user())
    assert client.get(path.format(pk=request_pk)).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", QUEUE),
        ("get", EXPORT),
        ("get", "/staff/requests/{pk}/"),
        ("post", "/staff/requests/{pk}/status/"),
        ("post", "/staff/requests/{pk}/note/"),
        ("post", "/staff/requests/{pk}/patient/"),
        ("post", "/staff/requests/{pk}/patient/new/"),
    ],
)
def test_a_user_without_a_staff_group_is_refused(client, method, path, request_pk):
    client.force_login(UserFactory())
    response = getattr(client, method)(path.format(pk=request_pk), {"note": "x", "version": 1})
    assert response.status_code == 403
    assert not StatusChange.objects.exists()


def test_the_staff_home_links_to_the_queue(client):
    client.force_login(front_desk())
    assert reverse("appointments:queue") in client.get(reverse("staff:home")).content.decode()


# -- queue --------------------------------------------------------------------------------------


def test_the_queue_pins_open_red_flags_on_top_emergencies_first(client):
    _aged(AppointmentRequestFactory(name="Old plain"), hours=30)
    _aged(AppointmentRequestFactory(name="New plain"), hours=1)
    _aged(
        AppointmentRequestFactory(
            name="Old prompt", screening=ScreeningFactory(urgency=Urgency.PROMPT)
        ),
        hours=50,
    )
    _aged(
        AppointmentRequestFactory(
            name="Older emergency", screening=ScreeningFactory(urgency=Urgency.EMERGENCY)
        ),
        hours=70,
    )
    _aged(
        AppointmentRequestFactory(
            name="Booked emergency",
            status="booked",
            screening=ScreeningFactory(urgency=Urgency.EMERGENCY),
        ),
        hours=2,
    )
    client.force_login(front_desk())
    response = client.get(QUEUE)
    assert _names(response) == [
        "Older emergency",
        "Old prompt",
        "New plain",
        "Booked emergency",
        "Old plain",
    ]
    html = response.content.decode()
    assert "queue-row--emergency" in html
    assert "badge-emergency" in html
    assert html.count(">Prompt review</span>") == 1


def test_the_queue_filters_by_status_and_date(client):
    AppointmentRequestFactory(name="New today")
    _aged(AppointmentRequestFactory(name="Contacted last week", status="contacted"), hours=24 * 7)
    AppointmentRequestFactory(name="Booked today", status="booked")
    client.force_login(front_desk())
    assert _names(client.get(QUEUE, {"status": "contacted"})) == ["Contacted last week"]
    assert set(_names(client.get(QUEUE, {"status": "open"}))) == {
        "New today",
        "Contacted last week",
    }
    today = timezone.localdate()
    assert set(_names(client.get(QUEUE, {"date_from": today.isoformat()}))) == {
        "New today",
        "Booked today",
    }
    last_week = (today - timedelta(days=7)).isoformat()
    assert _names(client.get(QUEUE, {"date_from": last_week, "date_to": last_week})) == [
        "Contacted last week"
    ]
    # Nonsense filters are ignored, not an error.
    response = client.get(QUEUE, {"status": "nope", "date_from": "yesterday", "page": "x"})
    assert response.status_code == 200
    assert len(_names(response)) == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("robin", "Robin Example"),
        ("ROBIN@EXAMPLE", "Robin Example"),
        ("(314) 777", "Robin Example"),
        ("abcd-2345", "Robin Example"),
        ("abcd2", "Robin Example"),
    ],
)
def test_the_queue_searches_name_email_phone_and_reference(client, query, expected):
    AppointmentRequestFactory(
        name="Robin Example", email="robin@example.com", phone="+13147770123", reference="ABCD2345"
    )
    AppointmentRequestFactory(name="Sam Other", email="sam@example.com", phone="+13141110000")
    client.force_login(front_desk())
    assert _names(client.get(QUEUE, {"q": query})) == [expected]


def test_the_queue_is_paginated_by_25(client):
    AppointmentRequestFactory.create_batch(30)
    client.force_login(front_desk())
    first = client.get(QUEUE, {"status": "new"})
    assert len(_names(first)) == 25
    assert "status=new&amp;page=2" in first.content.decode()
    assert len(_names(client.get(QUEUE, {"status": "new", "page": 2}))) == 5


@pytest.mark.parametrize("rows", [10, 200])
def test_the_queue_takes_a_constant_number_of_queries(client, django_assert_num_queries, rows):
    screenings = ScreeningFactory.create_batch(3, urgency=Urgency.PROMPT)
    for number in range(rows):
        AppointmentRequestFactory(screening=screenings[number % 3] if number % 4 == 0 else None)
    client.force_login(front_desk())
    # 1 session, 2 user, 3 the user's groups (roles), 4 COUNT for the paginator, 5 the page of
    # requests joined with their screening, 6-8 audit event (savepoint, insert, release), 9-11
    # session save (savepoint, update, release).
    with django_assert_num_queries(11):
        response = client.get(QUEUE, {"q": "example"})
    assert response.status_code == 200
    assert len(_names(response)) == min(rows, 25)


def test_the_queue_never_loads_screening_answers(client):
    AppointmentRequestFactory(screening=ScreeningFactory(answers={"secret": "answer-text"}))
    client.force_login(front_desk())
    response = client.get(QUEUE)
    assert "answer-text" not in response.content.decode()
    screening = response.context["page"].object_list[0].screening
    assert "answers" in screening.get_deferred_fields()


# -- detail -------------------------------------------------------------------------------------


def test_front_desk_sees_category_and_urgency_but_not_the_answers(client):
    screening = ScreeningFactory(
        category=Category.URGENT_REFERRAL,
        urgency=Urgency.EMERGENCY,
        answers={"saddle_numbness": "answer-text"},
    )
    request = AppointmentRequestFactory(screening=screening, reason="Hurts when I sit")
    client.force_login(front_desk())
    html = client.get(f"/staff/requests/{request.pk}/").content.decode()
    assert "Needs medical care first" in html
    assert "Emergency: same day" in html
    assert "Hurts when I sit" in html
    assert request.display_reference in html
    assert "answer-text" not in html
    assert f"/staff/screenings/{screening.pk}/" not in html


def test_clinicians_get_a_link_to_the_full_screening(client):
    screening = ScreeningFactory()
    request = AppointmentRequestFactory(screening=screening)
    client.force_login(clinician())
    html = client.get(f"/staff/requests/{request.pk}/").content.decode()
    assert f"/staff/screenings/{screening.pk}/" in html


def test_the_detail_page_takes_a_constant_number_of_queries(client, django_assert_num_queries):
    request = AppointmentRequestFactory(screening=ScreeningFactory(), status="contacted")
    client.force_login(front_desk())
    for number in range(5):
        client.post(f"/staff/requests/{request.pk}/note/", {"note": f"note {number}"})
    assert StatusChange.objects.count() == 5
    # 1 session, 2 user, 3 groups, 4 the request with its screening and patient, 5 its history
    # with who made each change, 6-8 audit event, 9-11 session save.
    with django_assert_num_queries(11):
        assert client.get(f"/staff/requests/{request.pk}/").status_code == 200


def test_an_unknown_request_is_a_404(client):
    client.force_login(front_desk())
    assert client.get("/staff/requests/999999/").status_code == 404


# -- workflow through the pages -----------------------------------------------------------------


def test_staff_move_a_request_through_the_statuses_with_notes(client):
    user = front_desk(first_name="Jo", last_name="Desk")
    request = AppointmentRequestFactory()
    client.force_login(user)
    url = f"/staff/requests/{request.pk}/status/"
    assert (
        client.post(url, {"to_status": "contacted", "note": "Called", "version": 1}).status_code
        == 302
    )
    response = client.post(url, {"to_status": "declined", "note": "", "version": 2})
    assert response.status_code == 400
    assert "Write a note to say why the request is declined." in response.content.decode()
    client.post(url, {"to_status": "declined", "note": "Duplicate of ABCD-2345", "version": 2})
    page = client.get(f"/staff/requests/{request.pk}/").content.decode()
    assert "Duplicate of ABCD-2345" in page
    assert "Jo Desk" in page
    assert AppointmentRequest.objects.get().status == "declined"
    assert StatusChange.objects.count() == 2


def test_the_second_of_two_editors_is_told_and_nothing_is_overwritten(client):
    request = AppointmentRequestFactory()
    first, second = front_desk(), front_desk()
    url = f"/staff/requests/{request.pk}/status/"
    # Both load the page at version 1.
    client.force_login(first)
    assert (
        'name="version" value="1"' in client.get(f"/staff/requests/{request.pk}/").content.decode()
    )
    client.force_login(second)
    client.get(f"/staff/requests/{request.pk}/")
    # The first saves; the second's save, made from version 1, is refused.
    client.force_login(first)
    client.post(url, {"to_status": "contacted", "note": "Spoke to them", "version": 1})
    client.force_login(second)
    response = client.post(url, {"to_status": "declined", "note": "Not for us", "version": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this request while you were editing." in html
    assert "Here is the latest version." in html
    assert 'name="version" value="2"' in html
    assert "Not for us" in html  # their note is kept in the form, not saved
    stored = AppointmentRequest.objects.get()
    assert (stored.status, stored.version) == ("contacted", 2)
    assert list(StatusChange.objects.values_list("note", flat=True)) == ["Spoke to them"]


def test_staff_add_a_note_without_changing_the_status(client):
    request = AppointmentRequestFactory()
    client.force_login(clinician())
    response = client.post(f"/staff/requests/{request.pk}/note/", {"note": "Prefers mornings."})
    assert response.status_code == 302
    assert StatusChange.objects.get().is_note_only
    assert client.post(f"/staff/requests/{request.pk}/note/", {"note": " "}).status_code == 400


def test_a_booked_request_is_linked_to_a_matching_patient_only(client):
    request = AppointmentRequestFactory(
        status="booked", name="Robin Example", email="robin@example.com", phone="3145550123"
    )
    by_email = PatientFactory(full_name="R. Example", email="ROBIN@example.com", phone="")
    by_phone = PatientFactory(full_name="Robin E.", email="", phone="314-555-0123")
    unrelated = PatientFactory(full_name="Sam Other", email="sam@example.com")
    client.force_login(front_desk())
    html = client.get(f"/staff/requests/{request.pk}/").content.decode()
    assert "R. Example" in html
    assert "Robin E." in html
    assert "Sam Other" not in html
    url = f"/staff/requests/{request.pk}/patient/"
    assert client.post(url, {"patient": unrelated.pk, "version": 1}).status_code == 400
    assert client.post(url, {"patient": by_phone.pk, "version": 1}).status_code == 302
    assert AppointmentRequest.objects.get().patient == by_phone
    assert by_email.appointment_requests.count() == 0


def test_a_patient_record_is_created_from_a_booked_request(client):
    request = AppointmentRequestFactory(status="booked", name="Robin Example")
    client.force_login(front_desk())
    url = f"/staff/requests/{request.pk}/patient/new/"
    assert client.post(url, {"date_of_birth": "2999-01-01", "version": 1}).status_code == 400
    assert client.post(url, {"date_of_birth": "1980-04-02", "version": 1}).status_code == 302
    patient = AppointmentRequest.objects.get().patient
    assert patient.full_name == "Robin Example"
    assert str(patient.date_of_birth) == "1980-04-02"
    assert "Robin Example (#" in client.get(f"/staff/requests/{request.pk}/").content.decode()


# -- CSV export ---------------------------------------------------------------------------------


def test_the_export_has_the_filtered_queue_in_queue_order(client):
    AppointmentRequestFactory(name="Booked one", status="booked")
    AppointmentRequestFactory(name="New one")
    AppointmentRequestFactory(
        name="Urgent one", screening=ScreeningFactory(urgency=Urgency.EMERGENCY)
    )
    client.force_login(front_desk())
    response = client.get(EXPORT, {"status": "open", "page": "3"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="appointment-requests-')
    rows = _csv(response)
    assert rows[0][:5] == ["Reference", "Received", "Status", "Urgency", "Name"]
    assert [row[4] for row in rows[1:]] == ["Urgent one", "New one"]


def test_the_export_is_safe_against_formula_injection(client):
    AppointmentRequestFactory(
        name='=HYPERLINK("http://evil.example","click")',
        email="@evil@example.com",
        phone="+15550100123",  # kept as typed: not a number that parses
    )
    client.force_login(front_desk())
    row = _csv(client.get(EXPORT))[1]
    assert row[4] == '\'=HYPERLINK("http://evil.example","click")'
    assert row[5] == "'+15550100123"
    assert row[6] == "'@evil@example.com"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_linking_a_request_that_is_not_booked_says_why(client):
    request = AppointmentRequestFactory(status="new", email="robin@example.com")
    patient = PatientFactory(email="robin@example.com")
    client.force_login(front_desk())
    response = client.post(
        f"/staff/requests/{request.pk}/patient/", {"patient": patient.pk, "version": 1}
    )
    assert response.status_code == 400
    assert "Only a booked request can be linked to a patient record." in response.content.decode()
    assert AppointmentRequest.objects.get().patient is None
