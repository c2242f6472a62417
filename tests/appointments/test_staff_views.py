from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appointments.models import AppointmentRequest, StatusChange
from screening.codes import Category, Urgency
from screening.models import Screening
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
    response = client.get(QUEUE, {"status": "all"})
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
    assert set(_names(client.get(QUEUE, {"status": "all", "date_from": today.isoformat()}))) == {
        "New today",
        "Booked today",
    }
    last_week = (today - timedelta(days=7)).isoformat()
    assert _names(client.get(QUEUE, {"date_from": last_week, "date_to": last_week})) == [
        "Contacted last week"
    ]
    # Nonsense filters are ignored, not an error.
    response = client.get(
        QUEUE, {"status": "all", "bad": "nope", "date_from": "yesterday", "page": "x"}
    )
    assert response.status_code == 200
    assert len(_names(response)) == 3


def test_the_queue_opens_on_open_requests_the_longest_waiting_first_within_urgency(client):
    _aged(AppointmentRequestFactory(name="Waiting ten days"), hours=24 * 10)
    _aged(AppointmentRequestFactory(name="Waiting an hour"), hours=1)
    _aged(AppointmentRequestFactory(name="Contacted", status="contacted"), hours=24 * 5)
    _aged(AppointmentRequestFactory(name="Booked long ago", status="booked"), hours=24 * 30)
    _aged(
        AppointmentRequestFactory(
            name="Prompt", screening=ScreeningFactory(urgency=Urgency.PROMPT)
        ),
        hours=2,
    )
    client.force_login(front_desk())
    response = client.get(QUEUE)
    assert _names(response) == ["Prompt", "Waiting ten days", "Contacted", "Waiting an hour"]
    html = response.content.decode()
    assert '<option value="open" selected>' in html
    # Five and ten days are past two working days in any week; an hour never is.
    assert html.count(">Overdue</span>") == 2
    rows = html.split("<tbody>")[1].split("</tr>")
    assert "Overdue" in rows[1]
    assert "Overdue" in rows[2]
    assert "Overdue" not in rows[0]
    assert "Overdue" not in rows[3]
    # "All" is a choice of its own, kept in the link like every other filter.
    assert len(_names(client.get(QUEUE, {"status": "all"}))) == 5
    assert _names(client.get(QUEUE, {"status": "booked"})) == ["Booked long ago"]


def test_a_backwards_date_range_in_the_queue_is_refused_with_a_message(client):
    AppointmentRequestFactory(name="New today")
    client.force_login(front_desk())
    today = timezone.localdate()
    response = client.get(
        QUEUE, {"date_from": today.isoformat(), "date_to": (today - timedelta(days=3)).isoformat()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not understood and are ignored." in html
    assert "The start date is after the end date." in html
    assert _names(response) == ["New today"]


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
    ScreeningFactory.create_batch(rows, urgency=Urgency.EMERGENCY, contact_phone="+13145550142")
    client.force_login(front_desk())
    # 1 session, 2 user, 3 the user's groups (roles), 4 COUNT for the paginator, 5 the page of
    # requests joined with their screening, 6 the screenings to call today (one page, without
    # the answers), 7-9 audit event (savepoint, insert, release), 10-12 session save
    # (savepoint, update, release).
    with django_assert_num_queries(12):
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
    # 1 session, 2 user, 3 groups, 4 the request with its screening, patient and clinician,
    # 5 its history with who made each change, 6 the clinicians to book with, 7-9 audit event,
    # 10-12 session save.
    with django_assert_num_queries(12):
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


# -- Call today: urgent online checks that left contact details ----------------------------------


def _call_today(response) -> str:
    html = response.content.decode()
    if 'id="call-today-heading"' not in html:
        return ""
    return html.split('id="call-today-heading"')[1].split("</section>")[0]


def test_the_queue_shows_urgent_checks_to_call_on_top_emergencies_first(client):
    now = timezone.now()
    old_emergency = ScreeningFactory(urgency=Urgency.EMERGENCY, contact_phone="+13145550101")
    new_prompt = ScreeningFactory(urgency=Urgency.PROMPT, contact_email="prompt@example.com")
    new_emergency = ScreeningFactory(
        urgency=Urgency.EMERGENCY, contact_name="Erin Urgent", contact_phone="+13145550103"
    )
    too_old = ScreeningFactory(urgency=Urgency.EMERGENCY, contact_phone="+13145550104")
    ScreeningFactory(urgency=Urgency.EMERGENCY, contact_name="No Way To Call")
    ScreeningFactory(urgency=Urgency.NONE, contact_phone="+13145550105")
    requested = ScreeningFactory(urgency=Urgency.EMERGENCY, contact_phone="+13145550106")
    AppointmentRequestFactory(screening=requested)
    for age, screening in ((3, old_emergency), (1, new_prompt), (2, new_emergency)):
        Screening.objects.filter(pk=screening.pk).update(created_at=now - timedelta(days=age))
    Screening.objects.filter(pk=too_old.pk).update(created_at=now - timedelta(days=15))
    client.force_login(front_desk())
    response = client.get(QUEUE)
    panel = _call_today(response)
    assert [row.pk for row in response.context["to_call"].rows] == [
        new_emergency.pk,
        old_emergency.pk,
        new_prompt.pk,
    ]
    assert "Erin Urgent" in panel
    assert 'href="tel:+13145550103"' in panel
    assert "prompt@example.com" in panel
    assert "No Way To Call" not in panel
    for left_out in ("0104", "0105", "0106"):
        assert left_out not in panel
    assert panel.count("Add to the queue") == 3
    html = response.content.decode()
    assert html.index("Call today") < html.index('class="queue-filters"')


def test_the_call_today_list_never_loads_answers(client):
    ScreeningFactory(
        urgency=Urgency.EMERGENCY, contact_phone="+13145550101", answers={"x": "answer-text"}
    )
    client.force_login(front_desk())
    response = client.get(QUEUE)
    [row] = response.context["to_call"].rows
    assert {"answers", "assessment", "review_note"} <= row.get_deferred_fields()
    assert "answer-text" not in response.content.decode()


def test_the_queue_has_no_call_today_panel_when_nobody_waits(client):
    client.force_login(front_desk())
    assert _call_today(client.get(QUEUE)) == ""


def _add_url(screening) -> str:
    return reverse("appointments:add_from_screening", args=[screening.pk])


@pytest.mark.parametrize("make_user", [front_desk, clinician])
def test_add_to_the_queue_makes_a_request_from_the_check(client, make_user):
    screening = ScreeningFactory(
        urgency=Urgency.EMERGENCY,
        category=Category.URGENT_REFERRAL,
        contact_name="Erin Urgent",
        contact_phone="+13145550142",
        contact_email="erin@example.org",
    )
    user = make_user()
    client.force_login(user)
    response = client.post(_add_url(screening))
    request = AppointmentRequest.objects.get()
    assert response["Location"] == f"/staff/requests/{request.pk}/"
    assert (request.name, str(request.phone), request.email) == (
        "Erin Urgent",
        "+13145550142",
        "erin@example.org",
    )
    assert request.contact_method == "phone"
    assert request.reason == "From the online check: a warning sign needs a call today"
    assert request.screening == screening
    assert request.urgency == Urgency.EMERGENCY
    assert request.status == "new"
    [change] = request.status_changes.all()
    assert change.changed_by == user
    assert change.from_status == change.to_status == "new"
    page = client.get(response["Location"]).content.decode()
    assert "Added to the queue" in page
    # Off the Call today list now: it is a request.
    assert _call_today(client.get(QUEUE)) == ""


def test_add_to_the_queue_twice_makes_one_request(client):
    screening = ScreeningFactory(urgency=Urgency.PROMPT, contact_email="sam@example.com")
    client.force_login(front_desk())
    first = client.post(_add_url(screening))
    second = client.post(_add_url(screening), follow=True)
    assert AppointmentRequest.objects.count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert "already in the queue" in second.content.decode()
    request = AppointmentRequest.objects.get()
    assert request.contact_method == "email"
    assert request.name == "Name not given in the online check"


@pytest.mark.parametrize(
    "fields",
    [
        {"urgency": Urgency.NONE, "contact_phone": "+13145550142"},
        {"urgency": Urgency.EMERGENCY, "contact_name": "Only A Name"},
    ],
)
def test_add_to_the_queue_refuses_a_check_without_a_warning_sign_or_contact(client, fields):
    screening = ScreeningFactory(**fields)
    client.force_login(front_desk())
    response = client.post(_add_url(screening), follow=True)
    assert response.redirect_chain == [(QUEUE, 302)]
    assert "Only a screening with a warning sign and contact details" in (response.content.decode())
    assert not AppointmentRequest.objects.exists()


def test_add_to_the_queue_is_a_post_for_staff_only(client):
    screening = ScreeningFactory(urgency=Urgency.EMERGENCY, contact_phone="+13145550142")
    assert client.post(_add_url(screening))["Location"].startswith("/accounts/login/")
    client.force_login(front_desk())
    assert client.get(_add_url(screening)).status_code == 405
    assert client.post("/staff/requests/from-screening/999999/").status_code == 404
    assert not AppointmentRequest.objects.exists()
