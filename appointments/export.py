"""CSV export of the queue, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext

from appointments.models import AppointmentRequest
from clinic import phones

# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP "CSV
# injection"); a leading single quote makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """The cell's text, with a quote in front when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def header() -> list[str]:
    return [
        gettext("Reference"),
        gettext("Received"),
        gettext("Status"),
        gettext("Urgency"),
        gettext("Name"),
        gettext("Phone"),
        gettext("Email"),
        gettext("Contact by"),
        gettext("Days"),
        gettext("Times of day"),
        gettext("Screening result"),
        gettext("Patient record"),
    ]


def row(appointment_request: AppointmentRequest) -> list[str]:
    screening = appointment_request.screening
    values = [
        appointment_request.display_reference,
        timezone.localtime(appointment_request.created_at).strftime("%Y-%m-%d %H:%M"),
        appointment_request.get_status_display(),
        appointment_request.get_urgency_display(),
        appointment_request.name,
        phones.for_people(appointment_request.phone),
        appointment_request.email,
        appointment_request.get_contact_method_display(),
        ", ".join(str(label) for label in appointment_request.preferred_day_labels()),
        ", ".join(str(label) for label in appointment_request.preferred_time_labels()),
        screening.get_category_display() if screening is not None else "",
        appointment_request.patient_id or "",
    ]
    return [spreadsheet_safe(value) for value in values]


def csv_lines(appointment_requests: Iterable[AppointmentRequest]) -> Iterator[str]:
    """The CSV, one line at a time; starts with a byte-order mark so Excel reads it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header())
    for appointment_request in appointment_requests:
        yield writer.writerow(row(appointment_request))
