from __future__ import annotations

from appointments.reference import (
    ALPHABET,
    REFERENCE_LENGTH,
    format_reference,
    new_reference,
    normalize_reference,
)


def test_it_leaves_out_characters_that_are_easy_to_mix_up():
    assert not set("01OIL") & set(ALPHABET)


def test_it_makes_references_of_the_alphabet_and_length():
    references = {new_reference() for _ in range(200)}
    assert len(references) == 200
    for reference in references:
        assert len(reference) == REFERENCE_LENGTH
        assert set(reference) <= set(ALPHABET)


def test_it_formats_and_normalizes_references():
    assert format_reference("ABCD2345") == "ABCD-2345"
    assert normalize_reference(" abcd-2345 ") == "ABCD2345"
