"""One way to page a staff list."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

# Far beyond any list's length (a quarter of a million rows at 25 a page). A longer number
# is not converted to an integer at all: it is a typo or a probe, and means "past the end".
MAX_PAGE_NUMBER = 10_000


def page_number(value: str) -> int | None:
    """The page `value` asks for (capped at MAX_PAGE_NUMBER + 1), or None if it is no page."""
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit()):
        return None
    digits = digits.lstrip("0")
    if not digits:
        return None  # page 0
    if len(digits) > len(str(MAX_PAGE_NUMBER)):
        return MAX_PAGE_NUMBER + 1
    return min(int(digits), MAX_PAGE_NUMBER + 1)


def paginate(request: HttpRequest, rows: QuerySet | Sequence, *, size: int | None = None) -> Page:
    """The page that `?page=` asks for; for anything else, the nearest page and a message."""
    paginator = Paginator(rows, size or settings.PAGE_SIZE)
    value = request.GET.get("page", "")
    if value == "":
        return paginator.page(1)
    number = page_number(value)
    if number is None:
        messages.warning(request, _("That page number was not understood: here is the first page."))
        return paginator.page(1)
    if number > paginator.num_pages:
        messages.warning(
            request,
            _("There is no such page: here is the last one, page %(last)s.")
            % {"last": paginator.num_pages},
        )
        return paginator.page(paginator.num_pages)
    return paginator.page(number)
