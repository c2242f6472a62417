"""Writes for reminders: subscribing, stopping, and sending what is due (send_reminders).

Sending is safe to run in several copies at once and again after a failure:
1. Claim: due subscriptions are locked with SKIP LOCKED, and each due slot becomes one
   ReminderDelivery row (unique per subscription and slot; a second claim of the same slot
   inserts nothing). The subscription's next slot moves on in the same transaction.
2. Send: each pending delivery is locked with SKIP LOCKED and re-read as pending in its own
   transaction, sent, and marked sent before the lock is released; another copy skips it
   while it is locked and sees it sent afterwards. A mail error leaves it pending for the next
   run; after GIVE_UP_AFTER it is marked failed and counted.
The one gap no database closes: the mail server accepts a message and the database then fails
to record it; that reminder goes out again on the next run (at least once, never lost).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.tokens import hash_token, new_token
from exercises.models import HomeProgram
from reminders import crypto, schedule
from reminders.consent import CONSENT_VERSION
from reminders.models import DeliveryStatus, EndReason, ReminderDelivery, ReminderSubscription

logger = logging.getLogger(__name__)

# A reminder not sent within a day of its time is given up (it would only confuse).
GIVE_UP_AFTER = timedelta(days=1)
# Rows per claim transaction, and reminders per run (the next run takes the rest).
CLAIM_BATCH = 200
SEND_LIMIT = 2000
# After this many mail errors in a row the server is taken to be down: stop this run.
MAX_FAILURES_IN_A_ROW = 3


def _zone():
    return timezone.get_default_timezone()


def _locked_program(program: HomeProgram, token: str, now: datetime) -> HomeProgram:
    locked = (
        HomeProgram.objects.select_for_update()
        .filter(pk=program.pk, token_hash=hash_token(token))
        .first()
    )
    if locked is None or not locked.link_is_usable(timezone.localdate(now)):
        raise ValidationError(_("This program link no longer works."), code="link_unusable")
    return locked


def _end(subscription: ReminderSubscription, reason: str, now: datetime) -> None:
    """End a subscription and erase what it no longer needs: the address and the link."""
    subscription.ended_at = now
    subscription.end_reason = reason
    subscription.email = ""
    subscription.link_token_encrypted = ""
    subscription.next_due_at = None
    subscription.save(
        update_fields=["ended_at", "end_reason", "email", "link_token_encrypted", "next_due_at"]
    )


def _end_active(program_id: int, reason: str, now: datetime) -> ReminderSubscription | None:
    active = (
        ReminderSubscription.objects.select_for_update()
        .filter(program_id=program_id, ended_at__isnull=True)
        .first()
    )
    if active is not None:
        _end(active, reason, now)
    return active


def reminder_subscribe(
    *,
    program: HomeProgram,
    token: str,
    email: str,
    weekdays: list[int],
    send_time: time,
    consent_text: str,
    site_url: str,
    now: datetime | None = None,
) -> ReminderSubscription:
    """Start reminders through the program link `token` (kept encrypted); replaces any others.

    Raises ValidationError(code="link_unusable") when the link no longer opens the program.
    """
    now = now or timezone.now()
    days = sorted(set(weekdays))
    if not days or any(day not in schedule.WEEKDAYS for day in days):
        raise ValidationError(_("Choose at least one day."), code="no_days")
    with transaction.atomic():
        locked = _locked_program(program, token, now)
        _end_active(locked.pk, EndReason.REPLACED, now)
        subscription = ReminderSubscription(
            program=locked,
            email=email.strip(),
            weekdays=days,
            send_time=send_time,
            link_token_encrypted=crypto.encrypt(token),
            site_url=site_url.rstrip("/"),
            consented_at=now,
            consent_version=CONSENT_VERSION,
            consent_text=consent_text,
            next_due_at=schedule.next_slot(
                weekdays=days, send_time=send_time, zone=_zone(), after=now
            ),
        )
        subscription.full_clean()
        subscription.save()
    return subscription


def reminder_stop(
    *, program: HomeProgram, token: str, now: datetime | None = None
) -> ReminderSubscription | None:
    """The patient stops reminders on their program page."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_program(program, token, now)
        return _end_active(locked.pk, EndReason.STOPPED, now)


def reminder_stop_by_staff(
    *, program: HomeProgram, now: datetime | None = None
) -> ReminderSubscription | None:
    """A clinician stops a program's reminders (the patient asked by phone, say)."""
    with transaction.atomic():
        return _end_active(program.pk, EndReason.STAFF, now or timezone.now())


def reminder_unsubscribe(*, token: str, now: datetime | None = None) -> bool:
    """The one-click unsubscribe of an email; True when the token is an email's. Idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            ReminderDelivery.objects.filter(unsubscribe_token_hash=hash_token(token))
            .only("subscription_id")
            .first()
        )
        if delivery is None:
            return False
        subscription = (
            ReminderSubscription.objects.select_for_update()
            .filter(pk=delivery.subscription_id)
            .first()
        )
        if subscription is not None and subscription.is_active:
            _end(subscription, EndReason.UNSUBSCRIBED, now)
    return True


# Sending ---------------------------------------------------------------------------------------


@dataclass
class SendReport:
    """What one run did, in counts (the command prints it; no patient data)."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0  # mail errors this run: pending, retried on the next run
    gave_up: int = 0
    skipped: int = 0  # the subscription had ended, or its link no longer works
    ended: int = 0  # subscriptions ended because their link or key no longer works


def reminders_send_due(
    *, now: datetime | None = None, connection=None, limit: int = SEND_LIMIT
) -> SendReport:
    """Send every reminder due at `now`: claim the due slots, give up stale ones, send."""
    now = now or timezone.now()
    report = SendReport()
    _claim_due_slots(now, report)
    _give_up_stale(now, report)
    # One connection for the run (opened with the first message), not one per message.
    connection = connection or get_connection()
    try:
        _send_pending(now, report, connection, limit)
    finally:
        connection.close()
    return report


def _claim_due_slots(now: datetime, report: SendReport) -> None:
    zone = _zone()
    while True:
        with transaction.atomic():
            due = list(
                ReminderSubscription.objects.select_for_update(skip_locked=True)
                .filter(ended_at__isnull=True, next_due_at__lte=now)
                .order_by("next_due_at", "id")[:CLAIM_BATCH]
            )
            deliveries = []
            for subscription in due:
                # Only the latest slot is sent: after an outage, one reminder, not a pile.
                slot = schedule.latest_slot(
                    weekdays=subscription.weekdays,
                    send_time=subscription.send_time,
                    zone=zone,
                    at_or_before=now,
                )
                deliveries.append(
                    ReminderDelivery(
                        subscription=subscription,
                        slot_at=max(slot or subscription.next_due_at, subscription.next_due_at),
                    )
                )
                subscription.next_due_at = schedule.next_slot(
                    weekdays=subscription.weekdays,
                    send_time=subscription.send_time,
                    zone=zone,
                    after=now,
                )
            created = ReminderDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
            ReminderSubscription.objects.bulk_update(due, ["next_due_at"])
        report.claimed += len(created)
        if len(due) < CLAIM_BATCH:
            return


def _give_up_stale(now: datetime, report: SendReport) -> None:
    gave_up = ReminderDelivery.objects.filter(
        status=DeliveryStatus.PENDING, slot_at__lt=now - GIVE_UP_AFTER
    ).update(status=DeliveryStatus.FAILED)
    if gave_up:
        logger.error("Gave up %d reminder(s) not sent within a day of their time.", gave_up)
    report.gave_up += gave_up


def _send_pending(now: datetime, report: SendReport, connection, limit: int) -> None:
    pending = list(
        ReminderDelivery.objects.filter(status=DeliveryStatus.PENDING, slot_at__lte=now)
        .order_by("slot_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    failures_in_a_row = 0
    for pk in pending:
        with transaction.atomic():
            delivery = (
                ReminderDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("subscription__program__patient")
                .filter(pk=pk, status=DeliveryStatus.PENDING)
                .first()
            )
            if delivery is None:  # another copy has it, or has sent it
                continue
            sent = _deliver(delivery, now, report, connection)
        if sent is False:
            failures_in_a_row += 1
            if failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                logger.error(
                    "The mail server failed %d times in a row: the other reminders wait for "
                    "the next run.",
                    failures_in_a_row,
                )
                return
        elif sent:
            failures_in_a_row = 0


def _skip(delivery: ReminderDelivery, report: SendReport) -> None:
    delivery.status = DeliveryStatus.SKIPPED
    delivery.save(update_fields=["status"])
    report.skipped += 1


def _deliver(
    delivery: ReminderDelivery, now: datetime, report: SendReport, connection
) -> bool | None:
    """Send one locked delivery: True sent, False a mail error (retried), None skipped."""
    subscription = delivery.subscription
    if not subscription.is_active:
        _skip(delivery, report)
        return None
    program = subscription.program
    token = crypto.decrypt(subscription.link_token_encrypted)
    reason = None
    if token is None:
        reason = EndReason.KEY_CHANGED
    elif hash_token(token) != program.token_hash or program.link_revoked_at is not None:
        reason = EndReason.LINK_CHANGED
    elif not program.link_is_usable(timezone.localdate(now)):
        reason = EndReason.PROGRAM_ENDED
    if reason is not None:
        _end(subscription, reason, now)
        report.ended += 1
        logger.info("Ended the reminders of program %s (%s).", program.pk, reason)
        _skip(delivery, report)
        return None
    if crypto.needs_rotation(subscription.link_token_encrypted):
        subscription.link_token_encrypted = crypto.encrypt(token)
        subscription.save(update_fields=["link_token_encrypted"])

    unsubscribe_token = new_token()
    message = reminder_message(subscription, link_token=token, unsubscribe_token=unsubscribe_token)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    message.connection = connection
    try:
        message.send(fail_silently=False)
    except Exception as error:
        # The next message opens a fresh connection instead of reusing a broken one.
        connection.close()
        # No exc_info: mail errors quote the recipient's address, and logs hold no patient data.
        delivery.last_error = type(error).__name__[:100]
        delivery.save(update_fields=["attempts", "last_attempt_at", "last_error"])
        report.failed += 1
        logger.warning(
            "Could not send reminder %s (%s); it is retried on the next run.",
            delivery.pk,
            delivery.last_error,
        )
        return False
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = now
    delivery.unsubscribe_token_hash = hash_token(unsubscribe_token)
    delivery.save(
        update_fields=[
            "status",
            "sent_at",
            "attempts",
            "last_attempt_at",
            "unsubscribe_token_hash",
        ]
    )
    report.sent += 1
    return True


def first_name(full_name: str) -> str:
    return (full_name.split() or [""])[0]


def _from_address() -> str:
    """The site's sender, in the clinic's name when it has no display name of its own."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return settings.DEFAULT_FROM_EMAIL if name else formataddr((settings.CLINIC_NAME, address))


def reminder_message(
    subscription: ReminderSubscription, *, link_token: str, unsubscribe_token: str
) -> EmailMessage:
    """The email: the first name, the program link and the way out; nothing else about them."""
    site = subscription.site_url
    unsubscribe_url = site + reverse("reminders:unsubscribe", args=[unsubscribe_token])
    context = {
        "first_name": first_name(subscription.program.patient.full_name),
        "program_url": site + reverse("exercises:program", args=[link_token]),
        "unsubscribe_url": unsubscribe_url,
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
    }
    return EmailMessage(
        subject=_("Time for your exercises"),
        body=render_to_string("reminders/email/reminder.txt", context),
        from_email=_from_address(),
        to=[subscription.email],
        headers={
            # RFC 8058: mail clients show an unsubscribe button that POSTs to this URL.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
