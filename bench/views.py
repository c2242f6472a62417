"""The benchmark's baselines: each page is measured against a view doing the same kind of work
with nothing of ours in it, served by the same process (bench/urls.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clinic.access import staff_view
from clinic.roles import CLINICIANS, FRONT_DESK
from clinic.tokens import hash_token
from screening.models import Screening


def empty_page(request: HttpRequest) -> HttpResponse:
    """The site's layout with nothing in it: the baseline of a public page without data."""
    return render(request, "base.html")


def by_hash(request: HttpRequest, token: str) -> HttpResponse:
    """One indexed SELECT by a link's hash, then the empty layout: the baseline of the pages a
    patient opens by link (a stored result, a program)."""
    Screening.objects.filter(token_hash=hash_token(token)).values_list("pk").first()
    return render(request, "base.html")


@staff_view(CLINICIANS, FRONT_DESK, audit="bench", id_kwarg=None)
def staff_empty_page(request: HttpRequest) -> HttpResponse:
    """A signed-in, role-checked, audited staff page with nothing in it: the baseline of the
    staff pages."""
    return render(request, "base.html")
