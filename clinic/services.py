"""Writes on the clinic core that other apps call (keyword-only, validated)."""

from __future__ import annotations

from datetime import date

from clinic.models import Patient


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
