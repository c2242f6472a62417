"""The patient's reminder page, the emails' unsubscribe page, and the clinician's page."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reminders.models import EndReason, ReminderSubscription
from reminders.services import reminders_send_due
from tests.factories import HomeProgramFactory, PatientFactory, clinician, front_desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    patient = PatientFactory(full_name="Dana Example", email="dana.records@example.org")
    return HomeProgramFactory(patient=patient)


def page(program) -> str:
    return reverse("reminders:page", args=[program.token])


def form(**changes) -> dict:
    return {
        "email": "dana@example.org",
        "email_again": "dana@example.org",
        "days": ["0", "3"],
        "send_time": "18:30",
        "consent": "on",
        **changes,
    }


def test_the_page_asks_for_an_address_and_never_shows_the_record_s(client, program):
    response = client.get(page(program))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    assert "Your email address" in html
    assert "dana.records@example.org" not in html
    assert "I agree that" in html


def test_subscribing_stores_the_choice_and_the_consent_as_shown(client, program):
    response = client.post(page(program), form())
    assert response.status_code == 302
    subscription = ReminderSubscription.objects.get()
    assert subscription.email == "dana@example.org"
    assert subscription.weekdays == [0, 3]
    assert subscription.send_time.strftime("%H:%M") == "18:30"
    assert subscription.consent_text.startswith("I agree that")
    assert subscription.site_url == "http://testserver"
    html = client.get(response["Location"]).content.decode()
    assert "Your reminders are on" in html
    assert "Monday, Thursday" in html
    assert "dana@example.org" not in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "Tick the box to agree"),
        ({"days": []}, "Choose at least one day."),
        ({"email": "not-an-address", "email_again": "not-an-address"}, "valid email"),
        ({"email_again": "dana@example.com"}, "The two addresses are not the same."),
        ({"send_time": "03:00"}, "Select a valid choice"),
        ({"days": ["9"]}, "Select a valid choice"),
        ({"email": "a" * 300 + "@example.org"}, "at most 254"),
    ],
)
def test_bad_settings_come_back_with_a_message(client, program, changes, message):
    response = client.post(page(program), form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReminderSubscription.objects.exists()


def test_stopping_on_the_page_ends_the_reminders(client, program):
    client.post(page(program), form())
    response = client.post(reverse("reminders:stop", args=[program.token]))
    assert response.status_code == 302
    assert ReminderSubscription.objects.get().end_reason == EndReason.STOPPED
    assert "Reminders are off" in client.get(response["Location"]).content.decode()


def test_a_link_that_does_not_work_gets_the_program_s_not_working_page(client, program):
    from exercises.services import program_link_revoke

    program_link_revoke(program=program)
    for token in (program.token, secrets.token_urlsafe(32)):
        for response in (
            client.get(reverse("reminders:page", args=[token])),
            client.post(reverse("reminders:page", args=[token]), form()),
            client.post(reverse("reminders:stop", args=[token])),
        ):
            assert response.status_code == 404
            assert b"This link does not work" in response.content
    assert not ReminderSubscription.objects.exists()


def _emailed_unsubscribe_path(program) -> str:
    Client().post(page(program), form(days=[str(day) for day in range(7)]))
    subscription = ReminderSubscription.objects.get()
    reminders_send_due(now=subscription.next_due_at + timedelta(minutes=1))
    url = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    return re.sub(r"^http://testserver", "", url)


def test_the_unsubscribe_link_asks_first_then_stops_on_post(program):
    path = _emailed_unsubscribe_path(program)
    client = Client(enforce_csrf_checks=True)
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert "Yes, stop the reminders" in html
    assert "Dana" not in html
    assert ReminderSubscription.objects.get().is_active  # a link scanner's GET changes nothing
    response = client.post(path)
    assert response.status_code == 200
    assert "Reminders stopped" in response.content.decode()
    assert ReminderSubscription.objects.get().end_reason == EndReason.UNSUBSCRIBED


def test_one_click_unsubscribe_works_without_a_csrf_token_or_cookies(program):
    path = _emailed_unsubscribe_path(program)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert ReminderSubscription.objects.get().end_reason == EndReason.UNSUBSCRIBED
    assert client.post(path).status_code == 200  # again: still fine
    assert "already off" in client.get(path).content.decode()


def test_an_unknown_unsubscribe_token_gets_a_plain_404(client):
    response = client.get(reverse("reminders:unsubscribe", args=[secrets.token_urlsafe(32)]))
    assert response.status_code == 404
    assert b"This link does not work" in response.content


def test_the_clinician_sees_the_consent_records_but_not_the_address(client, program):
    Client().post(page(program), form())
    client.force_login(clinician())
    url = reverse("reminders:program_reminders", args=[program.pk])
    html = client.get(url).content.decode()
    assert "reminders-1" in html
    assert "I agree that" in html
    assert "dana@example.org" not in html
    response = client.post(reverse("reminders:staff_stop", args=[program.pk]))
    assert response.status_code == 302
    assert ReminderSubscription.objects.get().end_reason == EndReason.STAFF
    assert "Stopped by the clinic" in client.get(url).content.decode()


def test_the_front_desk_sees_no_reminders(client, program):
    client.force_login(front_desk())
    assert client.get(reverse("reminders:program_reminders", args=[program.pk])).status_code == 403


def test_the_page_says_the_clinic_s_time_zone(client, program, settings):
    settings.TIME_ZONE = "America/Chicago"
    html = client.get(page(program)).content.decode()
    assert "America/Chicago" in html
    assert timezone.get_default_timezone_name() == "America/Chicago"
