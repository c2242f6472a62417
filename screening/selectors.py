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
