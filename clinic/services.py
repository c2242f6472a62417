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
    patient = Patient(
        full_name=full_name.strip(),
        email=(email or "").strip(),
        phone=(phone or "").strip(),
        date_of_birth=date_of_birth,
        created_by=created_by,
    )
    patient.full_clean()
    patient.save()
    return patient
