from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# No inline scripts or styles, nothing from other origins; data: images for Bootstrap's
# CSS-embedded SVG icons.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Adds the CSP and Permissions-Policy headers that Django does not set itself, and keeps
    signed-in staff's pages out of every cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Staff pages show patient data: on a shared front-desk computer, the Back button
            # after logging out must not bring them back from the browser's cache.
            patch_cache_control(response, private=True, no_store=True)
        return response


class IdleSessionMiddleware:
    """Sessions end after SESSION_COOKIE_AGE without a request, at most a minute early.

    Django's SESSION_SAVE_EVERY_REQUEST would rewrite the session row, a database commit, on
    every page a staff member opens. Extending the session once a minute gives the same
    30-minute idle limit to within that minute, for a fraction of the writes.
    """

    KEY = "_last_touch"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # An empty session (no cookie, nothing stored) stays empty: no row, no query.
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
                # Marks the session modified: SessionMiddleware saves it with a fresh expiry.
                session[self.KEY] = now
        return response
