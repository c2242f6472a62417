"""Pages kept briefly by each app server, so that a busy server does not render them again.

Two ways, both per process (nothing shared between servers) and for a minute at most:

- `cache_for_anonymous`: public pages that every anonymous visitor sees the same (home, the
  exercise library and pages). They change only when a clinician edits the library or with a
  deploy; an edit shows everywhere within the minute, with nothing to invalidate. Signed-in
  staff (and anyone with a session or pending messages) always get a fresh page.
- `render_kept`: any page, found again by its URL, its visitor and the version of the data it
  shows (a stored result, a program's last log, the rows of a list page), with a CSRF token of
  the visitor's own in every answer.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
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


# -- pages kept by what they show ---------------------------------------------------------------

# Rendered pages carry this instead of the CSRF token; each answer puts the visitor's own token
# in its place. Random per process (as is the cache), so no text on a page can imitate it.
_CSRF_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(16)}"
PAGE_SECONDS = 60


def _has_pending_messages(request: HttpRequest) -> bool:
    """Messages show once, on the next page: that page is rendered afresh, never kept."""
    return len(get_messages(request)) > 0


def render_kept(
    request: HttpRequest,
    template_name: str,
    context: Callable[[], dict],
    *,
    version: tuple = (),
) -> HttpResponse:
    """Render the page, or reuse this process's copy of it for the same version of its data.

    The copy is found by the URL (path and query), the visitor (staff see their own name and
    tools), the language and `version`: whatever else the page depends on (a row's timestamp,
    the date, `page_version`), read by the caller before `context` reads the data, so that a
    copy is never older than its version. It is kept for a minute at most, so what no version
    covers (a library edit, a renamed user) shows within that minute. Only the CSRF token
    differs between visitors: every answer gets the visitor's own.

    The caller checks access first; `context` is called only when the page is rendered.
    Anonymous visits with a query string, POSTs and pages with a message waiting are always
    rendered afresh.
    """
    anonymous = not request.user.is_authenticated
    if (
        request.method not in ("GET", "HEAD")
        or _has_pending_messages(request)
        # Anyone could otherwise fill the cache with made-up query strings.
        or (anonymous and request.GET)
    ):
        return render(request, template_name, context())
    parts = (
        get_language(),
        None if anonymous else request.user.pk,
        request.get_full_path(),
        *version,
    )
    # Hashed: a URL may hold a patient's link token, which has no place in a cache key.
    key = "kept-page:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    cache = caches["pages"]
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            template_name, context() | {"csrf_token": _CSRF_PLACEHOLDER}, request
        )
        cache.set(key, html, PAGE_SECONDS)
    if _CSRF_PLACEHOLDER in html:
        # get_token also sets the CSRF cookie for a first visit, as {% csrf_token %} would.
        html = html.replace(_CSRF_PLACEHOLDER, get_token(request))
    return HttpResponse(html)


def page_version(page: Page, *fields: str) -> tuple:
    """What a list page shows changes with its total and its rows' `fields`: one cheap query.

    The COUNT is the paginator's own (done once); the rows are read as ids and `fields` only,
    in the page's order, so a new, removed, reordered or changed row makes a new version.
    """
    return (page.paginator.count, tuple(page.object_list.values_list("pk", *fields)))
