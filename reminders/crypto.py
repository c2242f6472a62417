"""The program link's token, kept encrypted at rest so that a reminder email can carry it.

Fernet (AES-128-CBC with HMAC-SHA256) under a key derived from settings.SECRET_KEY with HKDF
(SHA-256, a fixed salt): a copy of the database alone opens no program. Keys from
SECRET_KEY_FALLBACKS still decrypt, so rotating the secret key the way Django documents it
keeps reminders going; a value that no key opens answers None (the reminder is not sent and
the subscription ends: the patient subscribes again).
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

SALT = b"clinic.reminders.program-link"
INFO = b"program link token at rest, v1"


def _fernet(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=SALT, info=INFO).derive(
        secret.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(secret) for secret in secrets])


def encrypt(token: str) -> str:
    return _keys().encrypt(token.encode("utf-8")).decode("ascii")


def decrypt(value: str) -> str | None:
    """The token, or None when no current or fallback key opens it."""
    try:
        return _keys().decrypt(value.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError, ValueError):
        return None


def needs_rotation(value: str) -> bool:
    """True when only a fallback key opens the value (re-encrypt it under the current key)."""
    try:
        _fernet(settings.SECRET_KEY).decrypt(value.encode("ascii"))
    except (InvalidToken, UnicodeError, ValueError):
        return decrypt(value) is not None
    return False
