"""Patient and result links: stored hashed, revoked at once, kept out of logs and URLs."""

from __future__ import annotations

import logging
import re

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.urls import reverse

from clinic.audit.log_redaction import REDACTED, RedactSecretsFilter, redact
from clinic.tokens import hash_token
from exercises.services import program_link_reissue, program_link_revoke
from exercises.staff_views import LINKS_SESSION_KEY
from screening.services import screening_submit
from tests.security.world import PATIENT_A_NAME, World

pytestmark = pytest.mark.django_db

_TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _sessions_holding(text: str) -> list[str]:
    """Session rows whose (encoded) data holds `text` once decoded."""
    return [
        f"session of user {session.get_decoded().get('_auth_user_id')}"
        for session in Session.objects.all()
        if text in str(session.get_decoded())
    ]


def _rows_holding(text: str) -> list[str]:
    """Every model field in the database whose value contains `text`, sessions decoded."""
    found = _sessions_holding(text)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, _TEXT_FIELDS):
                continue
            lookup = f"{field.attname}__contains"
            if isinstance(field, models.JSONField):
                # JSON has no portable "contains text" lookup: compare the serialized rows.
                values = model._default_manager.values_list(field.attname, flat=True)
                if any(text in str(value) for value in values):
                    found.append(f"{model._meta.label}.{field.name}")
            elif model._default_manager.filter(**{lookup: text}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_the_database_never_holds_a_raw_link_token(world: World, client):
    _screening, result_token = screening_submit(answers={"onset": "sudden"})
    # Use the links, as patients do, so that anything written on the way is checked too.
    client.get(reverse("screening:result", args=[result_token]))
    client.get(reverse("exercises:program", args=[world.program_a_token]))
    client.post(
        reverse("exercises:program", args=[world.program_a_token]),
        {"pain": "3", "tingling_spread": "no", "comment": ""},
    )
    client.force_login(world.clinician)
    client.get(reverse("exercises:program_detail", args=[world.program_a.pk]))
    for token in (
        result_token,
        world.program_a_token,
        world.program_b_token,
        world.screening_a.token,
    ):
        assert _rows_holding(token) == [], token
    assert _rows_holding(hash_token(world.program_a_token)) == ["exercises.HomeProgram.token_hash"]
    assert _rows_holding(hash_token(result_token)) == ["screening.Screening.token_hash"]


def test_a_link_made_by_a_clinician_leaves_the_session_once_shown(world: World):
    """The fresh link waits in the clinician's server-side session only between the redirect
    after it is made and the GET of the link page, which takes it out."""
    clinician = Client()
    clinician.force_login(world.clinician)
    url = reverse("exercises:program_new_link", args=[world.program_a.pk])
    clinician.post(url)
    token = clinician.session[LINKS_SESSION_KEY][str(world.program_a.pk)]
    assert _rows_holding(token) == [f"session of user {world.clinician.pk}"]
    response = clinician.get(url)
    assert response.status_code == 200
    assert token in response.content.decode()
    assert _rows_holding(token) == []
    assert clinician.get(url).status_code == 302


def test_a_link_never_shown_leaves_with_the_session(world: World):
    clinician = Client()
    clinician.force_login(world.clinician)
    clinician.post(reverse("exercises:program_new_link", args=[world.program_a.pk]))
    token = clinician.session[LINKS_SESSION_KEY][str(world.program_a.pk)]
    clinician.post(reverse("logout"))
    assert _rows_holding(token) == []


def test_an_idle_session_with_a_link_is_removed_by_clearsessions(world: World):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    clinician = Client()
    clinician.force_login(world.clinician)
    clinician.post(reverse("exercises:program_new_link", args=[world.program_a.pk]))
    token = clinician.session[LINKS_SESSION_KEY][str(world.program_a.pk)]
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    call_command("clearsessions")
    assert _rows_holding(token) == []


def test_revoking_a_link_takes_effect_on_the_next_request(world: World):
    url = reverse("exercises:program", args=[world.program_a_token])
    patient = Client()
    assert patient.get(url).status_code == 200
    program_link_revoke(program=world.program_a)
    assert patient.get(url).status_code == 404
    assert patient.post(url, {"pain": "2", "tingling_spread": "no"}).status_code == 404
    assert not world.program_a.logs.filter(pain=2).exists()


def test_a_new_link_retires_the_old_one(world: World):
    old_url = reverse("exercises:program", args=[world.program_a_token])
    new_token = program_link_reissue(program=world.program_a)
    assert Client().get(old_url).status_code == 404
    assert Client().get(reverse("exercises:program", args=[new_token])).status_code == 200


def test_revoking_through_the_staff_page_works_at_once(world: World, client):
    client.force_login(world.clinician)
    client.post(reverse("exercises:program_revoke", args=[world.program_a.pk]))
    url = reverse("exercises:program", args=[world.program_a_token])
    assert Client().get(url).status_code == 404


_HREF = re.compile(r'(?:href|action|src)="([^"]*)"')


def test_no_page_puts_patient_data_in_a_url(world: World, client):
    client.force_login(world.clinician)
    pages = [
        reverse("staff:patient_list"),
        reverse("staff:patient_detail", args=[world.patient_a.pk]),
        reverse("exercises:program_list"),
        reverse("exercises:program_detail", args=[world.program_a.pk]),
        reverse("screening:staff_list"),
        reverse("screening:staff_detail", args=[world.screening_a.pk]),
        reverse("appointments:queue"),
        reverse("appointments:detail", args=[world.request_a.pk]),
        reverse("staff:home"),
    ]
    secrets_in_urls = [PATIENT_A_NAME, "Quillfeather", "ariadne", "314-555-0177", "5550177"]
    for page in pages:
        html = client.get(page).content.decode()
        for url in _HREF.findall(html):
            # mailto:/tel: links are how staff reach the patient; they are not requests.
            if url.startswith(("mailto:", "tel:")):
                continue
            for text in secrets_in_urls:
                assert text.lower() not in url.lower(), (page, url)


# Logs ---------------------------------------------------------------------------------------


def test_it_redacts_token_like_strings():
    token = "q0zBhy24yN1N_hN_u35TOVggqAUM0aqic_-8RMU69vM"
    assert redact(f"Internal Server Error: /program/{token}/") == (
        f"Internal Server Error: /program/{REDACTED}/"
    )
    assert redact("/exercises/seated-nerve-glide/") == "/exercises/seated-nerve-glide/"
    assert redact("refused: {'ariadne.q+x@example.org': (550,)}") == (
        f"refused: {{'{REDACTED}': (550,)}}"
    )
    record = logging.LogRecord("x", logging.ERROR, "f", 1, "Forbidden: %s", (f"/p/{token}/",), None)
    RedactSecretsFilter().filter(record)
    assert token not in record.getMessage()


def test_a_server_error_on_a_patient_page_logs_no_token(world: World, monkeypatch, console_output):
    from exercises import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "_program_context", broken)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("exercises:program", args=[world.program_a_token]))
    assert response.status_code == 500
    output = console_output.getvalue()
    assert "Internal Server Error" in output
    assert world.program_a_token not in output


def test_a_refused_csrf_post_on_a_patient_page_logs_no_token(world: World, console_output):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("exercises:program", args=[world.program_a_token]), {"pain": "2"}
    )
    assert response.status_code == 403
    output = console_output.getvalue()
    assert "Forbidden (CSRF" in output
    assert world.program_a_token not in output


def test_a_whole_patient_and_staff_flow_logs_no_patient_data(world: World, caplog, settings):
    settings.CLINIC_FRONT_DESK_EMAIL = "desk@clinic.example"
    patient = Client()
    with caplog.at_level(logging.DEBUG):
        patient.post(
            reverse("appointments:request"),
            {
                "name": "Zebedee Marchbanks",
                "phone": "314 555 0123",
                "email": "zebedee@example.org",
                "contact_method": "phone",
                "reason": "Thigh pain since Tuesday",
                "consent": "on",
                "screening_token": world.screening_a_token,
                "attach_screening": "on",
            },
        )
        patient.get(reverse("screening:result", args=[world.screening_a_token]))
        patient.get(reverse("exercises:program", args=[world.program_a_token]))
        patient.post(
            reverse("exercises:program", args=[world.program_a_token]),
            {"pain": "5", "tingling_spread": "yes", "comment": "Tingling today"},
        )
        patient.get(reverse("exercises:program", args=["not-a-real-token-" + "x" * 30]))
        staff = Client()
        staff.force_login(world.front_desk)
        staff.get(reverse("appointments:queue"), {"q": "Marchbanks"})
        staff.get(reverse("appointments:export"))
        staff.force_login(world.clinician)
        staff.get(reverse("staff:patient_detail", args=[world.patient_a.pk]))
        staff.post(reverse("exercises:program_email", args=[world.program_a.pk]))
    messages = [record.getMessage() for record in caplog.records]
    messages += [record.exc_text or "" for record in caplog.records]
    forbidden = [
        *world.patient_texts(),
        "Zebedee",
        "Marchbanks",
        "zebedee@example.org",
        "0123",
        "Tingling today",
    ]
    leaks = [(text, message) for message in messages for text in forbidden if text in message]
    assert not leaks


def test_reminders_keep_the_program_link_encrypted_and_the_unsubscribe_link_hashed(
    world: World, client, caplog
):
    import re as regex
    from datetime import timedelta

    from django.core import mail

    from reminders.models import ReminderSubscription
    from reminders.services import reminders_send_due

    caplog.set_level(logging.DEBUG)
    response = client.post(
        reverse("reminders:page", args=[world.program_a_token]),
        {
            "email": "ariadne.reminders@example.org",
            "email_again": "ariadne.reminders@example.org",
            "days": [str(day) for day in range(7)],
            "send_time": "18:00",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    due = ReminderSubscription.objects.get().next_due_at
    assert reminders_send_due(now=due + timedelta(minutes=1)).sent == 1
    unsubscribe = regex.search(r"/reminders/unsubscribe/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert world.program_a_token in mail.outbox[0].body
    for token in (world.program_a_token, unsubscribe):
        assert _rows_holding(token) == [], token
    assert _rows_holding(hash_token(world.program_a_token)) == ["exercises.HomeProgram.token_hash"]
    assert _rows_holding(hash_token(unsubscribe)) == [
        "reminders.ReminderDelivery.unsubscribe_token_hash"
    ]
    for text in (world.program_a_token, unsubscribe, "ariadne.reminders@example.org"):
        assert text not in caplog.text
