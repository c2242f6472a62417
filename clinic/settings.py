"""Settings for the clinic site: one module, driven by environment variables (see README)."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A one-line refusal rather than a traceback: the operator knows what to set.
        sys.exit(
            "Refusing to start: set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-only-key-do-not-use-in-production"  # noqa: S105

# Old keys still accepted while a new DJANGO_SECRET_KEY takes over (signed values, sessions,
# and the reminder links encrypted by reminders.crypto); drop them after a week.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin on our own site class (superusers only, every visit audited).
    "clinic.apps.ClinicAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "phonenumber_field",
    # Bootstrap's CSS, served as our own static files (bootstrap/css/bootstrap.min.css).
    "bootstrap",
    "axes",
    "clinic",
    "clinic.audit",
    # The feature apps, above the foundation; none imports a higher one.
    "screening",
    "exercises",
    "appointments",
    # Above exercises: outcome measures and email reminders of home programs.
    "outcomes",
    "reminders",
    # Pages that combine the feature apps: the staff home and the patient record.
    "staff",
    # Tools: demo accounts and data for `make run`.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "clinic.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "clinic.middleware.IdleSessionMiddleware",
    # No LocaleMiddleware until locale/ holds the Spanish and Bosnian catalogues: without them
    # a browser asking for Spanish got Django's own Spanish ("Nombre de usuario") inside the
    # site's English. Every page is English, and says so, until the translations ship.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.clinic",
            ],
        },
    },
]

# SQLite file by default, so `make run` needs no server; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take SQLite's write lock when a transaction starts: concurrent writers wait their turn
    # instead of failing with "database is locked" halfway through.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "login"

# Lock an account-and-address pair out after repeated failed logins.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# How many reverse proxies of our own sit in front of the site (one by default behind a TLS
# proxy): only then is X-Forwarded-For trusted, and only its last entries. One definition of
# the client's address serves the lockout, the request rate limit and the audit trail; without
# it, behind a proxy every visitor would share the proxy's address.
TRUSTED_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1 if env_bool("DJANGO_BEHIND_TLS_PROXY") else 0)
AXES_CLIENT_IP_CALLABLE = "clinic.audit.recording.client_ip"

# Rows per page of every staff list (clinic.pagination).
PAGE_SIZE = 25
# The front desk answers a request within this many working days (Monday to Friday, in the
# clinic's time zone): older open requests are marked overdue. The patient pages promise two.
REQUEST_ANSWER_WORKING_DAYS = env_int("REQUEST_ANSWER_WORKING_DAYS", 2)
# How long an appointment lasts, for the calendar file sent to the patient when it is booked.
APPOINTMENT_MINUTES = env_int("APPOINTMENT_MINUTES", 45)
# Anonymous screenings with no request or patient are deleted after this many days
# (`manage.py purge_screenings`).
SCREENING_RETENTION_DAYS = env_int("SCREENING_RETENTION_DAYS", 180)
# Audit events and login records (django-axes) are deleted after this many days
# (`manage.py purge_audit`). Six years by default, a common period for health records; the
# clinic decides, as the rules differ by country, state and kind of record.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 6 * 365)

# Staff sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = 30 * 60
# Extended at most once a minute by clinic.middleware.IdleSessionMiddleware, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en"
# Patients read the site in English, Spanish or Bosnian (Latin script); each name in itself.
LANGUAGES = [("en", "English"), ("es", "Español"), ("bs", "Bosanski")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("CLINIC_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Clinicians' uploaded exercise pictures (exercises.images), served by exercises.views.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", "") or BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Phone numbers typed without a country code are read as numbers of this country (clinic.phones).
PHONENUMBER_DEFAULT_REGION = os.environ.get("CLINIC_PHONE_REGION", "US")
PHONENUMBER_DB_FORMAT = "E164"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"


# Email: console by default; SMTP (or any backend) through the environment.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# The clinic's own details, shown across the site.
CLINIC_NAME = os.environ.get("CLINIC_NAME", "Riverside Physical Therapy")
CLINIC_PHONE = os.environ.get("CLINIC_PHONE", "555-0100")
CLINIC_EMAIL = os.environ.get("CLINIC_EMAIL", "hello@clinic.example")
CLINIC_ADDRESS = os.environ.get("CLINIC_ADDRESS", "1 Example Street, Springfield")
CLINIC_FRONT_DESK_EMAIL = os.environ.get("CLINIC_FRONT_DESK_EMAIL", "frontdesk@clinic.example")
# The emergency number the site tells patients to call (911 in the US, 112 in most of Europe).
EMERGENCY_PHONE = os.environ.get("EMERGENCY_PHONE", "911")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", CLINIC_EMAIL)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. The CSP lives in clinic.middleware: no inline scripts or styles anywhere.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("DJANGO_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Error and security log lines quote request paths, and patient links are paths: every
    # line goes through a filter that redacts token-like strings.
    "filters": {"redact_secrets": {"()": "clinic.audit.log_redaction.RedactSecretsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry URLs, which hold patient tokens: keep them out of the logs.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
