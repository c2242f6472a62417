from __future__ import annotations

from django import template

from exercises import changes, doses
from exercises.codes import ProgressBy

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


@register.filter
def change_text(change: dict) -> str:
    """One stored change of a program version, in plain words (exercises.changes)."""
    return changes.describe(change)


@register.filter
def dose_field_label(field: str) -> str:
    return str(dict(ProgressBy.choices).get(field, field)).lower()


@register.filter
def row_name(formset, form) -> str:
    """The exercise an item row holds, for its Up and Down buttons."""
    return formset.row_name(form)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def snapshot_text(item: dict) -> str:
    """An exercise of a stored version: its name, dose and note as they were."""
    dose = doses.Dose(**{field: item.get(field) for field in changes.DOSE_FIELDS})
    text = f"{item.get('name', '')}: {doses.describe_dose(dose)}"
    return f"{text} ({item['note']})" if item.get("note") else text
