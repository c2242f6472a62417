"""Password reset: throttled per address and per client, the email sent after the response,
and the same answer from the same work whether or not the address has an account."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from clinic import mail as after_response
from clinic.models import PasswordResetRequest
from clinic.roles import CLINICIANS
from clinic.services import RESET_EMAILS_PER_ADDRESS, RESET_REQUESTS_PER_CLIENT
from clinic.views import PasswordResetView
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KNOWN = "casey@clinic.example"
UNKNOWN = "nobody@clinic.example"


@pytest.fixture
def casey():
    return UserFactory(username="casey", email=KNOWN, groups=[CLINICIANS])


def _reset(client, email: str, address: str = "192.0.2.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@contextmanager
def _sql_templates():
    """The SQL the block runs, with placeholders rather than values (the shape of the work)."""
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        # Savepoint names count up within a test; their number is not part of the shape.
        statements.append(re.sub(r'"s\d+_x\d+"', '"savepoint"', re.sub(r"\s+", " ", sql)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


def _view_alone(email: str):
    """The view's own work: a request to the view, without what runs after the response."""
    request = RequestFactory().post(reverse("password_reset"), {"email": email})
    request._dont_enforce_csrf_checks = True
    after_response.request_started()
    with _sql_templates() as statements:
        response = PasswordResetView.as_view()(request)
    return response, statements


# The same answer, from the same work ------------------------------------------------------------


def test_known_and_unknown_addresses_get_the_same_answer(client, casey):
    known = _reset(client, KNOWN)
    unknown = _reset(client, UNKNOWN)
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert known.content == unknown.content
    assert dict(known.headers) == dict(unknown.headers)
    assert client.cookies.get("sessionid") is None
    assert len(mail.outbox) == 1


def test_the_view_does_the_same_database_work_for_known_and_unknown_addresses(casey):
    known, known_sql = _view_alone(KNOWN)
    after_response.request_finished()
    unknown, unknown_sql = _view_alone(UNKNOWN)
    after_response.request_finished()
    assert known_sql == unknown_sql
    # Counting and recording the request, nothing about accounts: no lookup to time.
    assert known_sql, "the throttle is counted in the database"
    assert not [sql for sql in known_sql if "auth_user" in sql]
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


def test_the_email_is_sent_only_once_the_response_has_gone(casey):
    response, _sql = _view_alone(KNOWN)
    assert response.status_code == 302
    assert mail.outbox == []
    after_response.request_finished()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [KNOWN]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_work_that_fails_after_the_response_is_logged_and_never_reaches_the_visitor(
    client, casey, monkeypatch, caplog
):
    def broken_lookup(self, email):
        raise RuntimeError(f"database gone while looking up {email}")

    monkeypatch.setattr("django.contrib.auth.forms.PasswordResetForm.get_users", broken_lookup)
    response = _reset(client, KNOWN)
    assert response.status_code == 302
    assert mail.outbox == []
    assert "Could not send email after the response." in caplog.text


# Throttles -------------------------------------------------------------------------------------


def test_an_address_gets_at_most_3_emails_an_hour_from_anywhere(client, casey):
    answers = [
        _reset(client, email, address=f"198.51.100.{number}")
        for number, email in enumerate([KNOWN, KNOWN.upper(), KNOWN, f" {KNOWN}"])
    ]
    assert [answer.status_code for answer in answers] == [302] * 4
    assert len({answer.content for answer in answers}) == 1
    assert len(mail.outbox) == RESET_EMAILS_PER_ADDRESS == 3


def test_the_address_limit_ends_after_an_hour(client, casey):
    for number in range(3):
        _reset(client, KNOWN, address=f"198.51.100.{number}")
    PasswordResetRequest.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    _reset(client, KNOWN, address="198.51.100.9")
    assert len(mail.outbox) == 4


def test_a_client_gets_at_most_5_requests_an_hour_known_or_not(client, casey):
    emails = [UNKNOWN, KNOWN, "a@clinic.example", "b@clinic.example", "c@clinic.example"]
    statuses = [_reset(client, email).status_code for email in emails]
    assert statuses == [302] * RESET_REQUESTS_PER_CLIENT
    refused = _reset(client, KNOWN)
    assert refused.status_code == 429
    assert "Too many password resets from your connection" in refused.content.decode()
    # Nothing recorded for a refused request, so a client cannot fill the table.
    assert PasswordResetRequest.objects.count() == RESET_REQUESTS_PER_CLIENT
    assert len(mail.outbox) == 1
    assert _reset(client, UNKNOWN, address="192.0.2.99").status_code == 302


def test_behind_our_proxy_the_limit_counts_each_client_separately(client, casey, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    url = reverse("password_reset")
    for _ in range(RESET_REQUESTS_PER_CLIENT):
        client.post(url, {"email": UNKNOWN}, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert (
        client.post(
            url, {"email": UNKNOWN}, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7", **proxy
        ).status_code
        == 429
    )
    other = client.post(url, {"email": UNKNOWN}, HTTP_X_FORWARDED_FOR="192.0.2.44", **proxy)
    assert other.status_code == 302


def test_the_throttle_keeps_no_address_of_either_kind(client, casey):
    _reset(client, KNOWN, address="203.0.113.77")
    stored = " ".join(str(value) for value in PasswordResetRequest.objects.values().get().values())
    assert "casey" not in stored
    assert "203.0.113.77" not in stored


def test_an_invalid_address_is_refused_with_a_message_and_not_counted(client):
    response = client.post(reverse("password_reset"), {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not PasswordResetRequest.objects.exists()
