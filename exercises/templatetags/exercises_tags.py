from __future__ import annotations

from django import template
from django.utils import timezone

from exercises import selectors

register = template.Library()

# An em dash where there is nothing to show yet.
NO_VALUE = "\u2014"


# The staff home shows the most recent few; the rest are one link away, page by page.
FLAGGED_ON_STAFF_HOME = 10


@register.simple_tag
def flagged_programs() -> dict:
    """Programs that need a clinician's attention: the first few and how many (three queries)."""
    flagged = selectors.flagged_programs(today=timezone.localdate())
    return {"programs": flagged[:FLAGGED_ON_STAFF_HOME], "count": len(flagged)}


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
