"""A mail server that fails never becomes an error page, and its error never logs patient data."""

from __future__ import annotations

import logging
import re
import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse

from appointments.models import AppointmentRequest
from tests.security.world import World

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """Like an SMTP server that refuses the recipient (its error quotes the address)."""

    def send_messages(self, email_messages):
        recipients = {address: (550, b"No such user") for m in email_messages for address in m.to}
        raise smtplib.SMTPRecipientsRefused(recipients)


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"


def _no_patient_data_in(caplog, world: World) -> None:
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        for secret in (world.patient_a.email, world.program_a_token, "ariadne"):
            assert secret not in text, record.getMessage()


def test_emailing_a_link_when_the_mail_server_fails(world: World, failing_mail, caplog):
    clinician = Client(raise_request_exception=False)
    clinician.force_login(world.clinician)
    with caplog.at_level(logging.INFO):
        response = clinician.post(
            reverse("exercises:program_email", args=[world.program_a.pk]),
            {"token": world.program_a_token},
            follow=True,
        )
    assert response.status_code == 200
    assert "could not" in response.content.decode().lower()
    _no_patient_data_in(caplog, world)


def test_assigning_a_program_with_email_when_the_mail_server_fails(
    world: World, failing_mail, caplog
):
    clinician = Client(raise_request_exception=False)
    clinician.force_login(world.clinician)
    before = world.patient_a.home_programs.count()
    with caplog.at_level(logging.INFO):
        response = clinician.post(
            reverse("exercises:program_assign", args=[world.patient_a.pk]),
            {
                "title": "With email",
                "start_date": "2026-01-05",
                "end_date": "",
                "email_link": "on",
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
            follow=True,
        )
    assert response.status_code == 200
    assert world.patient_a.home_programs.count() == before + 1
    html = response.content.decode()
    # The program is saved and its link shown, so the clinician can print or copy it.
    assert re.search(r"/program/[\w-]{40,}/", html)
    assert "could not" in html.lower()
    _no_patient_data_in(caplog, world)


def test_an_appointment_request_when_the_mail_server_fails(world: World, failing_mail, caplog):
    with caplog.at_level(logging.INFO):
        response = Client(raise_request_exception=False).post(
            reverse("appointments:request"),
            {
                "name": "Robin Example",
                "email": "robin@example.org",
                "phone": "",
                "contact_method": "email",
                "reason": "Sore thigh",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    assert AppointmentRequest.objects.filter(email="robin@example.org").exists()
    for record in caplog.records:
        assert "robin@example.org" not in record.getMessage() + (record.exc_text or "")


def test_a_password_reset_when_the_mail_server_fails_logs_no_address(
    world: World, failing_mail, console_output
):
    client = Client(raise_request_exception=False)
    response = client.post(reverse("password_reset"), {"email": world.clinician.email})
    assert response.status_code == 302
    output = console_output.getvalue()
    assert "Failed to send password reset email" in output
    assert "SMTPRecipientsRefused" in output
    assert world.clinician.email not in output
