"""Writes of appointment requests: each one a single function, in a single transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from appointments import calendar
from appointments.codes import (
    ALLOWED_TRANSITIONS,
    NOTE_REQUIRED_FOR,
    NOTE_REQUIRED_MESSAGES,
    ContactMethod,
    RequestStatus,
)
from appointments.models import AppointmentRequest, StatusChange
from appointments.reference import new_reference
from clinic.models import Patient
from clinic.services import patient_create
from screening.codes import Urgency
from screening.models import Screening

logger = logging.getLogger(__name__)

RATE_LIMIT_COUNT = 5
RATE_LIMIT_WINDOW = timedelta(hours=1)
# Address hashes serve only the rate limit: they are wiped once well past its window
# (submitter_hashes_wipe, run daily by the wipe_submitter_addresses command).
SUBMITTER_HASH_KEPT_FOR = timedelta(days=1)
_REFERENCE_ATTEMPTS = 5


class ConcurrentEditError(Exception):
    """The request changed since the editor loaded it; `latest` is what is stored now."""

    def __init__(self, latest: AppointmentRequest) -> None:
        super().__init__("stale version")
        self.latest = latest


@dataclass(frozen=True)
class Appointment:
    """A time booked for the patient, with a clinician's account or a name."""

    starts_at: datetime  # aware
    clinician: AbstractBaseUser | None = None
    clinician_name: str = ""

    @property
    def with_whom(self) -> str:
        if self.clinician is not None:
            return self.clinician.get_full_name() or self.clinician.get_username()
        return self.clinician_name


class AppointmentEmail:
    BOOKED = "booked"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"


CONCURRENT_EDIT_MESSAGE = _(
    "Someone else changed this request while you were editing. Here is the latest version."
)


def submitter_hash(ip_address: str | None) -> str:
    """A keyed hash of the sender's address: enough to count their requests, not to find them."""
    return salted_hmac(
        "clinic.appointments.submitter", ip_address or "unknown", algorithm="sha256"
    ).hexdigest()


class RateLimitedError(Exception):
    """The address already sent as many requests as the window allows; nothing was stored."""


def _lock_submitter(submitter: str) -> None:
    """Serialise count-then-insert per address, so parallel requests cannot all pass the limit.

    PostgreSQL: a transaction-level advisory lock on the address hash. SQLite: transactions
    start IMMEDIATE (settings), which already serialises writers.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [submitter])


def appointment_request_rate_limited(*, submitter: str) -> bool:
    """True when this address already sent the maximum number of requests in the window.

    Counted in the database, so the limit holds across several app servers.
    """
    since = timezone.now() - RATE_LIMIT_WINDOW
    recent = AppointmentRequest.objects.filter(submitter_hash=submitter, created_at__gte=since)
    return recent.count() >= RATE_LIMIT_COUNT


def appointment_request_submit(
    *,
    name: str,
    phone: str,
    email: str,
    contact_method: str,
    preferred_days: list[str],
    preferred_times: list[str],
    reason: str,
    consent: bool,
    screening: Screening | None = None,
    submitter: str = "",
    site_url: str = "",
) -> AppointmentRequest:
    """Store a request; the front desk (and the patient, given an email) hear of it on commit.

    Raises RateLimitedError when the submitter's address is over the limit.
    """
    if not consent:
        raise ValidationError(
            {
                "consent": ValidationError(
                    _("Please agree to be contacted about your request."), code="no_consent"
                )
            }
        )
    appointment_request = AppointmentRequest(
        name=name,
        phone=phone,
        email=email,
        contact_method=contact_method,
        preferred_days=list(preferred_days),
        preferred_times=list(preferred_times),
        reason=reason,
        consent=True,
        screening=screening,
        urgency=screening.urgency if screening is not None else Urgency.NONE,
        submitter_hash=submitter,
    )
    # The reference is unique in the database; a collision is retried in _save_with_reference.
    appointment_request.full_clean(exclude=["reference"], validate_unique=False)
    with transaction.atomic():
        if submitter:
            _lock_submitter(submitter)
            if appointment_request_rate_limited(submitter=submitter):
                raise RateLimitedError
        _save_with_reference(appointment_request)
        transaction.on_commit(
            partial(_send_new_request_emails, appointment_request, site_url.rstrip("/"))
        )
    return appointment_request


# Written into the request in the clinic's language (LANGUAGE_CODE), like a note by staff.
FROM_SCREENING_REASON = _("From the online check: a warning sign needs a call today")
FROM_SCREENING_NOTE = _("Added to the queue from the online check's Call today list.")
FROM_SCREENING_NO_NAME = _("Name not given in the online check")


def appointment_request_from_screening(
    *, screening: Screening, created_by: AbstractBaseUser | None
) -> tuple[AppointmentRequest, bool]:
    """A new request for the front desk from an urgent screening that left contact details
    (the "Call today" list); returns it and True, or the request already made from that
    screening and False. No email goes out: staff made it, and the patient asked for nothing.
    """
    with transaction.atomic():
        # Lock the screening so that two people pressing at once make one request.
        locked = (
            Screening.objects.select_for_update()
            .only("id", "urgency", "contact_name", "contact_email", "contact_phone")
            .get(pk=screening.pk)
        )
        existing = AppointmentRequest.objects.filter(screening=locked).order_by("created_at")
        first = existing.first()
        if first is not None:
            return first, False
        if not (locked.has_red_flag and locked.has_contact):
            raise ValidationError(
                _("Only a screening with a warning sign and contact details goes to the queue."),
                code="not_to_call",
            )
        with translation.override(settings.LANGUAGE_CODE):
            name = locked.contact_name or str(FROM_SCREENING_NO_NAME)
            reason = str(FROM_SCREENING_REASON)
            note = str(FROM_SCREENING_NOTE)
        appointment_request = AppointmentRequest(
            name=name,
            phone=locked.contact_phone,
            email=locked.contact_email,
            contact_method=ContactMethod.PHONE if locked.contact_phone else ContactMethod.EMAIL,
            reason=reason,
            # The check's contact step says that the clinic may call after a warning sign.
            consent=True,
            screening=locked,
            urgency=locked.urgency,
        )
        appointment_request.full_clean(exclude=["reference"], validate_unique=False)
        _save_with_reference(appointment_request)
        StatusChange.objects.create(
            request=appointment_request,
            from_status=RequestStatus.NEW,
            to_status=RequestStatus.NEW,
            note=note,
            changed_by=created_by,
        )
    return appointment_request, True


def submitter_hashes_wipe(*, now: datetime | None = None) -> int:
    """Blank the address hashes of requests older than SUBMITTER_HASH_KEPT_FOR; return how many.

    Run daily by the `wipe_submitter_addresses` command, never in a patient's request: the
    update locks old rows that staff may be editing.
    """
    cutoff = (now or timezone.now()) - SUBMITTER_HASH_KEPT_FOR
    with transaction.atomic():
        return (
            AppointmentRequest.objects.filter(created_at__lt=cutoff)
            .exclude(submitter_hash="")
            .update(submitter_hash="")
        )


def _save_with_reference(appointment_request: AppointmentRequest) -> None:
    for _attempt in range(_REFERENCE_ATTEMPTS):
        appointment_request.reference = new_reference()
        try:
            with transaction.atomic():
                appointment_request.save(force_insert=True)
        except IntegrityError:
            taken = AppointmentRequest.objects.filter(reference=appointment_request.reference)
            if not taken.exists():
                raise
        else:
            return
    raise RuntimeError("Could not find a free appointment request reference.")


def _send_new_request_emails(appointment_request: AppointmentRequest, site_url: str) -> None:
    _send_safely(
        "front desk", appointment_request, partial(_front_desk_email, appointment_request, site_url)
    )
    if appointment_request.email:
        _send_safely(
            "patient confirmation",
            appointment_request,
            partial(_patient_email, appointment_request),
        )


def _send_safely(
    kind: str, appointment_request: AppointmentRequest, build: Callable[[], EmailMessage]
) -> None:
    """Send one email; a failure is logged with the reference only and never reaches the patient."""
    try:
        build().send(fail_silently=False)
    except Exception as exc:
        # No exc_info: mail errors quote addresses, and the log must hold no patient data.
        logger.error(
            "Could not send the %s email for appointment request %s (%s).",
            kind,
            appointment_request.reference,
            type(exc).__name__,
        )


def _email_subject(text: str) -> str:
    return " ".join(str(text).split())


def _front_desk_email(appointment_request: AppointmentRequest, site_url: str) -> EmailMessage:
    reference = appointment_request.display_reference
    if appointment_request.urgency == Urgency.EMERGENCY:
        subject = gettext("EMERGENCY: appointment request %(reference)s (red flag)")
    elif appointment_request.urgency == Urgency.PROMPT:
        subject = gettext("URGENT: appointment request %(reference)s (red flag)")
    else:
        subject = gettext("New appointment request %(reference)s")
    path = reverse("appointments:detail", args=[appointment_request.pk])
    body = render_to_string(
        "appointments/email/front_desk.txt",
        {"appointment_request": appointment_request, "staff_url": f"{site_url}{path}"},
    )
    return EmailMessage(
        subject=_email_subject(subject % {"reference": reference}),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.CLINIC_FRONT_DESK_EMAIL],
    )


def _patient_email(appointment_request: AppointmentRequest) -> EmailMessage:
    subject = gettext("Your appointment request %(reference)s") % {
        "reference": appointment_request.display_reference
    }
    body = render_to_string(
        "appointments/email/patient_confirmation.txt",
        {
            "appointment_request": appointment_request,
            "clinic_name": settings.CLINIC_NAME,
            "clinic_phone": settings.CLINIC_PHONE,
            "emergency_phone": settings.EMERGENCY_PHONE,
        },
    )
    return EmailMessage(
        subject=_email_subject(subject),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[appointment_request.email],
        reply_to=[settings.CLINIC_EMAIL],
    )


def _lock_for_edit(
    appointment_request: AppointmentRequest, expected_version: int
) -> AppointmentRequest:
    """Lock the row (inside the caller's transaction) and refuse a change made from a stale copy."""
    locked = AppointmentRequest.objects.select_for_update().get(pk=appointment_request.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError(locked)
    return locked


def _save_new_version(locked: AppointmentRequest, **changes) -> None:
    """Write the changes only if nobody else did in between (a second guard where row locks are
    not available, as on SQLite)."""
    updated = AppointmentRequest.objects.filter(pk=locked.pk, version=locked.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise ConcurrentEditError(AppointmentRequest.objects.get(pk=locked.pk))
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.version += 1


def appointment_request_change_status(
    *,
    request: AppointmentRequest,
    to_status: str,
    note: str,
    changed_by: AbstractBaseUser | None,
    expected_version: int,
    appointment: Appointment | None = None,
) -> AppointmentRequest:
    """Move a request along the workflow and record who, when and why; returns the new state.
    Booking needs the `appointment`; booking and cancelling email the patient."""
    note = (note or "").strip()
    with transaction.atomic():
        locked = _lock_for_edit(request, expected_version)
        if to_status not in ALLOWED_TRANSITIONS.get(locked.status, frozenset()):
            message = _("A request that is “%(from)s” cannot become “%(to)s”.") % {
                "from": RequestStatus(locked.status).label,
                "to": _label_or_code(to_status),
            }
            raise ValidationError(
                {"to_status": ValidationError(message, code="transition_not_allowed")}
            )
        if to_status in NOTE_REQUIRED_FOR and not note:
            raise ValidationError(
                {"note": ValidationError(NOTE_REQUIRED_MESSAGES[to_status], code="note_required")}
            )
        change = StatusChange(
            request=locked,
            from_status=locked.status,
            to_status=to_status,
            note=note,
            changed_by=changed_by,
        )
        changes: dict = {"status": to_status}
        email = None
        if to_status == RequestStatus.BOOKED:
            changes |= _booking_changes(locked, appointment, change)
            email = AppointmentEmail.BOOKED
        elif to_status == RequestStatus.CANCELLED:
            changes["appointment_sequence"] = locked.appointment_sequence + 1
            email = AppointmentEmail.CANCELLED
        change.full_clean()
        _save_new_version(locked, **changes)
        change.save()
        if email:
            _email_appointment_on_commit(locked, email)
    return locked


def _booking_changes(
    locked: AppointmentRequest, appointment: Appointment | None, change: StatusChange
) -> dict:
    """The request's new appointment fields (and the history entry's copy), checked."""
    if appointment is None:
        raise ValidationError(
            {
                "appointment_date": ValidationError(
                    _("Give the appointment's date and time to book it."), code="required"
                )
            }
        )
    if appointment.starts_at <= timezone.now():
        raise ValidationError(
            {
                "appointment_date": ValidationError(
                    _("That time has passed: choose a time that is still to come."),
                    code="past",
                )
            }
        )
    if appointment.clinician is None and not appointment.clinician_name.strip():
        raise ValidationError(
            {
                "clinician": ValidationError(
                    _("Choose the clinician, or type their name."), code="required"
                )
            }
        )
    change.appointment_at = appointment.starts_at
    change.appointment_with = appointment.with_whom
    return {
        "appointment_at": appointment.starts_at,
        "appointment_clinician": appointment.clinician,
        "appointment_clinician_name": appointment.clinician_name.strip(),
        "appointment_sequence": locked.appointment_sequence + 1,
    }


def appointment_reschedule(
    *,
    request: AppointmentRequest,
    appointment: Appointment,
    note: str,
    changed_by: AbstractBaseUser | None,
    expected_version: int,
) -> AppointmentRequest:
    """Move a booked appointment to a new time (or clinician); the patient is emailed."""
    with transaction.atomic():
        locked = _lock_for_edit(request, expected_version)
        if locked.status != RequestStatus.BOOKED:
            raise ValidationError(_("Only a booked appointment can be moved."), code="not_booked")
        change = StatusChange(
            request=locked,
            from_status=locked.status,
            to_status=locked.status,
            note=(note or "").strip() or gettext("Appointment moved."),
            changed_by=changed_by,
        )
        changes = _booking_changes(locked, appointment, change)
        change.full_clean()
        _save_new_version(locked, **changes)
        change.save()
        _email_appointment_on_commit(locked, AppointmentEmail.RESCHEDULED)
    return locked


def last_status_change(appointment_request: AppointmentRequest) -> StatusChange | None:
    """The latest change of status (notes aside): the one a reversal would undo."""
    return (
        appointment_request.status_changes.exclude(from_status=F("to_status"))
        .order_by("-changed_at", "-id")
        .first()
    )


def appointment_request_reverse_status(
    *,
    request: AppointmentRequest,
    note: str,
    changed_by: AbstractBaseUser | None,
    expected_version: int,
) -> AppointmentRequest:
    """Undo the last status change, set by mistake: the status goes back, and the history
    keeps both entries. Undoing a booking tells the patient the time is off their calendar;
    undoing a cancellation books the same time again."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": ValidationError(_("Write a note to say what was wrong."), code="required")}
        )
    with transaction.atomic():
        locked = _lock_for_edit(request, expected_version)
        last = last_status_change(locked)
        if last is None or last.to_status != locked.status:
            raise ValidationError(_("There is no status change to undo."), code="nothing_to_undo")
        change = StatusChange(
            request=locked,
            from_status=locked.status,
            to_status=last.from_status,
            note=note,
            changed_by=changed_by,
            reversal=True,
        )
        changes: dict = {"status": last.from_status}
        upcoming = locked.appointment_at is not None and locked.appointment_at > timezone.now()
        email = None
        if upcoming and RequestStatus.BOOKED in (last.from_status, last.to_status):
            changes["appointment_sequence"] = locked.appointment_sequence + 1
            booked_again = last.from_status == RequestStatus.BOOKED
            email = AppointmentEmail.BOOKED if booked_again else AppointmentEmail.CANCELLED
            if booked_again:
                change.appointment_at = locked.appointment_at
                change.appointment_with = locked.appointment_with
        change.full_clean()
        _save_new_version(locked, **changes)
        change.save()
        if email:
            _email_appointment_on_commit(locked, email)
    return locked


def _email_appointment_on_commit(appointment_request: AppointmentRequest, kind: str) -> None:
    """Once the change is stored, email the patient (if they gave an address) with the
    appointment as a calendar file."""
    if not appointment_request.email or appointment_request.appointment_at is None:
        return
    transaction.on_commit(
        partial(
            _send_safely,
            f"appointment {kind}",
            appointment_request,
            partial(_appointment_email, appointment_request, kind),
        )
    )


APPOINTMENT_SUBJECTS = {
    AppointmentEmail.BOOKED: _("Your appointment on %(when)s"),
    AppointmentEmail.RESCHEDULED: _("Your appointment has moved to %(when)s"),
    AppointmentEmail.CANCELLED: _("Your appointment on %(when)s is cancelled"),
}


def _appointment_email(appointment_request: AppointmentRequest, kind: str) -> EmailMessage:
    starts_at = timezone.localtime(appointment_request.appointment_at)
    when = formats.date_format(starts_at, "DATETIME_FORMAT")
    context = {
        "appointment_request": appointment_request,
        "kind": kind,
        "starts_at": starts_at,
        "with_whom": appointment_request.appointment_with,
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
        "clinic_address": settings.CLINIC_ADDRESS,
    }
    message = EmailMessage(
        subject=_email_subject(APPOINTMENT_SUBJECTS[kind] % {"when": when}),
        body=render_to_string("appointments/email/appointment.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[appointment_request.email],
        reply_to=[settings.CLINIC_EMAIL],
    )
    cancelled = kind == AppointmentEmail.CANCELLED
    event = calendar.CalendarEvent(
        uid=f"appointment-{appointment_request.reference}@{settings.CLINIC_EMAIL.split('@')[-1]}",
        sequence=appointment_request.appointment_sequence,
        starts_at=appointment_request.appointment_at,
        duration=timedelta(minutes=settings.APPOINTMENT_MINUTES),
        summary=gettext("Appointment at %(clinic)s") % {"clinic": settings.CLINIC_NAME},
        location=settings.CLINIC_ADDRESS,
        description=gettext("To change or cancel it, call us on %(phone)s.")
        % {"phone": settings.CLINIC_PHONE},
        organizer_name=settings.CLINIC_NAME,
        organizer_email=settings.CLINIC_EMAIL,
        attendee_email=appointment_request.email,
        stamp=timezone.now(),
    )
    method = "CANCEL" if cancelled else "REQUEST"
    message.attach(
        "appointment.ics",
        calendar.to_ics(event, cancelled=cancelled),
        f"text/calendar; method={method}; charset=utf-8",
    )
    return message


def _label_or_code(status: str) -> str:
    return RequestStatus(status).label if status in RequestStatus.values else status


def appointment_request_add_note(
    *, request: AppointmentRequest, note: str, changed_by: AbstractBaseUser | None
) -> StatusChange:
    """Add a note to the history without changing the status (notes only append)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": ValidationError(_("Write a note first."), code="required")})
    with transaction.atomic():
        current = AppointmentRequest.objects.select_for_update().get(pk=request.pk)
        change = StatusChange(
            request=current,
            from_status=current.status,
            to_status=current.status,
            note=note,
            changed_by=changed_by,
        )
        change.full_clean()
        change.save()
    return change


def appointment_request_link_patient(
    *,
    request: AppointmentRequest,
    patient: Patient,
    changed_by: AbstractBaseUser | None,
    expected_version: int,
) -> AppointmentRequest:
    """Link a booked request (and its screening, if not linked yet) to a patient record."""
    with transaction.atomic():
        locked = _lock_for_edit(request, expected_version)
        _link(locked, patient, changed_by)
    return locked


def appointment_request_create_patient(
    *,
    request: AppointmentRequest,
    changed_by: AbstractBaseUser | None,
    expected_version: int,
    date_of_birth: date | None = None,
) -> AppointmentRequest:
    """Create a patient record from a booked request's details and link the two."""
    with transaction.atomic():
        locked = _lock_for_edit(request, expected_version)
        _require_booked(locked)
        patient = patient_create(
            full_name=locked.name,
            email=locked.email,
            phone=locked.phone,
            date_of_birth=date_of_birth,
            created_by=changed_by,
        )
        _link(locked, patient, changed_by)
    return locked


def _require_booked(locked: AppointmentRequest) -> None:
    if locked.status != RequestStatus.BOOKED:
        raise ValidationError(
            _("Only a booked request can be linked to a patient record."), code="not_booked"
        )


def _link(locked: AppointmentRequest, patient: Patient, changed_by) -> None:
    _require_booked(locked)
    _save_new_version(locked, patient=patient)
    if locked.screening_id is not None:
        # The screening belongs with the patient too, unless a clinician already linked it.
        Screening.objects.filter(pk=locked.screening_id, patient__isnull=True).update(
            patient=patient
        )
    StatusChange.objects.create(
        request=locked,
        from_status=locked.status,
        to_status=locked.status,
        note=gettext("Linked to patient record #%(id)s.") % {"id": patient.pk},
        changed_by=changed_by,
    )
