from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from appointments.forms import AppointmentRequestForm
from appointments.models import AppointmentRequest
from appointments.services import RATE_LIMIT_COUNT, submitter_hash
from screening.codes import Category, Urgency
from tests.factories import AppointmentRequestFactory, ScreeningFactory

pytestmark = pytest.mark.django_db

URL = "/appointments/request/"


def _data(**overrides) -> dict:
    data = {
        "name": "Robin Example",
        "phone": "314 555 0123",
        "email": "robin@example.com",
        "contact_method": "phone",
        "preferred_days": ["mon", "thu"],
        "preferred_times": ["morning"],
        "reason": "Pain at the back of my thigh since Sunday's run.",
        "consent": "on",
        "screening_token": "",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _errors(**overrides) -> dict:
    form = AppointmentRequestForm(_data(**overrides))
    assert not form.is_valid()
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


# -- validation messages ------------------------------------------------------------------------


def test_it_accepts_a_complete_request():
    form = AppointmentRequestForm(_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+13145550123"


def test_it_asks_for_a_phone_or_an_email():
    errors = _errors(phone="", email="")
    assert errors["phone"] == ["Give a phone number or an email address, so that we can reach you."]


def test_it_accepts_an_email_alone_when_contact_is_by_email():
    form = AppointmentRequestForm(_data(phone="", contact_method="email"))
    assert form.is_valid(), form.errors


def test_it_wants_the_channel_of_the_chosen_contact_method():
    assert _errors(phone="", contact_method="text")["contact_method"] == [
        "You chose to be phoned or texted: please give a phone number too."
    ]
    assert _errors(email="", contact_method="email")["contact_method"] == [
        "You chose email: please give an email address too."
    ]


@pytest.mark.parametrize(
    "phone",
    ["12345", "call me maybe", "+1 555 0100 0100 0100 99", "5550100<>", "555 010 0123", "+"],
)
def test_it_explains_a_wrong_phone_number(phone):
    assert _errors(phone=phone)["phone"] == [
        "Enter a phone number we can call, for example (314) 555-0123, or one that starts "
        "with + and the country code."
    ]


def test_it_explains_a_wrong_email():
    assert _errors(email="robin@")["email"] == ["Enter an email address like name@example.com."]


def test_it_requires_name_reason_method_and_consent_with_plain_messages():
    errors = _errors(name="   ", reason="  ", contact_method="", consent=None)
    assert errors["name"] == ["Tell us your name."]
    assert errors["reason"] == ["Tell us in a few words why you would like an appointment."]
    assert errors["contact_method"] == ["Choose how we should contact you."]
    assert errors["consent"] == ["Please tick this box so that we may contact you."]


def test_it_bounds_the_reason():
    assert _errors(reason="x" * 2001)["reason"] == [
        "Please keep this shorter: at most 2000 characters (this has 2001)."
    ]


def test_it_refuses_codes_that_are_not_offered():
    errors = _errors(
        preferred_days=["sun", "mon"], preferred_times=["midnight"], contact_method="fax"
    )
    assert errors["preferred_days"] == ["Choose from the days listed."]
    assert errors["preferred_times"] == ["Choose from the times listed."]
    assert errors["contact_method"] == ["Choose one of the ways listed."]


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"name": "x" * 100_000, "reason": "y" * 100_000, "email": "a" * 5000 + "@example.com"},
        {"name": "Robin\x00", "reason": "nul\x00byte", "phone": "\x00"},
        {"name": "<script>alert(1)</script>", "reason": "'; DROP TABLE x; --"},
        {"preferred_days": ["mon"] * 50, "screening_token": "z" * 5000},
        {"screening_token": "\u202e\ufeff", "contact_method": ["phone", "email"]},
    ],
)
def test_it_never_fails_on_empty_huge_or_hostile_input(client, overrides):
    data = {} if overrides == {} else _data(**overrides)
    response = client.post(URL, data)
    assert response.status_code in {302, 400}
    if overrides.get("name", "").startswith("<script>"):
        assert response.status_code == 302
        assert AppointmentRequest.objects.get().name == "<script>alert(1)</script>"


# -- the page -----------------------------------------------------------------------------------


def test_it_shows_the_form_with_labelled_groups(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<legend" in html
    assert "Which days suit you?" in html
    assert "Your check result will be sent" not in html
    assert 'class="appointments-hp"' in html
    assert 'aria-hidden="true"' in html
    assert 'tabindex="-1"' in html
    assert "style=" not in html


def test_it_attaches_the_screening_from_the_result_page(client):
    screening = ScreeningFactory(category=Category.LIKELY_SCIATICA)
    html = client.get(URL, {"screening": screening.token}).content.decode()
    assert "Your check result will be sent with this request." in html
    assert "Looks more like the nerve (sciatica)" in html
    assert f'value="{screening.token}"' in html
    assert "Send my check result with this request" in html


def test_it_ignores_an_unknown_screening_token(client):
    html = client.get(URL, {"screening": "not-a-real-token"}).content.decode()
    assert "Your check result will be sent" not in html
    assert "not-a-real-token" not in html


def test_it_stores_the_request_with_its_screening_and_urgency(
    client, django_capture_on_commit_callbacks
):
    screening = ScreeningFactory(urgency=Urgency.PROMPT, category=Category.URGENT_REFERRAL)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data(screening_token=screening.token, attach_screening="on"))
    stored = AppointmentRequest.objects.get()
    assert stored.screening == screening
    assert stored.urgency == Urgency.PROMPT
    assert stored.preferred_days == ["mon", "thu"]
    assert stored.status == "new"
    assert stored.submitter_hash == submitter_hash("127.0.0.1")
    assert "127.0.0.1" not in stored.submitter_hash
    page = client.get(response["Location"])
    assert stored.display_reference in page.content.decode()


def test_it_leaves_the_screening_out_when_the_patient_removes_it(client):
    screening = ScreeningFactory(urgency=Urgency.EMERGENCY)
    client.post(URL, _data(screening_token=screening.token))  # box unticked
    stored = AppointmentRequest.objects.get()
    assert stored.screening is None
    assert stored.urgency == Urgency.NONE


def test_the_confirmation_shows_the_reference_and_no_personal_data(client):
    response = client.post(URL, _data())
    stored = AppointmentRequest.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert stored.display_reference in page
    assert 'class="reference-code"' in page
    assert "Robin" not in page
    assert "robin@example.com" not in page
    assert "We are also sending you an email" in page


def test_the_confirmation_cannot_be_forged_from_a_reference(client):
    request = AppointmentRequestFactory()
    assert client.get(f"/appointments/request/sent/{request.reference}/").status_code == 404
    forged = reverse("appointments:sent", args=['{"r":"' + request.reference + '"}:bad'])
    assert client.get(forged).status_code == 404


# -- honeypot and rate limit --------------------------------------------------------------------


def test_a_filled_honeypot_stores_and_sends_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data(website="http://spam.example"))
    assert response.status_code == 200
    assert "Please call us" in response.content.decode()
    assert "reference-code" not in response.content.decode()
    assert not AppointmentRequest.objects.exists()
    assert mail.outbox == []


def test_it_limits_requests_per_address_per_hour(client):
    for _ in range(RATE_LIMIT_COUNT):
        assert client.post(URL, _data()).status_code == 302
    response = client.post(URL, _data())
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please call us on 555-0100" in html
    assert AppointmentRequest.objects.count() == RATE_LIMIT_COUNT
    # Another address is not affected.
    assert client.post(URL, _data(), REMOTE_ADDR="203.0.113.9").status_code == 302


def test_the_rate_limit_counts_only_the_last_hour(client):
    AppointmentRequestFactory.create_batch(
        RATE_LIMIT_COUNT, submitter_hash=submitter_hash("127.0.0.1")
    )
    AppointmentRequest.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert client.post(URL, _data()).status_code == 302


# -- emails -------------------------------------------------------------------------------------


def test_it_emails_the_front_desk_and_the_patient(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _data())
    stored = AppointmentRequest.objects.get()
    front_desk, patient = mail.outbox
    assert front_desk.to == ["frontdesk@clinic.example"]
    assert front_desk.subject == f"New appointment request {stored.display_reference}"
    assert "Robin Example" in front_desk.body
    assert f"/staff/requests/{stored.pk}/" in front_desk.body
    assert "Monday, Thursday" in front_desk.body
    assert patient.to == ["robin@example.com"]
    assert stored.display_reference in patient.subject
    assert stored.display_reference in patient.body
    assert "emergency" in patient.body.lower()
    # The patient's free text never goes into an email.
    assert "Sunday's run" not in front_desk.body + patient.body


def test_it_sends_no_confirmation_without_an_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _data(email=""))
    assert [m.to for m in mail.outbox] == [["frontdesk@clinic.example"]]


@pytest.mark.parametrize(
    ("urgency", "prefix"), [(Urgency.EMERGENCY, "EMERGENCY:"), (Urgency.PROMPT, "URGENT:")]
)
def test_a_red_flag_makes_the_front_desk_subject_urgent(
    client, django_capture_on_commit_callbacks, urgency, prefix
):
    screening = ScreeningFactory(urgency=urgency, answers={"saddle_numbness": "yes-secret"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _data(screening_token=screening.token, attach_screening="on"))
    front_desk = mail.outbox[0]
    assert front_desk.subject.startswith(prefix)
    assert "yes-secret" not in front_desk.body
    assert "saddle" not in front_desk.body


class ExplodingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"robin@example.com": (550, b"no such user")})


def test_a_failing_email_loses_nothing_and_logs_no_patient_data(
    client, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.appointments.test_request_form.ExplodingBackend"
    with (
        caplog.at_level(logging.ERROR, logger="appointments.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(URL, _data())
    assert response.status_code == 302
    stored = AppointmentRequest.objects.get()
    assert client.get(response["Location"]).status_code == 200
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert all(stored.reference in message for message in messages)
    logged = "\n".join(messages) + "".join(str(r.exc_info) for r in caplog.records)
    assert "robin" not in logged.lower()
    assert "Robin" not in logged
    assert "3145550123" not in logged


# -- a check sent along: its contact step fills the form, its urgency the promise -----------------


def test_it_prefills_the_form_from_the_check_s_contact_step(client):
    screening = ScreeningFactory(
        contact_name="Sam Lee", contact_phone="+13145550142", contact_email="sam@example.com"
    )
    response = client.get(URL, {"screening": screening.token})
    form = response.context["form"]
    assert form.initial["name"] == "Sam Lee"
    assert form.initial["phone"] == "(314) 555-0142"
    assert form.initial["email"] == "sam@example.com"
    assert form.initial["contact_method"] == "phone"
    html = response.content.decode()
    assert 'value="Sam Lee"' in html
    assert 'value="(314) 555-0142"' in html


def test_it_prefills_email_as_the_way_to_reach_someone_without_a_phone(client):
    screening = ScreeningFactory(contact_email="sam@example.com")
    form = client.get(URL, {"screening": screening.token}).context["form"]
    assert form.initial["contact_method"] == "email"
    assert "name" not in form.initial
    assert "phone" not in form.initial


def test_it_prefills_nothing_without_a_check_or_with_an_unknown_one(client):
    ScreeningFactory(contact_name="Sam Lee")
    for params in ({}, {"screening": "not-a-real-token"}):
        form = client.get(URL, params).context["form"]
        assert "name" not in form.initial


def test_a_check_with_a_warning_sign_never_promises_two_working_days(
    client, django_capture_on_commit_callbacks
):
    screening = ScreeningFactory(urgency=Urgency.EMERGENCY, category=Category.URGENT_REFERRAL)
    html = client.get(URL, {"screening": screening.token}).content.decode()
    assert "we will try to call you today" in html
    assert "two working days" not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data(screening_token=screening.token, attach_screening="on"))
    page = client.get(response["Location"]).content.decode()
    assert "we will try to call you today" in page
    assert "Do not wait for our call" in page
    assert "two working days" not in page
    patient = mail.outbox[1]
    assert "we will try to call you today" in patient.body
    assert "Do not wait for our call" in patient.body
    assert "two working days" not in patient.body


def test_a_request_without_a_warning_sign_keeps_two_working_days(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data())
    assert "two working days" in client.get(response["Location"]).content.decode()
    assert "two working days" in mail.outbox[1].body
