"""Writes of the screening: submitting a questionnaire and a clinician's review."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic.models import Patient
from clinic.services import patient_create
from clinic.tokens import hash_token, new_token
from screening.codes import Urgency
from screening.models import Screening
from screening.schema import validate_answers
from screening.scoring import assess

logger = logging.getLogger(__name__)

# At most this many new screenings from one address in the window: plenty for a family
# sharing a connection, too few to fill the clinicians' list with made-up contact details.
RATE_LIMIT_COUNT = 10
RATE_LIMIT_WINDOW = timedelta(hours=1)
# Address hashes serve only the rate limit: wiped once well past its window (run daily by the
# wipe_submitter_addresses command).
SUBMITTER_HASH_KEPT_FOR = timedelta(days=1)


class RateLimitedError(Exception):
    """The address already sent as many screenings as the window allows; nothing was stored."""


def submitter_hash(ip_address: str | None) -> str:
    """A keyed hash of the sender's address: enough to count their screenings, not to find them."""
    return salted_hmac(
        "clinic.screening.submitter", ip_address or "unknown", algorithm="sha256"
    ).hexdigest()


def screening_rate_limited(*, submitter: str) -> bool:
    """True when this address already sent the maximum number of screenings in the window.

    Counted in the database, so the limit holds across several app servers.
    """
    since = timezone.now() - RATE_LIMIT_WINDOW
    recent = Screening.objects.filter(submitter_hash=submitter, created_at__gte=since)
    return recent.count() >= RATE_LIMIT_COUNT


def _lock_submitter(submitter: str) -> None:
    """Serialise count-then-insert per address (PostgreSQL: an advisory lock for the
    transaction; SQLite's IMMEDIATE transactions already serialise writers)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [submitter])


def _stored(token: str) -> Screening | None:
    screenings = Screening.objects.filter(token_hash=hash_token(token)).only("id", "token_hash")
    return next(iter(screenings.order_by()[:1]), None)


def screening_submit(
    *,
    answers: object,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    token: str | None = None,
    submitter: str = "",
    site_url: str = "",
) -> tuple[Screening, str]:
    """Validate and score the answers, store them with the assessment; return it and its token.

    `token`: the result link's token (the questionnaire derives it from its state, so that a
    replayed submission finds the screening it stored and stores nothing). `submitter`: the
    sender's address hash, for the rate limit (RateLimitedError, nothing stored). An urgent
    screening that left contact details is announced to the front desk once stored.
    """
    if token is None:
        token = new_token()
    else:
        existing = _stored(token)
        if existing is not None:
            return existing, token
    clean = validate_answers(answers)  # AnswersError (a ValueError) for invalid answers
    assessment = assess(clean)
    screening = Screening(
        token_hash=hash_token(token),
        answers=clean,
        # Stored whole, so the result page shows what was computed today even after the model
        # changes.
        assessment=assessment.to_dict(),
        category=assessment.category,
        urgency=assessment.urgency,
        nerve_probability=assessment.nerve_probability,
        model_version=assessment.model_version,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        submitter_hash=submitter,
    )
    # No uniqueness query: the database's unique index on the token's hash decides (below).
    screening.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            if submitter:
                _lock_submitter(submitter)
                if screening_rate_limited(submitter=submitter):
                    raise RateLimitedError
            screening.save(force_insert=True)
            if screening.urgency != Urgency.NONE and screening.has_contact:
                transaction.on_commit(
                    partial(_send_call_today_email, screening.pk, screening.urgency, site_url)
                )
    except IntegrityError:
        # The same state sent twice at once: the other request stored it.
        existing = _stored(token)
        if existing is None:
            raise
        return existing, token
    return screening, token


def _send_call_today_email(screening_id: int, urgency: str, site_url: str) -> None:
    """Tell the front desk to call: the urgency and a staff link only, never answers or contact
    details. A failure is logged without patient data; the screening is already stored."""
    try:
        # In the clinic's language, whatever the patient's.
        with translation.override(settings.LANGUAGE_CODE):
            if urgency == Urgency.EMERGENCY:
                subject = gettext("Call today: an online check with an emergency warning sign")
            else:
                subject = gettext("Call today: an online check with a warning sign")
            body = render_to_string(
                "screening/email/call_today.txt",
                {"emergency": urgency == Urgency.EMERGENCY, "site_url": site_url.rstrip("/")},
            )
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[settings.CLINIC_FRONT_DESK_EMAIL],
        ).send(fail_silently=False)
    except Exception as exc:
        # No exc_info: mail errors quote addresses, and the log must hold no patient data.
        logger.error(
            "Could not send the call-today email for screening %s (%s).",
            screening_id,
            type(exc).__name__,
        )


def screening_review(*, screening: Screening, reviewer, note: str) -> Screening:
    """Mark a screening as reviewed by `reviewer` now, with the clinician's note."""
    screening.review_note = note.strip()
    screening.reviewed_by = reviewer
    screening.reviewed_at = timezone.now()
    screening.full_clean()
    screening.save(update_fields=["review_note", "reviewed_by", "reviewed_at"])
    return screening


def submitter_hashes_wipe(*, now: datetime | None = None) -> int:
    """Blank the address hashes of screenings older than SUBMITTER_HASH_KEPT_FOR; return how many.

    Run daily by the `wipe_submitter_addresses` command, never in a patient's request.
    """
    cutoff = (now or timezone.now()) - SUBMITTER_HASH_KEPT_FOR
    with transaction.atomic():
        return (
            Screening.objects.filter(created_at__lt=cutoff)
            .exclude(submitter_hash="")
            .update(submitter_hash="")
        )


@transaction.atomic
def screening_link_patient(*, screening: Screening, patient: Patient) -> Screening:
    """Put a screening on a patient's record (once: a screening belongs to one patient)."""
    locked = Screening.objects.select_for_update().only("id", "patient").get(pk=screening.pk)
    if locked.patient_id not in (None, patient.pk):
        raise ValidationError(
            _("This screening is already on another patient's record."), code="already_linked"
        )
    Screening.objects.filter(pk=locked.pk).update(patient=patient)
    screening.patient = patient
    return screening


@transaction.atomic
def screening_create_patient(
    *,
    screening: Screening,
    created_by,
    full_name: str,
    email: str = "",
    phone: str = "",
    date_of_birth=None,
) -> Patient:
    """A new patient record from a screening, with the screening on it."""
    patient = patient_create(
        full_name=full_name,
        email=email,
        phone=phone,
        date_of_birth=date_of_birth,
        created_by=created_by,
    )
    screening_link_patient(screening=screening, patient=patient)
    return patient
