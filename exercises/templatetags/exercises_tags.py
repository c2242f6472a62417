from __future__ import annotations

from django import template

register = template.Library()

# An em dash where there is nothing to show yet.
NO_VALUE = "\u2014"


@register.filter
def percent(adherence) -> str:
    """An adherence as "80%", or a dash when nothing was due yet."""
    value = adherence.percent
    return NO_VALUE if value is None else f"{value}%"


@register.filter
def pain_change(trend) -> str:
    change = trend.change
    if change is None:
        return NO_VALUE
    return f"{change:+.1f}"


@register.filter
def one_decimal(value) -> str:
    return NO_VALUE if value is None else f"{value:.1f}"
