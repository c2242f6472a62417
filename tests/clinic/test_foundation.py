from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse

from clinic.roles import CLINICIANS, FRONT_DESK
from tests.factories import UserFactory, administrator, clinician, front_desk

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_it_serves_the_home_page_with_the_clinic_details(client, settings):
    settings.CLINIC_NAME = "Harbour Physio"
    settings.CLINIC_PHONE = "314-555-0199"
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Harbour Physio" in html
    assert "314-555-0199" in html
    assert "education, not a diagnosis" in html
    assert "emergency" in html.lower()
    assert html.count("<h1") == 1


def test_it_sends_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_it_reports_health_after_a_database_round_trip(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_reports_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_it_creates_the_staff_groups_with_permissions():
    clinicians = Group.objects.get(name=CLINICIANS)
    desk = Group.objects.get(name=FRONT_DESK)
    assert clinicians.permissions.filter(codename="change_patient").exists()
    assert desk.permissions.filter(codename="add_patient").exists()
    assert not desk.permissions.filter(codename="change_patient").exists()


def test_it_sends_anonymous_visitors_of_staff_home_to_login(client):
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_refuses_staff_home_to_a_user_without_a_role(client):
    client.force_login(UserFactory())
    assert client.get(reverse("staff:home")).status_code == 403


def test_it_shows_each_role_its_own_tools(client):
    client.force_login(clinician())
    html = client.get(reverse("staff:home")).content.decode()
    assert "Clinician tools" in html
    assert "Front desk tools" not in html

    client.force_login(front_desk())
    html = client.get(reverse("staff:home")).content.decode()
    assert "Front desk tools" in html
    assert "Clinician tools" not in html


@pytest.mark.parametrize("make_user", [clinician, front_desk])
def test_it_keeps_clinicians_and_front_desk_out_of_the_admin(client, make_user):
    client.force_login(make_user(is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_it_lets_administrators_into_the_admin(client):
    client.force_login(administrator())
    assert client.get("/admin/").status_code == 200


def test_it_logs_staff_in_and_out(client):
    UserFactory(username="casey", groups=[CLINICIANS])
    response = client.post(
        reverse("login"), {"username": "casey", "password": "a-strong-test-password"}
    )
    assert response.status_code == 302
    assert response.url == reverse("staff:home")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("staff:home")).status_code == 302


def test_it_locks_an_account_out_after_repeated_failed_logins(client):
    UserFactory(username="casey", groups=[CLINICIANS])
    for _ in range(5):
        client.post(reverse("login"), {"username": "casey", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "casey", "password": "a-strong-test-password"}
    )
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


def test_it_emails_a_password_reset_link(client):
    UserFactory(username="casey", email="casey@clinic.example", groups=[CLINICIANS])
    response = client.post(reverse("password_reset"), {"email": "casey@clinic.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["casey@clinic.example"]


def test_it_creates_demo_accounts_once_and_keeps_them(settings, capsys):
    settings.DEBUG = True
    call_command("bootstrap_demo")
    call_command("bootstrap_demo")
    out = capsys.readouterr().out
    assert "username: clinician" in out
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__in=["clinician", "frontdesk", "admin"])
    assert users.count() == 3
    assert get_user_model().objects.get(username="admin").is_superuser


def _run_manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=600,  # a deadline against a hang, not a speed limit: the machine may be busy
        check=False,
    )


def test_it_refuses_to_start_without_a_secret_key():
    result = _run_manage(["check"], {})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Refusing to start: set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
    ]


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7!kq2" * 10,
    "DJANGO_ALLOWED_HOSTS": "clinic.example.org",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def test_it_passes_the_deployment_checks_with_production_settings():
    result = _run_manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_checks_warn_when_mail_would_go_to_the_console():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_EMAIL_BACKEND"}
    result = _run_manage(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 1
    assert "clinic.W001" in result.stderr
    assert "set DJANGO_EMAIL_BACKEND" in result.stderr


def test_the_console_mail_warning_is_for_deployments_only(settings):
    from clinic.checks import CONSOLE_EMAIL_BACKEND, check_email_backend

    settings.EMAIL_BACKEND = CONSOLE_EMAIL_BACKEND
    settings.DEBUG = True
    assert check_email_backend(None) == []
    settings.DEBUG = False
    assert [warning.id for warning in check_email_backend(None)] == ["clinic.W001"]


@pytest.mark.parametrize("language", ["es", "bs", "de"])
def test_a_browser_in_another_language_gets_one_language_and_the_right_lang(client, language):
    """Until the Spanish and Bosnian catalogues ship, every page is English and says so:
    never Django's own translations ("Nombre de usuario") inside the site's English."""
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Username" in html
    assert "Nombre de usuario" not in html
    assert "Korisničko ime" not in html
