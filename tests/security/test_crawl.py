"""Follow every link a visitor of each role can reach: no page fails, none leaks across roles."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.world import PROGRAM_B_NOTE, SCREENING_REVIEW_NOTE, World

pytestmark = pytest.mark.django_db

_LINK = re.compile(r'href="([^"]+)"')
MAX_PAGES = 150


def _crawl(client: Client, start: list[str]) -> dict[str, tuple[int, str]]:
    """URL -> (status, body) for every same-site page reachable by GET from `start`."""
    seen: dict[str, tuple[int, str]] = {}
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        body = "" if response.streaming else response.content.decode("utf-8", "replace")
        seen[url] = (response.status_code, body)
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in _LINK.findall(body):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/"):
                continue
            if href.startswith(("/static/", "/admin/")) or href in seen:
                continue
            queue.append(href)
    return seen


def _signed_in(world: World, who: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(getattr(world, who))
    return client


@pytest.mark.parametrize("who", [None, "front_desk", "clinician"])
def test_no_reachable_page_fails(world: World, who):
    client = _signed_in(world, who) if who else Client(raise_request_exception=False)
    start = ["/", reverse("staff:home"), reverse("exercises:program", args=[world.program_a_token])]
    pages = _crawl(client, start)
    assert len(pages) > 5
    failures = {url: status for url, (status, _body) in pages.items() if status >= 500}
    assert not failures


def test_the_front_desk_reaches_no_clinical_page(world: World):
    pages = _crawl(_signed_in(world, "front_desk"), [reverse("staff:home")])
    for url, (status, body) in pages.items():
        if status == 200:
            assert SCREENING_REVIEW_NOTE not in body, url
            assert PROGRAM_B_NOTE not in body, url
            assert not url.startswith(
                ("/staff/screenings", "/staff/programs", "/staff/patients")
            ), url


def test_a_patient_reaches_nothing_beyond_their_own_program(world: World):
    patient = Client(raise_request_exception=False)
    pages = _crawl(patient, [reverse("exercises:program", args=[world.program_a_token])])
    for url, (status, body) in pages.items():
        assert not url.startswith("/staff/") or status == 302, url
        assert PROGRAM_B_NOTE not in body, url
        assert world.program_b_token not in body, url
        assert "Zinnwald" not in body, url
