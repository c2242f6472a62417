"""Lockout, idle sessions, password strength and cookie flags (basics: test_foundation)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from clinic.roles import CLINICIANS
from tests.factories import UserFactory, clinician

pytestmark = pytest.mark.django_db

PASSWORD = "a-strong-test-password"


def _login(client, password: str, **extra):
    return client.post(reverse("login"), {"username": "casey", "password": password}, **extra)


def _fail_five_times(client, **extra) -> None:
    statuses = [_login(client, "wrong", **extra).status_code for _ in range(5)]
    # The fifth failure locks the account at once.
    assert statuses == [200, 200, 200, 200, 429]


def _age_failed_attempts(minutes: int) -> None:
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))


def test_a_lockout_refuses_the_right_password_and_creates_no_session(client):
    UserFactory(username="casey", groups=[CLINICIANS])
    _fail_five_times(client)
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("staff:home")).status_code == 302


def test_four_failures_do_not_lock_the_account(client):
    UserFactory(username="casey", groups=[CLINICIANS])
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302


def test_a_lockout_holds_through_the_cool_off_and_ends_after_it(client):
    UserFactory(username="casey", groups=[CLINICIANS])
    _fail_five_times(client)
    _age_failed_attempts(29)
    assert _login(client, PASSWORD).status_code == 429
    _age_failed_attempts(31)
    response = _login(client, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("staff:home")


def test_a_lockout_also_covers_the_admin_login(client):
    UserFactory(username="casey", groups=[CLINICIANS], is_superuser=True, is_staff=True)
    _fail_five_times(client)
    response = client.post(reverse("admin:login"), {"username": "casey", "password": PASSWORD})
    assert response.status_code == 429


def test_failed_attempts_are_kept_without_the_password(client):
    UserFactory(username="casey", groups=[CLINICIANS])
    client.post(reverse("login"), {"username": "casey", "password": "my-Secret-guess-42"})
    attempt = AccessAttempt.objects.get()
    assert "my-Secret-guess-42" not in attempt.post_data
    assert "my-Secret-guess-42" not in attempt.get_data


def test_staff_sessions_last_30_minutes_and_requests_extend_them(client, settings, monkeypatch):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    settings.SESSION_TOUCH_SECONDS = 60  # as in production (tests/conftest.py sets 0)
    # The middleware's clock stands still until the test moves it: on a busy machine the
    # requests below may be more than a minute apart in real time.
    now = time.time()
    monkeypatch.setattr("clinic.middleware.time.time", lambda: now)
    client.force_login(clinician())
    response = client.get(reverse("staff:home"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)

    # Within the minute the session row is not rewritten (no commit per page) ...
    Session.objects.update(expire_date=F("expire_date") - timedelta(minutes=5))
    response = client.get(reverse("staff:home"))
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    shortened = Session.objects.get().expire_date
    assert shortened - timezone.now() < timedelta(minutes=26)

    # ... a minute later a request extends it to a full 30 minutes again.
    later = now + 61
    monkeypatch.setattr("clinic.middleware.time.time", lambda: later)
    response = client.get(reverse("staff:home"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    assert Session.objects.get().expire_date - timezone.now() > timedelta(minutes=29)


def test_a_staff_session_idle_for_30_minutes_is_over(client):
    client.force_login(clinician())
    assert client.get(reverse("staff:home")).status_code == 200
    # 30 minutes without a request: the stored session has expired.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("new_password", "complaint"),
    [
        ("short1!", "too short"),
        ("password123", "too common"),
        ("83726150493817", "entirely numeric"),
        ("casey.example", "too similar"),
    ],
)
def test_password_change_refuses_weak_passwords(client, new_password, complaint):
    user = UserFactory(username="casey.example", groups=[CLINICIANS])
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response.status_code == 200
    assert complaint in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_accepts_a_strong_password(client):
    user = UserFactory(username="casey", groups=[CLINICIANS])
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "tidal-orchard-Quill-58",
            "new_password2": "tidal-orchard-Quill-58",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("tidal-orchard-Quill-58")


def test_cookies_are_secure_and_the_session_cookie_http_only_with_debug_off(client, settings):
    assert settings.DEBUG is False
    UserFactory(username="casey", groups=[CLINICIANS])
    login_page = client.get(reverse("login"))
    csrf = login_page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    response = _login(client, PASSWORD)
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_login_and_logout_never_redirect_to_another_site(client, next_url):
    UserFactory(username="casey", groups=[CLINICIANS])
    response = client.post(
        reverse("login"), {"username": "casey", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response.url == reverse("staff:home")
    response = client.post(reverse("logout"), {"next": next_url})
    assert response.status_code == 302
    assert response.url == reverse("login")


def test_a_password_reset_does_not_tell_whether_an_account_exists(client):
    UserFactory(username="casey", email="casey@clinic.example", groups=[CLINICIANS])
    known = client.post(reverse("password_reset"), {"email": "casey@clinic.example"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@clinic.example"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)


# The client's address, for the lockout and the request rate limit alike ----------------------


def test_a_forged_x_forwarded_for_does_not_get_round_the_lockout(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="casey", groups=[CLINICIANS])
    for number in range(5):
        _login(client, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    response = _login(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


def test_behind_our_proxy_each_patient_and_staff_member_is_told_apart(client, settings):
    """Every request reaches the app from the proxy's address; the client is in X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    UserFactory(username="casey", groups=[CLINICIANS])
    _fail_five_times(client, HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    # Someone else, from another address, is not locked out by the attacker's failures.
    other = _login(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.10", **proxy)
    assert other.status_code == 302
    # The locked-out address stays locked out, whatever it claims further left.
    forged = _login(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.10, 203.0.113.66", **proxy)
    assert forged.status_code == 429


def test_behind_our_proxy_the_request_rate_limit_counts_each_patient_separately(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    form = {
        "name": "Robin Example",
        "phone": "314 555 0123",
        "contact_method": "phone",
        "reason": "Sore thigh",
        "consent": "on",
    }
    url = reverse("appointments:request")
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    statuses = [
        client.post(url, form, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code
        for _ in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    other_patient = client.post(url, form, HTTP_X_FORWARDED_FOR="192.0.2.44", **proxy)
    assert other_patient.status_code == 302
