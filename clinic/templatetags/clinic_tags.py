"""Template filters and tags shared by every app and the admin's lists."""

from __future__ import annotations

from django import template
from django.contrib.admin.views.main import PAGE_VAR
from django.utils.formats import number_format

from clinic import phones

register = template.Library()


@register.filter
def phone(value) -> str:
    """A stored phone number the way people read it: (314) 555-0123."""
    return phones.for_people(value)


@register.filter
def tel(value) -> str:
    """A stored phone number for a tel: link."""
    return phones.for_links(value)


@register.filter
def at_most(count: int, cap: int) -> str:
    """A count taken up to `cap` + 1 (clinic.pagination.capped_count) as people read it:
    "1,000+" past the cap."""
    if count > cap:
        return f"{number_format(cap, force_grouping=True)}+"
    return number_format(count, force_grouping=True)


@register.simple_tag
def changelist_page_url(changelist, number: int) -> str:
    """An admin list's query string for page `number`, with its filters and search."""
    return changelist.get_query_string({PAGE_VAR: number})
