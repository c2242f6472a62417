"""Public pages that every anonymous visitor sees the same, kept briefly by each app server.

The exercise library and pages and the home page hold no visitor's data and change only when a
clinician edits the library (or with a deploy). Each process keeps their HTML for a minute, so a
busy server renders them once a minute instead of on every visit; an edit shows everywhere within
that minute without any invalidation to get wrong, and nothing is shared between servers.

Signed-in staff (and anyone with a session or pending messages) always get a fresh page: their
pages show their own links and messages.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

ANONYMOUS_PAGE_SECONDS = 60
_MESSAGES_COOKIE = "messages"


def _anonymous_without_state(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and _MESSAGES_COOKIE not in request.COOKIES
    )


def cache_for_anonymous(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's 200 answer to anonymous visitors from this process for a minute."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _anonymous_without_state(request):
            return view(request, *args, **kwargs)
        cache = caches["pages"]
        key = f"anonymous-page:{get_language()}:{request.path}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            # Never keep a page that sets a cookie (a CSRF token, a session): it is not the same
            # for everyone.
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]), ANONYMOUS_PAGE_SECONDS)
        # Signed-in visitors get another page at the same URL.
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
