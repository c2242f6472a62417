"""Stable codes of appointment requests, defined once and reused by forms, models and templates."""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class RequestStatus(TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    BOOKED = "booked", _("Booked")
    DECLINED = "declined", _("Declined")
    NO_RESPONSE = "no_response", _("No response")
    CANCELLED = "cancelled", _("Appointment cancelled")


class ContactMethod(TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")


class PreferredDay(TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")


class TimeOfDay(TextChoices):
    MORNING = "morning", _("Morning (8 to 12)")
    AFTERNOON = "afternoon", _("Afternoon (12 to 5)")
    EVENING = "evening", _("Evening (5 to 7)")


# The status workflow, in one place. A request that got no answer can be tried again, and a
# new one can be declined straight away (a duplicate, or not something the clinic treats).
# A booked appointment can be cancelled (with a reason), and a cancelled one booked again after
# a new contact. A status set by mistake is undone with a reversal (services), not from here.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.NEW: frozenset({RequestStatus.CONTACTED, RequestStatus.DECLINED}),
    RequestStatus.CONTACTED: frozenset(
        {RequestStatus.BOOKED, RequestStatus.DECLINED, RequestStatus.NO_RESPONSE}
    ),
    RequestStatus.NO_RESPONSE: frozenset({RequestStatus.CONTACTED}),
    RequestStatus.BOOKED: frozenset({RequestStatus.CANCELLED}),
    RequestStatus.DECLINED: frozenset(),
    RequestStatus.CANCELLED: frozenset({RequestStatus.CONTACTED}),
}
NOTE_REQUIRED_FOR = frozenset({RequestStatus.DECLINED, RequestStatus.CANCELLED})
NOTE_REQUIRED_MESSAGES = {
    RequestStatus.DECLINED: _("Write a note to say why the request is declined."),
    RequestStatus.CANCELLED: _("Write a note to say why the appointment is cancelled."),
}
# Only requests still being worked on are pinned on top of the queue when urgent.
OPEN_STATUSES = frozenset({RequestStatus.NEW, RequestStatus.CONTACTED})

# Channels each contact method needs.
CONTACT_METHOD_NEEDS: dict[str, str] = {
    ContactMethod.PHONE: "phone",
    ContactMethod.TEXT: "phone",
    ContactMethod.EMAIL: "email",
}


def allowed_next_statuses(status: str) -> list[str]:
    """The statuses a request may move to next, in the order they are listed in RequestStatus."""
    allowed = ALLOWED_TRANSITIONS.get(status, frozenset())
    return [value for value in RequestStatus.values if value in allowed]
