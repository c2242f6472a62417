"""Writes on the clinic core that other apps call (keyword-only, validated)."""

from __future__ import annotations

import enum
import unicodedata
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from clinic.models import PasswordResetRequest, Patient

# Password reset throttle: at most this many emails to one address, and this many requests
# from one client address, per window. Counted in the database, so that several app servers
# share the counts; the rows go after a day (`purge_audit`).
RESET_EMAILS_PER_ADDRESS = 3
RESET_REQUESTS_PER_CLIENT = 5
RESET_WINDOW = timedelta(hours=1)
RESET_RECORDS_KEPT_FOR = timedelta(days=1)


def patient_create(
    *,
    full_name: str,
    email: str = "",
    phone: str = "",
    date_of_birth: date | None = None,
    created_by=None,
) -> Patient:
    """Create a patient record after full validation (email or phone is required)."""
    patient = Patient(created_by=created_by)
    return _patient_save(
        patient, full_name=full_name, email=email, phone=phone, date_of_birth=date_of_birth
    )


def patient_update(
    *,
    patient: Patient,
    full_name: str,
    email: str = "",
    phone: str = "",
    date_of_birth: date | None = None,
) -> Patient:
    """Change a patient's details with the same validation as creating them."""
    return _patient_save(
        patient, full_name=full_name, email=email, phone=phone, date_of_birth=date_of_birth
    )


def _patient_save(
    patient: Patient, *, full_name: str, email: str, phone: str, date_of_birth: date | None
) -> Patient:
    patient.full_name = full_name.strip()
    patient.email = (email or "").strip()
    patient.phone = str(phone or "").strip()
    patient.date_of_birth = date_of_birth
    patient.full_clean()
    patient.save()
    return patient


class ResetOutcome(enum.Enum):
    SEND = "send"  # an email goes out if the address belongs to an account
    ADDRESS_LIMITED = "address_limited"  # the same answer, and no email
    CLIENT_LIMITED = "client_limited"  # too many requests from this client: nothing recorded


def _keyed_hash(purpose: str, value: str) -> str:
    return salted_hmac(f"clinic.password_reset.{purpose}", value, algorithm="sha256").hexdigest()


def _normalized_address(email: str) -> str:
    # As Django compares addresses when it looks the account up (case-insensitively).
    return unicodedata.normalize("NFKC", email).casefold().strip()


def password_reset_request_record(*, email: str, client_ip: str | None) -> ResetOutcome:
    """Count a password reset request against both limits and record it, in one transaction.

    The same work whether or not the address belongs to an account: no account is looked up
    here, so neither the answer nor its timing can tell.
    """
    address = _keyed_hash("address", _normalized_address(email))
    client = _keyed_hash("client", client_ip or "unknown")
    since = timezone.now() - RESET_WINDOW
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Serialise count-then-insert, as the request form's rate limit does; resets are
            # rare, so one lock for all of them. SQLite transactions start IMMEDIATE already.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('clinic.password_reset'))")
        recent = PasswordResetRequest.objects.filter(created_at__gte=since)
        if recent.filter(client_hash=client).count() >= RESET_REQUESTS_PER_CLIENT:
            return ResetOutcome.CLIENT_LIMITED
        emails = recent.filter(address_hash=address, email_allowed=True).count()
        allowed = emails < RESET_EMAILS_PER_ADDRESS
        record = PasswordResetRequest(
            address_hash=address, client_hash=client, email_allowed=allowed
        )
        record.full_clean()
        record.save(force_insert=True)
    return ResetOutcome.SEND if allowed else ResetOutcome.ADDRESS_LIMITED
