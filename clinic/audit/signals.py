"""Login, logout and failed logins, from Django's and django-axes' signals. Never a password."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from clinic.audit.models import Action
from clinic.audit.recording import record


def _known_username(username: object) -> str:
    """The username if such an account exists: people type passwords into the username box."""
    if not isinstance(username, str) or not username or len(username) > 150 or "\x00" in username:
        return ""
    User = get_user_model()
    exists = User._default_manager.filter(**{User.USERNAME_FIELD: username}).exists()
    return username if exists else ""


def _url_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender, request, user, **kwargs) -> None:
    record(request=request, user=user, action=Action.LOGIN, url_name=_url_name(request))


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(request=request, user=user, action=Action.LOGOUT, url_name=_url_name(request))


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs) -> None:
    record(
        request=request,
        username=_known_username(credentials.get("username")),
        action=Action.LOGIN_FAILED,
        url_name=_url_name(request),
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def record_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    record(
        request=request,
        username=_known_username(username),
        action=Action.LOCKED_OUT,
        url_name=_url_name(request),
    )
