from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def ceiling(request: HttpRequest) -> HttpResponse:
    """The fastest page Django can serve through our middleware: the benchmark's yardstick."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
