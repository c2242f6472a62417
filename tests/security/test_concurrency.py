"""Parallel submissions against a real server on PostgreSQL: nothing lost, nothing doubled.

Threads post through real HTTP connections to pytest-django's live server, so each request
has its own database connection and transaction, as in production.
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from appointments.models import AppointmentRequest, StatusChange
from appointments.views import SENT_SALT
from exercises.models import SessionLog
from tests.security.world import World, build_world

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrency needs a server with real row locks and connections: run on PostgreSQL.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARALLEL = 24
# Deadlines against a hang (a lost thread, a deadlock), not speed limits: on a machine whose
# cores are busy with other work, 24 requests may take minutes.
DEADLINE_SECONDS = 600
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


class Browser:
    """One visitor: its own cookies (set by hand: the test server is plain HTTP)."""

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None) -> None:
        self.base_url = base_url
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, data: dict | None = None):
        body = urlencode(data, doseq=True).encode() if data is not None else None
        # The live server's own http:// URL.
        request = urllib.request.Request(  # noqa: S310
            self.base_url + path, data=body, method=method
        )
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            response = _OPENER.open(request, timeout=DEADLINE_SECONDS)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, response.headers, response.read().decode("utf-8", "replace")

    def form_token(self, path: str) -> str:
        status, _headers, html = self.request("GET", path)
        assert status == 200, (path, status)
        return _CSRF_INPUT.search(html).group(1)


def _signed_in(base_url: str, user) -> Browser:
    client = Client()
    client.force_login(user)
    return Browser(base_url, {"sessionid": client.cookies["sessionid"].value})


def _in_parallel(count: int, prepare, fire) -> list:
    """Prepare every visitor first, then let them all submit at the same moment."""
    barrier = threading.Barrier(count)

    def run(index: int):
        prepared = prepare(index)
        barrier.wait(timeout=DEADLINE_SECONDS)
        return fire(index, prepared)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


class _WideBacklogServer(ThreadedWSGIServer):
    """Django's test server queues 10 connections; a burst of parallel visitors needs more."""

    request_queue_size = 128


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_data(django_db_blocker):
    """Put the migrations' reference data (groups, library) back after the last test here.

    Transactional tests end by emptying every table; serialized_rollback reloads the data at
    the start of the next such test only, which would leave a reused test database empty.
    """
    yield
    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="module")
def live_server():
    """pytest-django's live server, started over plain HTTP.

    SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the server builds its handler, so the
    per-test override in tests/conftest.py comes too late for a shared server: start our own.
    """
    from pytest_django.live_server_helper import LiveServer

    with override_settings(SECURE_SSL_REDIRECT=False):
        server = LiveServer("localhost", start=False)
        server.thread.server_class = _WideBacklogServer
        server.start()
    yield server
    server.stop()


@pytest.fixture
def world_on_server(live_server) -> tuple[World, str]:
    return build_world(), live_server.url


def test_parallel_appointment_requests_are_all_stored_once(world_on_server, monkeypatch):
    from appointments import services

    # Every thread comes from 127.0.0.1; the per-address limit is tested on its own.
    monkeypatch.setattr(services, "RATE_LIMIT_COUNT", 10**6)
    world, base_url = world_on_server
    before = AppointmentRequest.objects.count()
    path = reverse("appointments:request")

    def prepare(index: int):
        browser = Browser(base_url)
        return browser, browser.form_token(path)

    def fire(index: int, prepared):
        browser, token = prepared
        status, headers, _html = browser.request(
            "POST",
            path,
            {
                "csrfmiddlewaretoken": token,
                "name": f"Parallel Patient {index}",
                "phone": f"314 555 01{index:02d}",
                "contact_method": "phone",
                "reason": f"Request number {index}",
                "consent": "on",
            },
        )
        return status, headers.get("Location", "")

    results = _in_parallel(PARALLEL, prepare, fire)
    assert [status for status, _location in results] == [302] * PARALLEL
    stored = AppointmentRequest.objects.exclude(pk=world.request_a.pk)
    assert AppointmentRequest.objects.count() == before + PARALLEL
    names = sorted(stored.values_list("name", flat=True))
    assert names == sorted(f"Parallel Patient {index}" for index in range(PARALLEL))
    references = set(stored.values_list("reference", flat=True))
    assert len(references) == PARALLEL
    # Each visitor was shown their own reference, and it is the stored one.
    shown = {
        signing.loads(location.rstrip("/").rsplit("/", 1)[1], salt=SENT_SALT)["r"]
        for _status, location in results
    }
    assert shown == references


def test_the_rate_limit_holds_for_parallel_requests_from_one_address(world_on_server):
    from appointments import services

    _world, base_url = world_on_server
    path = reverse("appointments:request")

    def prepare(index: int):
        browser = Browser(base_url)
        return browser, browser.form_token(path)

    def fire(index: int, prepared):
        browser, token = prepared
        status, _headers, _html = browser.request(
            "POST",
            path,
            {
                "csrfmiddlewaretoken": token,
                "name": f"Burst {index}",
                "phone": "314 555 0199",
                "contact_method": "phone",
                "reason": "Burst",
                "consent": "on",
            },
        )
        return status

    statuses = _in_parallel(12, prepare, fire)
    stored = AppointmentRequest.objects.filter(name__startswith="Burst").count()
    assert stored == statuses.count(302)
    assert statuses.count(429) == 12 - stored
    assert stored <= services.RATE_LIMIT_COUNT, (
        f"{stored} requests from one address got through a limit of {services.RATE_LIMIT_COUNT}"
    )


def test_parallel_session_logs_are_all_stored_once(world_on_server, monkeypatch):
    world, base_url = world_on_server
    from exercises.services import ItemInput, home_program_assign

    tokens = [world.program_a_token, world.program_b_token]
    for _ in range(2):
        assigned = home_program_assign(
            patient=world.patient_b,
            title="Another program",
            start_date=world.program_a.start_date,
            end_date=None,
            items=[ItemInput(world.exercise, 1, 5, None, 1, 5)],
            created_by=world.clinician,
        )
        tokens.append(assigned.token)
    before = SessionLog.objects.count()
    per_program = PARALLEL // len(tokens)  # within the daily cap of each program

    def prepare(index: int):
        browser = Browser(base_url)
        path = reverse("exercises:program", args=[tokens[index % len(tokens)]])
        return browser, path, browser.form_token(path)

    def fire(index: int, prepared):
        browser, path, token = prepared
        status, _headers, _html = browser.request(
            "POST",
            path,
            {
                "csrfmiddlewaretoken": token,
                "pain": str(index % 11),
                "tingling_spread": "no",
                "comment": f"log {index}",
            },
        )
        return status

    statuses = _in_parallel(per_program * len(tokens), prepare, fire)
    assert statuses == [302] * (per_program * len(tokens))
    assert SessionLog.objects.count() == before + per_program * len(tokens)
    comments = list(
        SessionLog.objects.filter(comment__startswith="log ").values_list("comment", flat=True)
    )
    assert sorted(comments) == sorted(f"log {index}" for index in range(len(statuses)))


def test_the_daily_log_cap_holds_under_parallel_taps(world_on_server):
    from exercises.services import MAX_LOGS_PER_DAY

    world, base_url = world_on_server
    path = reverse("exercises:program", args=[world.program_b_token])
    already = world.program_b.logs.count()
    attempts = MAX_LOGS_PER_DAY + 6

    def prepare(index: int):
        browser = Browser(base_url)
        return browser, browser.form_token(path)

    def fire(index: int, prepared):
        browser, token = prepared
        status, _headers, html = browser.request(
            "POST",
            path,
            {"csrfmiddlewaretoken": token, "pain": "2", "tingling_spread": "no", "comment": ""},
        )
        return status, html

    results = _in_parallel(attempts, prepare, fire)
    saved = [status for status, _html in results if status == 302]
    refused = [html for status, html in results if status != 302]
    assert world.program_b.logs.count() == MAX_LOGS_PER_DAY
    assert len(saved) == MAX_LOGS_PER_DAY - already
    assert all("already logged" in html for html in refused)


def test_conflicting_status_edits_are_refused_except_one(world_on_server):
    world, base_url = world_on_server
    request = world.request_a
    version = request.version
    detail = reverse("appointments:detail", args=[request.pk])
    path = reverse("appointments:status", args=[request.pk])
    history_before = StatusChange.objects.filter(request=request).count()
    editors = 8

    def prepare(index: int):
        user = world.front_desk if index % 2 else world.clinician
        browser = _signed_in(base_url, user)
        return browser, browser.form_token(detail)

    def fire(index: int, prepared):
        browser, token = prepared
        status, _headers, html = browser.request(
            "POST",
            path,
            {
                "csrfmiddlewaretoken": token,
                "to_status": "contacted",
                "note": f"Editor {index}",
                "version": str(version),
            },
        )
        return status, html

    results = _in_parallel(editors, prepare, fire)
    statuses = sorted(status for status, _html in results)
    assert statuses == [302] + [409] * (editors - 1)
    for status, html in results:
        if status == 409:
            assert "Someone else changed this request" in html
    request.refresh_from_db()
    assert request.status == "contacted"
    assert request.version == version + 1
    assert StatusChange.objects.filter(request=request).count() == history_before + 1


def test_parallel_edits_of_one_program_save_one_version_and_tell_the_others(world_on_server):
    world, base_url = world_on_server
    program = world.program_a
    path = reverse("exercises:program_edit", args=[program.pk])
    editors = 6

    def prepare(index: int):
        browser = _signed_in(base_url, world.clinician)
        return browser, browser.form_token(path)

    def fire(index: int, prepared):
        browser, token = prepared
        status, _headers, html = browser.request(
            "POST",
            path,
            {
                "csrfmiddlewaretoken": token,
                "title": program.title,
                "end_date": "",
                "note": f"Editor {index}",
                "version": "1",
                "items-TOTAL_FORMS": "1",
                "items-INITIAL_FORMS": "0",
                "items-MIN_NUM_FORMS": "0",
                "items-MAX_NUM_FORMS": "20",
                "items-0-exercise": str(world.exercise.pk),
                "items-0-sets": "2",
                "items-0-reps": str(11 + index),
                "items-0-times_per_day": "1",
                "items-0-days_per_week": "5",
                "items-0-ORDER": "1",
            },
        )
        return status, html

    results = _in_parallel(editors, prepare, fire)
    statuses = sorted(status for status, _html in results)
    assert statuses == [200] * (editors - 1) + [302]
    for status, html in results:
        if status == 200:
            assert "Someone else changed this program while you were editing it" in html
    program.refresh_from_db()
    assert program.version == 2
    assert program.versions.count() == 2
    saved = program.versions.get(number=2)
    assert program.items.get().reps == 11 + int(saved.note.removeprefix("Editor "))


def test_parallel_replays_of_one_questionnaire_store_one_screening(world_on_server):
    from screening.models import Screening
    from screening.questionnaire import STATE_COOKIE
    from tests.factories import questionnaire_state

    _world, base_url = world_on_server
    before = Screening.objects.count()
    state = questionnaire_state({"onset": "gradual", "red_flags": []})
    contact = reverse("screening:step", args=["contact"])

    def prepare(index: int):
        browser = Browser(base_url)
        return browser, browser.form_token(reverse("screening:start"))

    def fire(index: int, prepared):
        browser, token = prepared
        browser.cookies[STATE_COOKIE] = state
        status, headers, _html = browser.request(
            "POST", contact, {"csrfmiddlewaretoken": token, "action": "next"}
        )
        return status, headers.get("Location", "")

    results = _in_parallel(PARALLEL, prepare, fire)
    assert {status for status, _location in results} == {302}
    assert len({location for _status, location in results}) == 1
    assert Screening.objects.count() == before + 1


def test_the_screening_rate_limit_holds_for_parallel_checks_from_one_address(world_on_server):
    from screening import services
    from screening.models import Screening
    from screening.questionnaire import STATE_COOKIE
    from tests.factories import questionnaire_state

    _world, base_url = world_on_server
    before = Screening.objects.count()
    contact = reverse("screening:step", args=["contact"])

    def prepare(index: int):
        browser = Browser(base_url)
        token = browser.form_token(reverse("screening:start"))
        # A new questionnaire each: a fresh nonce, so each would store a screening.
        browser.cookies[STATE_COOKIE] = questionnaire_state({"red_flags": []})
        return browser, token

    def fire(index: int, prepared):
        browser, token = prepared
        status, _headers, _html = browser.request(
            "POST", contact, {"csrfmiddlewaretoken": token, "action": "next"}
        )
        return status

    statuses = _in_parallel(14, prepare, fire)
    stored = Screening.objects.count() - before
    assert stored == statuses.count(302) == services.RATE_LIMIT_COUNT
    assert statuses.count(429) == 14 - stored


def test_the_password_reset_limits_hold_for_parallel_requests():
    from django.db import connections

    from clinic.models import PasswordResetRequest
    from clinic.services import (
        RESET_EMAILS_PER_ADDRESS,
        RESET_REQUESTS_PER_CLIENT,
        ResetOutcome,
        password_reset_request_record,
    )

    def record(email: str, client_ip: str) -> ResetOutcome:
        try:  # each thread on its own connection, as each app server process is
            return password_reset_request_record(email=email, client_ip=client_ip)
        finally:
            connections.close_all()

    one_address = _in_parallel(
        PARALLEL,
        lambda index: None,
        lambda index, _prepared: record("casey@clinic.example", f"198.51.100.{index}"),
    )
    assert one_address.count(ResetOutcome.SEND) == RESET_EMAILS_PER_ADDRESS
    one_client = _in_parallel(
        PARALLEL,
        lambda index: None,
        lambda index, _prepared: record(f"person{index}@clinic.example", "203.0.113.9"),
    )
    assert one_client.count(ResetOutcome.CLIENT_LIMITED) == PARALLEL - RESET_REQUESTS_PER_CLIENT
    assert PasswordResetRequest.objects.count() == PARALLEL + RESET_REQUESTS_PER_CLIENT


def test_two_audit_purges_at_once_delete_each_old_record_once(monkeypatch):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from clinic.audit.models import Action, AuditEvent
    from clinic.management.commands import purge_audit

    monkeypatch.setattr(purge_audit, "BATCH_SIZE", 7)
    AuditEvent.objects.bulk_create(
        AuditEvent(username="casey", action=Action.VIEW, object_type="patient") for _ in range(300)
    )
    AuditEvent.objects.update(created_at=timezone.now() - timedelta(days=3000))
    AuditEvent.objects.create(username="casey", action=Action.VIEW, object_type="patient")

    def purge() -> int:
        out = StringIO()
        try:
            call_command("purge_audit", stdout=out)
        finally:
            connections.close_all()
        return int(re.search(r"audit events: (\d+)", out.getvalue()).group(1))

    counts = _in_parallel(2, lambda index: None, lambda index, _prepared: purge())
    assert sum(counts) == 300
    assert AuditEvent.objects.count() == 1
