"""Template filters shared by every app."""

from __future__ import annotations

from django import template

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
