"""One way to page a staff list."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, rows: QuerySet | Sequence, *, size: int | None = None) -> Page:
    """The page that `?page=` asks for; a junk or out-of-range number gives the nearest page."""
    return Paginator(rows, size or settings.PAGE_SIZE).get_page(request.GET.get("page"))
