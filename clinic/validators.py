"""Validation shared by every form that takes a patient's details."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_MIN_DIGITS = 7
PHONE_MAX_DIGITS = 15  # E.164
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()./-]+$")
_NOT_DIGIT = re.compile(r"\D")


def validate_phone(value: str) -> None:
    """A phone number: digits with the usual separators, 7 to 15 digits in all."""
    digits = _NOT_DIGIT.sub("", value)
    if not _PHONE_CHARACTERS.match(value) or not (
        PHONE_MIN_DIGITS <= len(digits) <= PHONE_MAX_DIGITS
    ):
        raise ValidationError(
            _("Enter a phone number with %(min)d to %(max)d digits, for example 555 010 0123."),
            code="invalid_phone",
            params={"min": PHONE_MIN_DIGITS, "max": PHONE_MAX_DIGITS},
        )


def normalize_phone(value: str) -> str:
    """'+1 (555) 010-0123' -> '+15550100123': stored and searched as digits."""
    value = value.strip()
    return ("+" if value.startswith("+") else "") + _NOT_DIGIT.sub("", value)
