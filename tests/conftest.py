from __future__ import annotations

import pytest
from django.core.management import call_command


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
