"""One way to page a staff list."""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
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


# A list counts its rows up to here and no further: its first page costs the same with a
# thousand rows or a million. Past it, the list reads "More than 1,000" and pages on with Next.
COUNT_CAP = 1_000


def capped_count(rows: QuerySet, cap: int | None = None) -> int:
    """How many rows there are, counted up to `cap` + 1 (which means "more than `cap`")."""
    cap = COUNT_CAP if cap is None else cap
    return rows.order_by().values("pk")[: cap + 1].count()


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows (a COUNT over a LIMIT). Below the cap it is Django's
    paginator; at the cap the number of pages is unknown and each page fetches one row more
    than it shows, to know whether a next page exists."""

    def __init__(self, rows: QuerySet | Sequence, per_page: int, *, cap: int | None = None) -> None:
        super().__init__(rows, per_page)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return capped_count(rows, self.cap)
        return len(rows[: self.cap + 1])

    @property
    def capped(self) -> bool:
        """True when there are more rows than the cap: `count` and `num_pages` are then floors."""
        return self.count > self.cap

    def validate_number(self, number) -> int:
        if not self.capped:
            return super().validate_number(number)
        return max(1, min(int(number), MAX_PAGE_NUMBER + 1))

    def page(self, number) -> Page:
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return OpenEndedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def exact_last_page(self) -> int:
        """The number of the last page, from a full count: only for a page past the end."""
        rows = self.object_list
        total = rows.count() if isinstance(rows, QuerySet) else len(rows)
        return max(1, ceil(total / self.per_page))


class OpenEndedPage(Page):
    """A page of a list longer than the cap: it knows only whether another page follows."""

    def __init__(self, rows: list, number: int, paginator: CappedPaginator, *, more: bool):
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1


def paginate(request: HttpRequest, rows: QuerySet | Sequence, *, size: int | None = None) -> Page:
    """The page that `?page=` asks for; for anything else, the nearest page and a message."""
    paginator = CappedPaginator(rows, size or settings.PAGE_SIZE)
    value = request.GET.get("page", "")
    if value == "":
        return paginator.page(1)
    number = page_number(value)
    if number is None:
        messages.warning(request, _("That page number was not understood: here is the first page."))
        return paginator.page(1)
    if paginator.capped:
        page = paginator.page(number)
        if page.object_list or number == 1:
            return page
        last = paginator.exact_last_page()
    elif number > paginator.num_pages:
        last = paginator.num_pages
    else:
        return paginator.page(number)
    messages.warning(
        request, _("There is no such page: here is the last one, page %(last)s.") % {"last": last}
    )
    return paginator.page(last)
