from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from clinic.validators import normalize_phone, validate_phone


@pytest.mark.parametrize("phone", ["555 010 0123", "+1 (555) 010-0123", "5550100", "555.010.0123"])
def test_it_accepts_usual_phone_numbers(phone):
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone", ["call me maybe", "555", "1" * 16, "555 010 0123 ext 4", "<b>5550100</b>", "+"]
)
def test_it_refuses_what_is_not_a_phone_number(phone):
    with pytest.raises(ValidationError) as error:
        validate_phone(phone)
    assert error.value.code == "invalid_phone"


def test_it_keeps_digits_and_a_leading_plus():
    assert normalize_phone(" +1 (555) 010-0123 ") == "+15550100123"
