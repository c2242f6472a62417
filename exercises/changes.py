"""What changed between two versions of a program, as data, and in plain words for the patient.

`diff` compares snapshots (plain dicts, as stored in ProgramVersion.items) and returns a list
of small dicts that are stored with the new version; `describe` turns one into a sentence in
the reader's language at display time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DOSE_FIELDS = ("sets", "reps", "hold_seconds", "times_per_day", "days_per_week")

ADDED, REMOVED, DOSE, ITEM_NOTE, ORDER, NOTE, END_DATE, TITLE = (
    "added",
    "removed",
    "dose",
    "item_note",
    "order",
    "note",
    "end_date",
    "title",
)


def snapshot(*, exercise_id: int, name: str, note: str = "", **dose) -> dict:
    """One exercise of a version, as stored: enough to show it even if the library changes."""
    return {"exercise_id": exercise_id, "name": name, "note": note} | {
        field: dose.get(field) for field in DOSE_FIELDS
    }


def diff(
    old_items: Sequence[dict],
    new_items: Sequence[dict],
    *,
    old_note: str = "",
    new_note: str = "",
    old_end: date | None = None,
    new_end: date | None = None,
    old_title: str = "",
    new_title: str = "",
) -> list[dict]:
    """The changes from the old version to the new one, most useful to the patient first."""
    old_by_id = {item["exercise_id"]: item for item in old_items}
    new_by_id = {item["exercise_id"]: item for item in new_items}
    changes: list[dict] = []
    for item in new_items:
        before = old_by_id.get(item["exercise_id"])
        if before is None:
            changes.append({"kind": ADDED, "name": item["name"]})
            continue
        changed = {f: item[f] for f in DOSE_FIELDS if item.get(f) != before.get(f)}
        if changed:
            if "reps" in changed or "hold_seconds" in changed:
                # Say the whole amount when it switches between repetitions and a hold.
                changed |= {"reps": item["reps"], "hold_seconds": item["hold_seconds"]}
            changes.append({"kind": DOSE, "name": item["name"], "fields": changed})
        if item.get("note", "") != before.get("note", ""):
            changes.append({"kind": ITEM_NOTE, "name": item["name"]})
    for item in old_items:
        if item["exercise_id"] not in new_by_id:
            changes.append({"kind": REMOVED, "name": item["name"]})
    kept_old = [item["exercise_id"] for item in old_items if item["exercise_id"] in new_by_id]
    kept_new = [item["exercise_id"] for item in new_items if item["exercise_id"] in old_by_id]
    if kept_old != kept_new:
        changes.append({"kind": ORDER})
    if new_note.strip() != old_note.strip():
        changes.append({"kind": NOTE, "removed": not new_note.strip()})
    if new_end != old_end:
        changes.append({"kind": END_DATE, "date": new_end.isoformat() if new_end else None})
    if new_title.strip() != old_title.strip():
        changes.append({"kind": TITLE, "title": new_title.strip()})
    return changes


def _dose_parts(fields: dict) -> str:
    parts = []
    if fields.get("sets") is not None:
        parts.append(ngettext("%(n)d set", "%(n)d sets", fields["sets"]) % {"n": fields["sets"]})
    if fields.get("reps") is not None:
        parts.append(
            ngettext("%(n)d repetition", "%(n)d repetitions", fields["reps"])
            % {"n": fields["reps"]}
        )
    if fields.get("hold_seconds") is not None:
        parts.append(_("hold %(n)d seconds") % {"n": fields["hold_seconds"]})
    times = fields.get("times_per_day")
    if times is not None:
        parts.append(
            _("twice a day")
            if times == 2
            else ngettext("once a day", "%(n)d times a day", times) % {"n": times}
        )
    days = fields.get("days_per_week")
    if days is not None:
        parts.append(
            _("every day")
            if days == 7
            else ngettext("%(n)d day a week", "%(n)d days a week", days) % {"n": days}
        )
    return ", ".join(parts)


def describe(change: dict) -> str:
    """One change in plain words (unknown kinds, from a later version of the code, say so)."""
    kind = change.get("kind")
    name = change.get("name", "")
    if kind == ADDED:
        return _("%(name)s added") % {"name": name}
    if kind == REMOVED:
        return _("%(name)s removed") % {"name": name}
    if kind == DOSE:
        return _("%(name)s: now %(dose)s") % {"name": name, "dose": _dose_parts(change["fields"])}
    if kind == ITEM_NOTE:
        return _("%(name)s: a new note from your therapist") % {"name": name}
    if kind == ORDER:
        return _("the exercises are in a new order")
    if kind == NOTE:
        if change.get("removed"):
            return _("the note from your therapist was taken away")
        return _("a new note from your therapist")
    if kind == END_DATE:
        if change.get("date"):
            day = date.fromisoformat(change["date"])
            return _("now runs until %(date)s") % {"date": formats.date_format(day, "DATE_FORMAT")}
        return _("no end date now")
    if kind == TITLE:
        return _("new title: %(title)s") % {"title": change.get("title", "")}
    return _("other changes")
