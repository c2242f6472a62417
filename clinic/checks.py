"""System checks of our own, run by `manage.py check --deploy`."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


@register(Tags.security, deploy=True)
def check_email_backend(app_configs, **kwargs) -> list[Warning]:
    """Mail to the front desk and patients holds patient details: never print it in production."""
    if settings.DEBUG or settings.EMAIL_BACKEND != CONSOLE_EMAIL_BACKEND:
        return []
    return [
        Warning(
            "EMAIL_BACKEND is the console backend: patient details would be printed to the "
            "console; set DJANGO_EMAIL_BACKEND.",
            id="clinic.W001",
        )
    ]
