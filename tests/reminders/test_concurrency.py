"""send_reminders in several copies at once on PostgreSQL: every due reminder goes out once.

Each runner is a thread with its own database connection and transactions, as two cron jobs
on two machines would be; a barrier starts them together, and a slow mail backend keeps them
overlapping for the whole run.
"""

from __future__ import annotations

import re
import threading
import time as clock
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from reminders.models import DeliveryStatus, ReminderDelivery, ReminderSubscription
from reminders.services import SendReport, reminder_subscribe, reminders_send_due
from tests.factories import HomeProgramFactory, PatientFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrency needs a server with real row locks and connections: run on PostgreSQL.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RUNNERS = 4
SUBSCRIPTIONS = 30
SUBSCRIBED_AT = datetime(2025, 3, 1, 12, tzinfo=UTC)
MONDAY_EVENING = datetime(2025, 3, 3, 23, 5, tzinfo=UTC)  # 18:05 in New York


class SlowRecordingBackend(EmailBackend):
    """Records who got what, from every thread, and takes a while over each message."""

    lock = threading.Lock()
    sent: list[str] = []

    def send_messages(self, messages):
        clock.sleep(0.01)
        with SlowRecordingBackend.lock:
            SlowRecordingBackend.sent.extend(message.to[0] for message in messages)
        return len(messages)


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_data(django_db_blocker):
    """Put the migrations' reference data back after the last test here (see
    tests/security/test_concurrency.py)."""
    yield
    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)


def _subscribe_many(settings, *, now: datetime = SUBSCRIBED_AT, **when) -> None:
    settings.TIME_ZONE = "America/New_York"
    for number in range(SUBSCRIPTIONS):
        program = HomeProgramFactory(
            patient=PatientFactory(full_name=f"Patient {number}"),
            start_date=datetime(2025, 2, 1).date(),
        )
        reminder_subscribe(
            program=program,
            token=program.token,
            email=f"patient{number}@example.org",
            weekdays=when.get("weekdays", [0]),
            send_time=when.get("send_time", time(18)),
            consent_text="I agree",
            site_url="https://clinic.example.org",
            now=now,
        )


def _at_once(run_one) -> list:
    """Start RUNNERS threads together, each with its own database connection."""
    barrier = threading.Barrier(RUNNERS)

    def run(_index: int):
        try:
            barrier.wait(timeout=30)
            return run_one()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=RUNNERS) as pool:
        return list(pool.map(run, range(RUNNERS)))


def _command() -> SendReport:
    """One `manage.py send_reminders`, its printed counts read back."""
    output = StringIO()
    call_command("send_reminders", stdout=output)
    counts = {
        name: int(number)
        for number, name in re.findall(r"(\d+) (sent|failed|given up|skipped)", output.getvalue())
    }
    return SendReport(sent=counts["sent"], failed=counts["failed"], skipped=counts["skipped"])


def _each_sent_once(reports: list) -> None:
    counts = Counter(SlowRecordingBackend.sent)
    assert len(counts) == SUBSCRIPTIONS
    assert set(counts.values()) == {1}, [address for address, n in counts.items() if n > 1]
    assert sum(report.sent for report in reports) == SUBSCRIPTIONS
    assert sum(report.failed for report in reports) == 0
    assert ReminderDelivery.objects.count() == SUBSCRIPTIONS
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


@pytest.fixture
def recording_mail(settings):
    settings.EMAIL_BACKEND = "tests.reminders.test_concurrency.SlowRecordingBackend"
    SlowRecordingBackend.sent = []


def test_commands_started_together_send_each_due_reminder_exactly_once(settings, recording_mail):
    # Daily reminders, subscribed two days ago: one is due now, whatever the hour.
    _subscribe_many(
        settings,
        now=timezone.now() - timedelta(days=2),
        weekdays=list(range(7)),
        send_time=time(0, 0),
    )
    reports = _at_once(_command)
    _each_sent_once(reports)
    # Each slot was claimed once between them, and a later run finds nothing left to do.
    assert reminders_send_due().sent == 0
    assert not ReminderSubscription.objects.filter(next_due_at__lte=timezone.now()).exists()


class DownBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_runs_retrying_the_same_pending_reminders_send_each_exactly_once(
    settings, recording_mail, monkeypatch
):
    """After a mail outage every reminder is pending: the runs compete for the same rows."""
    from reminders import services

    _subscribe_many(settings)
    monkeypatch.setattr(services, "MAX_FAILURES_IN_A_ROW", SUBSCRIPTIONS + 1)
    settings.EMAIL_BACKEND = "tests.reminders.test_concurrency.DownBackend"
    down = reminders_send_due(now=MONDAY_EVENING)
    assert (down.claimed, down.failed) == (SUBSCRIPTIONS, SUBSCRIPTIONS)
    settings.EMAIL_BACKEND = "tests.reminders.test_concurrency.SlowRecordingBackend"
    reports = _at_once(lambda: reminders_send_due(now=MONDAY_EVENING.replace(minute=20)))
    _each_sent_once(reports)
    # The runs really overlapped: more than one of them sent some.
    assert sum(1 for report in reports if report.sent) > 1
