"""Phone numbers: one stored format (E.164, "+13145550123") for patients, requests and
screenings; shown the way people write them; searched by their digits.

Parsing and validation come from django-phonenumber-field (Google's libphonenumber), with the
clinic's region (`PHONENUMBER_DEFAULT_REGION`) for numbers typed without a country code.
"""

from __future__ import annotations

import re

import phonenumbers
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field import formfields

_NOT_DIGIT = re.compile(r"\D")
# Fewer digits than this would match half the phone book.
SEARCH_MIN_DIGITS = 3
INVALID_MESSAGE = _(
    "Enter a phone number we can call, for example (314) 555-0123, or one that starts "
    "with + and the country code."
)


class PhoneField(formfields.PhoneNumberField):
    """A form's phone number: anything people type, checked, cleaned to E.164 text."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("error_messages", {}).setdefault("invalid", INVALID_MESSAGE)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "tel")

    def clean(self, value) -> str:
        number = super().clean(value)
        return number.as_e164 if number else ""


def stored_form(value: str) -> str:
    """E.164 for a number that parses and is valid; anything else unchanged (data migrations)."""
    try:
        number = phonenumbers.parse(value, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def for_people(value) -> str:
    """National format for the clinic's own country, international for others; else as stored."""
    text = str(value or "")
    try:
        number = phonenumbers.parse(text, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_valid_number(number):
        return text
    if phonenumbers.region_code_for_number(number) == settings.PHONENUMBER_DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def for_links(value) -> str:
    """What goes after tel:, digits and a leading + only."""
    text = str(value or "").strip()
    return ("+" if text.startswith("+") else "") + _NOT_DIGIT.sub("", text)


def search_condition(text: str, field: str = "phone") -> Q | None:
    """Rows whose phone holds the digits of `text` (however it was typed), or None when `text`
    has too few digits to be a phone search."""
    digits = _NOT_DIGIT.sub("", text)
    if len(digits) < SEARCH_MIN_DIGITS:
        return None
    return Q(**{f"{field}__contains": digits})


def normalize_stored_numbers(model, field: str, *, batch_size: int = 1000) -> None:
    """For data migrations, before the column becomes a phone number field: rewrite each
    stored number that parses to E.164 and keep any other as it was typed."""
    changed = []
    for row in model.objects.exclude(**{field: ""}).only("pk", field).iterator():
        normalized = stored_form(getattr(row, field))
        if normalized != getattr(row, field):
            setattr(row, field, normalized)
            changed.append(row)
    model.objects.bulk_update(changed, [field], batch_size=batch_size)
