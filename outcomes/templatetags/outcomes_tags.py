"""Template filters for outcome measures: signed changes and verdict labels."""

from __future__ import annotations

from fractions import Fraction

from django import template
from django.utils import formats

from outcomes.instruments import VERDICT_LABELS
from outcomes.scoring import Change

register = template.Library()


def _number(value: Fraction, decimals: int) -> str:
    return formats.number_format(round(float(value), decimals), decimals)


@register.filter
def signed_change(change: Change, decimals: int = 0) -> str:
    """+12, 0, or 3 after a true minus sign (U+2212), with `decimals` places."""
    text = _number(abs(change.difference), int(decimals))
    if change.difference > 0:
        return f"+{text}"
    if change.difference < 0:
        return f"\u2212{text}"
    return text


@register.filter
def score(value, decimals: int = 0) -> str:
    return _number(Fraction(value), int(decimals))


@register.filter
def verdict_label(code: str) -> str:
    return str(VERDICT_LABELS.get(code, ""))
