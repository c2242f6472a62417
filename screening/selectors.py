"""Reading screenings: the one way to find a screening from its result link."""

from __future__ import annotations

from clinic.tokens import hash_token
from screening.models import Screening

# Tokens are 43 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 100


def screening_for_token(token: str, *fields: str) -> Screening | None:
    """The screening behind a result-link token (only `fields`, if given); None if unknown."""
    token = (token or "").strip()
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    screenings = Screening.objects.filter(token_hash=hash_token(token))
    if fields:
        screenings = screenings.only(*fields)
    # The hash is unique: no ORDER BY to build and plan on every visit.
    return next(iter(screenings.order_by()[:1]), None)


def screenings_for_patient(patient_id: int, *, limit: int = 20) -> list[Screening]:
    """The patient's latest screenings, without their answers."""
    screenings = Screening.objects.filter(patient_id=patient_id).defer("answers", "assessment")
    return list(screenings.order_by("-created_at", "-id")[:limit])
