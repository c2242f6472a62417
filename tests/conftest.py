from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings


@pytest.fixture(scope="session", autouse=True)
def _collected_static(tmp_path_factory):
    """Tests run with debug off, so pages need the hashed static manifest: build it once."""
    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """The test server speaks plain HTTP: don't redirect it to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False
    # Query budgets count the worst case, the session extended on every request; production
    # does it at most once a minute (tests/security/test_login_protection.py checks that).
    settings.SESSION_TOUCH_SECONDS = 0
    # Hashing passwords at full strength makes the suite slow; tests need no real hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Property tests explore new random examples on a developer's machine; CI runs the same examples
# every time, so that a red build always points at a change, never at the luck of the draw.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
