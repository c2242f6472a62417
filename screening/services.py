"""Writes of the screening: submitting a questionnaire and a clinician's review."""

from __future__ import annotations

from django.utils import timezone

from clinic.tokens import hash_token, new_token
from screening.models import Screening
from screening.schema import validate_answers
from screening.scoring import assess


def screening_submit(
    *,
    answers: object,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> tuple[Screening, str]:
    """Validate and score the answers, store them with the assessment; return it and its token."""
    clean = validate_answers(answers)  # AnswersError (a ValueError) for invalid answers
    assessment = assess(clean)
    token = new_token()
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
    )
    # No uniqueness query for a fresh 256-bit token; the database's unique index still holds.
    screening.full_clean(validate_unique=False)
    # One INSERT is a transaction by itself: the row is stored when this returns, without
    # BEGIN and COMMIT round trips.
    screening.save()
    return screening, token


def screening_review(*, screening: Screening, reviewer, note: str) -> Screening:
    """Mark a screening as reviewed by `reviewer` now, with the clinician's note."""
    screening.review_note = note.strip()
    screening.reviewed_by = reviewer
    screening.reviewed_at = timezone.now()
    screening.full_clean()
    screening.save(update_fields=["review_note", "reviewed_by", "reviewed_at"])
    return screening
