"""Subscribing, stopping, and send_reminders: content, headers, days, retries and links."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from clinic.tokens import hash_token
from exercises.services import program_link_reissue, program_link_revoke
from reminders import crypto
from reminders.models import DeliveryStatus, EndReason, ReminderDelivery, ReminderSubscription
from reminders.services import (
    reminder_stop,
    reminder_subscribe,
    reminder_unsubscribe,
    reminders_send_due,
)
from tests.factories import HomeProgramFactory, PatientFactory

pytestmark = pytest.mark.django_db

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
SITE = "https://clinic.example.org/"
# Monday 2025-03-03, 09:00 in New York (14:00 UTC).
MONDAY_MORNING = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _new_york(settings):
    settings.TIME_ZONE = "America/New_York"
    settings.CLINIC_NAME = "Riverside Physical Therapy"
    settings.DEFAULT_FROM_EMAIL = "hello@clinic.example"


@pytest.fixture
def program():
    patient = PatientFactory(full_name="Dana Quillfeather", email="dana.records@example.org")
    return HomeProgramFactory(patient=patient, start_date=datetime(2025, 2, 1).date())


def subscribe(
    program, *, days=(MON, WED), at=time(18), now=MONDAY_MORNING, email="dana@example.org"
):
    return reminder_subscribe(
        program=program,
        token=program.token,
        email=email,
        weekdays=list(days),
        send_time=at,
        consent_text="I agree ...",
        site_url=SITE,
        now=now,
    )


def local(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.get_default_timezone())


def test_subscribing_records_consent_and_the_first_slot(program):
    subscription = subscribe(program)
    assert subscription.consented_at == MONDAY_MORNING
    assert subscription.consent_version == "reminders-1"
    assert subscription.consent_text == "I agree ..."
    assert subscription.weekdays == [MON, WED]
    assert subscription.next_due_at == local(2025, 3, 3, 18, 0)
    assert subscription.site_url == "https://clinic.example.org"


def test_the_program_link_is_stored_encrypted_never_in_clear(program):
    subscription = subscribe(program)
    stored = subscription.link_token_encrypted
    assert program.token not in stored
    assert hash_token(program.token) not in stored
    assert crypto.decrypt(stored) == program.token


def test_a_new_subscription_replaces_the_old_one(program):
    first = subscribe(program)
    second = subscribe(program, days=[FRI], email="dana.new@example.org")
    first.refresh_from_db()
    assert first.end_reason == EndReason.REPLACED
    assert first.email == ""
    assert first.link_token_encrypted == ""
    assert ReminderSubscription.objects.filter(ended_at__isnull=True).get() == second


def test_subscribing_through_a_link_that_no_longer_works_is_refused(program):
    token = program.token
    program_link_reissue(program=program)
    with pytest.raises(ValidationError) as caught:
        subscribe(program)
    assert caught.value.code == "link_unusable"
    program.token = token
    assert not ReminderSubscription.objects.exists()


def test_nothing_is_sent_before_the_time(program):
    subscribe(program)
    report = reminders_send_due(now=local(2025, 3, 3, 17, 59))
    assert report.sent == 0
    assert mail.outbox == []


def test_a_due_reminder_holds_the_first_name_the_link_and_the_way_out_and_nothing_else(program):
    subscribe(program)
    report = reminders_send_due(now=local(2025, 3, 3, 18, 7))
    assert report.sent == 1
    [message] = mail.outbox
    assert message.to == ["dana@example.org"]
    assert message.from_email == "Riverside Physical Therapy <hello@clinic.example>"
    assert message.subject == "Time for your exercises"
    body = message.body
    assert body.startswith("Hi Dana,")
    assert "It's time for your exercises. Open your program:" in body
    assert f"https://clinic.example.org/program/{program.token}/" in body
    assert "To stop these emails:" in body
    assert "Riverside Physical Therapy" in body
    # Nothing else about the patient: no surname, no record address, no program title.
    for private in ("Quillfeather", "dana.records@example.org", program.title):
        assert private not in body
        assert private not in message.subject
    unsubscribe = re.search(r"https://clinic\.example\.org/reminders/unsubscribe/([^/]+)/", body)
    assert unsubscribe
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe.group(0)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    delivery = ReminderDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.slot_at == local(2025, 3, 3, 18, 0)
    assert delivery.unsubscribe_token_hash == hash_token(unsubscribe.group(1))


def test_each_reminder_goes_once_on_the_chosen_days_only(program):
    subscribe(program, days=[MON, WED])
    sent_on = []
    moment = local(2025, 3, 3, 0, 0)
    for _step in range(7 * 24 * 4):  # a week, every 15 minutes
        moment += timedelta(minutes=15)
        before = len(mail.outbox)
        reminders_send_due(now=moment)
        reminders_send_due(now=moment)  # a second run at the same moment sends nothing more
        if len(mail.outbox) > before:
            sent_on.append(moment.astimezone(timezone.get_default_timezone()).strftime("%a %H:%M"))
    assert sent_on == ["Mon 18:00", "Wed 18:00"]


def test_the_reminder_keeps_its_local_time_across_daylight_saving(program):
    # New York springs forward on Sunday 2025-03-09.
    subscribe(program, days=[SAT, MON], now=local(2025, 3, 7, 12, 0))
    reminders_send_due(now=local(2025, 3, 8, 18, 5))
    reminders_send_due(now=local(2025, 3, 10, 18, 5))
    slots = list(ReminderDelivery.objects.values_list("slot_at", flat=True))
    assert [slot.astimezone(UTC).hour for slot in slots] == [23, 22]
    assert len(mail.outbox) == 2


def test_after_an_outage_only_the_latest_slot_is_sent(program):
    subscribe(program, days=range(7))
    report = reminders_send_due(now=local(2025, 3, 5, 18, 20))  # Monday and Tuesday missed
    assert report.sent == 1
    assert ReminderDelivery.objects.get().slot_at == local(2025, 3, 5, 18, 0)
    assert ReminderSubscription.objects.get().next_due_at == local(2025, 3, 6, 18, 0)


class FlakyBackend(EmailBackend):
    """The locmem backend behind a mail server that fails `failures` times first."""

    failures = 0
    calls = 0

    def send_messages(self, messages):
        FlakyBackend.calls += 1
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("mail server down for dana@example.org")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "tests.reminders.test_sending.FlakyBackend"
    FlakyBackend.failures = 0
    FlakyBackend.calls = 0
    return FlakyBackend


def test_a_failing_mail_server_is_retried_on_the_next_run_and_nothing_is_sent_twice(
    program, flaky_mail, caplog
):
    subscribe(program)
    flaky_mail.failures = 1
    first = reminders_send_due(now=local(2025, 3, 3, 18, 0))
    assert (first.sent, first.failed) == (0, 1)
    assert mail.outbox == []
    delivery = ReminderDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.last_error == "ConnectionRefusedError"
    second = reminders_send_due(now=local(2025, 3, 3, 18, 15))
    assert (second.sent, second.failed) == (1, 0)
    third = reminders_send_due(now=local(2025, 3, 3, 18, 30))
    assert third.sent == 0
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    # The log names the reminder, never the address the error quoted.
    assert "dana@example.org" not in caplog.text
    assert "retried on the next run" in caplog.text


def test_a_reminder_not_sent_within_a_day_is_given_up_and_counted(program, flaky_mail, caplog):
    subscribe(program, days=[MON])
    flaky_mail.failures = 10**6
    reminders_send_due(now=local(2025, 3, 3, 18, 0))
    report = reminders_send_due(now=local(2025, 3, 4, 18, 1))
    assert report.gave_up == 1
    assert ReminderDelivery.objects.get().status == DeliveryStatus.FAILED
    assert "Gave up 1 reminder(s)" in caplog.text
    flaky_mail.failures = 0
    reminders_send_due(now=local(2025, 3, 4, 18, 15))
    assert mail.outbox == []


def test_a_run_stops_after_repeated_mail_errors_and_leaves_the_rest_pending(flaky_mail):
    programs = [HomeProgramFactory() for _ in range(5)]
    for program in programs:
        subscribe(program)
    flaky_mail.failures = 10**6
    report = reminders_send_due(now=local(2025, 3, 3, 18, 0))
    assert report.failed == 3
    assert flaky_mail.calls == 3
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.PENDING).count() == 5


def test_a_replaced_link_ends_the_reminders_without_sending(program):
    subscribe(program)
    program_link_reissue(program=program)
    report = reminders_send_due(now=local(2025, 3, 3, 18, 0))
    assert (report.sent, report.ended, report.skipped) == (0, 1, 1)
    assert mail.outbox == []
    subscription = ReminderSubscription.objects.get()
    assert subscription.end_reason == EndReason.LINK_CHANGED
    assert subscription.email == ""
    assert subscription.link_token_encrypted == ""


def test_a_switched_off_link_or_an_ended_program_ends_the_reminders(program):
    other = HomeProgramFactory(end_date=datetime(2025, 3, 2).date())
    subscribe(program)
    reminder_subscribe(
        program=other,
        token=other.token,
        email="x@example.org",
        weekdays=[MON],
        send_time=time(18),
        consent_text="I agree",
        site_url=SITE,
        now=local(2025, 3, 1, 9, 0),
    )
    program_link_revoke(program=program)
    reminders_send_due(now=local(2025, 3, 3, 18, 0))
    assert mail.outbox == []
    reasons = dict(ReminderSubscription.objects.values_list("program_id", "end_reason"))
    assert reasons == {program.pk: EndReason.LINK_CHANGED, other.pk: EndReason.PROGRAM_ENDED}


def test_a_new_secret_key_stops_reminders_unless_the_old_one_is_a_fallback(program, settings):
    subscribe(program)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-brand-new-secret-key"
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert reminders_send_due(now=local(2025, 3, 3, 18, 0)).sent == 1
    # Re-encrypted under the new key: the fallback can go.
    settings.SECRET_KEY_FALLBACKS = []
    assert reminders_send_due(now=local(2025, 3, 5, 18, 0)).sent == 1
    settings.SECRET_KEY = "yet-another-key"
    report = reminders_send_due(now=local(2025, 3, 10, 18, 0))
    assert (report.sent, report.ended) == (0, 1)
    assert ReminderSubscription.objects.get().end_reason == EndReason.KEY_CHANGED


def test_stopping_on_the_program_page_or_by_the_email_s_link_ends_the_reminders(program):
    subscribe(program)
    reminder_stop(program=program, token=program.token)
    assert ReminderSubscription.objects.get().end_reason == EndReason.STOPPED
    subscribe(program)
    reminders_send_due(now=local(2025, 3, 3, 18, 0))
    token = re.search(r"/reminders/unsubscribe/([^/]+)/", mail.outbox[0].body).group(1)
    assert reminder_unsubscribe(token=token) is True
    assert reminder_unsubscribe(token=token) is True  # a second click changes nothing
    assert reminder_unsubscribe(token="not-a-token") is False
    active = ReminderSubscription.objects.filter(ended_at__isnull=True)
    assert not active.exists()
    assert reminders_send_due(now=local(2025, 3, 5, 18, 0)).sent == 0


def test_a_reminder_claimed_before_the_patient_stopped_is_not_sent(program):
    subscribe(program)
    ReminderDelivery.objects.create(
        subscription=ReminderSubscription.objects.get(), slot_at=local(2025, 3, 3, 18, 0)
    )
    reminder_stop(program=program, token=program.token)
    report = reminders_send_due(now=local(2025, 3, 3, 18, 5))
    assert (report.sent, report.skipped) == (0, 1)
    assert mail.outbox == []


def test_the_command_prints_counts_only(program):
    subscribe(program, now=timezone.now() - timedelta(days=8), days=range(7))
    output = StringIO()
    call_command("send_reminders", stdout=output)
    text = output.getvalue()
    assert text.startswith("Reminders: 1 sent, 0 failed")
    assert "dana" not in text.lower()
    assert program.token not in text


def test_deleting_a_patient_deletes_their_reminders(program):
    subscribe(program)
    reminders_send_due(now=local(2025, 3, 3, 18, 0))
    program.patient.delete()
    assert not ReminderSubscription.objects.exists()
    assert not ReminderDelivery.objects.exists()
