"""An appointment as an iCalendar file (RFC 5545) that a patient's calendar app can add, move
or remove: the same UID for every change of one appointment, a higher SEQUENCE each time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

MAX_LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime  # aware
    duration: timedelta
    summary: str
    location: str
    description: str
    organizer_name: str
    organizer_email: str
    attendee_email: str
    stamp: datetime  # aware: when this version of the event was made


def escape_text(value: str) -> str:
    """A TEXT value: backslashes, semicolons, commas and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space, never
    splitting a UTF-8 character."""
    parts: list[str] = []
    current, size = "", 0
    limit = MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = MAX_LINE_OCTETS - 1  # the leading space counts
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _parameter(value: str) -> str:
    """A parameter value (a name): quoted, without the characters a quote cannot hold."""
    return '"' + "".join(c for c in value if c not in '"\r\n') + '"'


def to_ics(event: CalendarEvent, *, cancelled: bool = False) -> str:
    """The event as a calendar file: METHOD:REQUEST to add or move it, METHOD:CANCEL to
    remove it."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//clinic//appointments//EN",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{_utc(event.stamp)}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.starts_at + event.duration)}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"LOCATION:{escape_text(event.location)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        f"ORGANIZER;CN={_parameter(event.organizer_name)}:mailto:{event.organizer_email}",
        f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{event.attendee_email}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def unfold(text: str) -> dict[str, str]:
    """The properties of a calendar file as name (with parameters) -> raw value: for tests
    and for reading one back."""
    joined = text.replace("\r\n ", "")
    properties: dict[str, str] = {}
    for line in joined.split("\r\n"):
        if line:
            name, _, value = line.partition(":")
            properties.setdefault(name, value)
    return properties
