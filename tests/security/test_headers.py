"""Security headers on every family of pages: public, patient link, staff, admin and errors."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import reminder_unsubscribe_token
from tests.security.world import World

pytestmark = pytest.mark.django_db


def _pages(world: World) -> dict[str, tuple[str | None, str]]:
    """Page family -> (who is signed in, URL)."""
    return {
        "public home": (None, reverse("home")),
        "public questionnaire": (None, reverse("screening:start")),
        "public exercise library": (None, reverse("exercises:library")),
        "public request form": (None, reverse("appointments:request")),
        "login": (None, reverse("login")),
        "patient program": (None, reverse("exercises:program", args=[world.program_a_token])),
        "patient print view": (
            None,
            reverse("exercises:program_print", args=[world.program_a_token]),
        ),
        "patient result": (None, reverse("screening:result", args=[world.screening_a_token])),
        "link not working": (None, reverse("exercises:program", args=["x" * 43])),
        "patient check-in": (None, reverse("outcomes:checkin", args=[world.program_a_token])),
        "patient reminders": (None, reverse("reminders:page", args=[world.program_a_token])),
        "reminder unsubscribe": (
            None,
            reverse(
                "reminders:unsubscribe",
                args=[reminder_unsubscribe_token(world.program_a, world.program_a_token)],
            ),
        ),
        "staff outcomes": (
            "clinician",
            reverse("outcomes:program_outcomes", args=[world.program_a.pk]),
        ),
        "staff reminders": (
            "clinician",
            reverse("reminders:program_reminders", args=[world.program_a.pk]),
        ),
        "staff home": ("clinician", reverse("staff:home")),
        "staff queue": ("front_desk", reverse("appointments:queue")),
        "staff export": ("front_desk", reverse("appointments:export")),
        "staff screening": (
            "clinician",
            reverse("screening:staff_detail", args=[world.screening_a.pk]),
        ),
        "staff program": (
            "clinician",
            reverse("exercises:program_detail", args=[world.program_a.pk]),
        ),
        "staff refused": ("front_desk", reverse("screening:staff_list")),
        "admin": ("administrator", reverse("admin:index")),
        "not found": (None, "/no-such-page/"),
    }


def _get(world: World, who: str | None, url: str, **extra):
    client = Client()
    if who:
        client.force_login(getattr(world, who))
    return client.get(url, **extra)


def _directives(csp: str) -> dict[str, str]:
    return {part.strip().split(" ", 1)[0]: part.strip() for part in csp.split(";") if part.strip()}


def test_every_page_family_sends_the_security_headers(world: World):
    for family, (who, url) in _pages(world).items():
        response = _get(world, who, url)
        assert response.status_code < 500, family
        csp = response.headers.get("Content-Security-Policy", "")
        directives = _directives(csp)
        assert "unsafe-inline" not in csp, family
        assert "unsafe-eval" not in csp, family
        assert directives.get("script-src") == "script-src 'self'", family
        assert directives.get("style-src") == "style-src 'self'", family
        assert directives.get("frame-ancestors") == "frame-ancestors 'none'", family
        assert directives.get("object-src") == "object-src 'none'", family
        assert response.headers.get("X-Frame-Options") == "DENY", family
        assert response.headers.get("Referrer-Policy") == "same-origin", family
        assert response.headers.get("X-Content-Type-Options") == "nosniff", family
        assert "camera=()" in response.headers.get("Permissions-Policy", ""), family
        assert "geolocation=()" in response.headers.get("Permissions-Policy", ""), family
        # Plain HTTP: no HSTS (browsers ignore it there anyway).
        assert "Strict-Transport-Security" not in response.headers, family


def test_every_page_family_sends_hsts_over_https(world: World):
    for family, (who, url) in _pages(world).items():
        response = _get(world, who, url, secure=True)
        hsts = response.headers.get("Strict-Transport-Security", "")
        assert hsts == "max-age=31536000; includeSubDomains; preload", family


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_pages_that_show_patient_data_are_not_cached(world: World):
    private = [
        "patient program",
        "patient print view",
        "patient result",
        "link not working",
        "patient check-in",
        "patient reminders",
        "reminder unsubscribe",
        "staff export",
    ]
    pages = _pages(world)
    for family in private:
        who, url = pages[family]
        cache_control = _get(world, who, url).headers.get("Cache-Control", "")
        assert "no-store" in cache_control or "private" in cache_control, family


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
_INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
_INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def test_no_page_relies_on_inline_script_or_style_that_the_csp_would_block(world: World):
    for family, (who, url) in _pages(world).items():
        response = _get(world, who, url)
        if "html" not in response.headers.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert not _INLINE_SCRIPT.search(html), family
        assert not _INLINE_STYLE.search(html), family
        assert not _INLINE_HANDLER.search(html), family


def test_signed_in_pages_are_never_stored_by_the_browser(world: World):
    for family, (who, url) in _pages(world).items():
        if who is None:
            continue
        cache_control = _get(world, who, url).headers.get("Cache-Control", "")
        assert "no-store" in cache_control, family
        assert "private" in cache_control, family
