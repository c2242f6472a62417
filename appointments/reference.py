"""Short reference codes that people read out over the phone: no 0/O, 1/I/L to mix up."""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8  # 31**8, about 8.5e11 codes: collisions are rare, and retried anyway.
_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Za-z]")


def new_reference() -> str:
    """A fresh random reference code, stored without the dash."""
    return "".join(secrets.choice(ALPHABET) for _ in range(REFERENCE_LENGTH))


def format_reference(reference: str) -> str:
    """ABCD2345 -> ABCD-2345, easier to read out and copy."""
    half = len(reference) // 2
    return f"{reference[:half]}-{reference[half:]}" if len(reference) > 4 else reference


def normalize_reference(text: str) -> str:
    """What someone typed (abcd-2345, ' ABCD 2345') -> the stored form (ABCD2345)."""
    return _NOT_ALPHANUMERIC.sub("", text).upper()
