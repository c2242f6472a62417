"""clinic.middleware: security headers, private staff pages, and the idle session limit."""

from __future__ import annotations

import time

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from clinic.middleware import (
    CONTENT_SECURITY_POLICY,
    IdleSessionMiddleware,
    SecurityHeadersMiddleware,
)


class SignedIn:
    is_authenticated = True


def _answer(request):
    return HttpResponse("ok")


def test_every_answer_carries_the_csp_and_permissions_policy():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = SecurityHeadersMiddleware(_answer)(request)
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")


def test_signed_in_pages_are_kept_out_of_every_cache():
    request = RequestFactory().get("/staff/")
    request.user = SignedIn()
    response = SecurityHeadersMiddleware(_answer)(request)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_empty_session_stays_empty(settings):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    IdleSessionMiddleware(_answer)(request)
    assert request.session.is_empty()
    assert not request.session.modified


def test_a_session_is_extended_at_most_once_a_minute(settings):
    settings.SESSION_TOUCH_SECONDS = 60
    request = RequestFactory().get("/staff/")
    request.session = SessionStore()
    request.session["user"] = "someone"
    IdleSessionMiddleware(_answer)(request)
    assert request.session.modified
    request.session.modified = False
    IdleSessionMiddleware(_answer)(request)
    assert not request.session.modified
    request.session[IdleSessionMiddleware.KEY] = int(time.time()) - 61
    request.session.modified = False
    IdleSessionMiddleware(_answer)(request)
    assert request.session.modified
