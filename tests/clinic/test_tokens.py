"""clinic.tokens: link tokens are random and stored only as hashes."""

from __future__ import annotations

import re

from clinic.tokens import TOKEN_HASH_LENGTH, hash_token, new_token


def test_tokens_are_long_url_safe_and_unique():
    tokens = {new_token() for _ in range(500)}
    assert len(tokens) == 500
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)


def test_the_hash_is_stable_hex_of_the_stored_length():
    token = new_token()
    assert hash_token(token) == hash_token(token)
    assert re.fullmatch(rf"[0-9a-f]{{{TOKEN_HASH_LENGTH}}}", hash_token(token))
    assert hash_token(token) != hash_token(token + "x")


def test_any_text_hashes_without_error():
    assert len(hash_token("\ud800 lone surrogate")) == TOKEN_HASH_LENGTH
