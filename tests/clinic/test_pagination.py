from __future__ import annotations

import pytest

from clinic.pagination import MAX_PAGE_NUMBER, page_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (" 7 ", 7),
        ("007", 7),
        (str(MAX_PAGE_NUMBER), MAX_PAGE_NUMBER),
        (str(MAX_PAGE_NUMBER + 5), MAX_PAGE_NUMBER + 1),
        ("9" * 5000, MAX_PAGE_NUMBER + 1),
        ("0", None),
        ("000", None),
        ("-1", None),
        ("+1", None),
        ("1.0", None),
        ("1e3", None),
        ("", None),
        ("\x00", None),
        ("1\x00", None),
        ("٣", None),
        ("²", None),
        ("abc", None),
    ],
)
def test_it_reads_only_plain_page_numbers(value, expected):
    assert page_number(value) == expected
