"""Random link tokens for patients: only a hash is stored, so a database leak reveals no link."""

from __future__ import annotations

import hashlib
import secrets

# 32 random bytes = 256 bits, well above the 128 bits the links need.
TOKEN_BYTES = 32
TOKEN_HASH_LENGTH = 64


def new_token() -> str:
    """Return a fresh URL-safe random token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
