from __future__ import annotations

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from appointments.codes import (
    CONTACT_METHOD_NEEDS,
    OPEN_STATUSES,
    ContactMethod,
    PreferredDay,
    RequestStatus,
    TimeOfDay,
)
from appointments.reference import REFERENCE_LENGTH, format_reference
from screening.codes import Urgency

NAME_MAX_LENGTH = 200
REASON_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 2000


def _code_list_errors(values, choices: type[models.TextChoices]) -> list[ValidationError]:
    if not isinstance(values, list) or any(value not in choices.values for value in values):
        return [ValidationError(_("Choose from the options given."), code="invalid_choice")]
    if len(set(values)) != len(values):
        return [ValidationError(_("Each option only once, please."), code="duplicate")]
    return []


# The open statuses in one order: queries and the indexes that serve them must be the same SQL,
# and a set's order changes between processes.
OPEN_STATUS_LIST = sorted(status.value for status in OPEN_STATUSES)


def queue_priority() -> models.Case:
    """0 for open emergency requests, 1 for open prompt ones, 2 for the rest: the queue's order.

    One definition for the queue and for its indexes, which serve the order only while both
    are the same SQL.
    """
    return models.Case(
        models.When(status__in=OPEN_STATUS_LIST, urgency=Urgency.EMERGENCY.value, then=0),
        models.When(status__in=OPEN_STATUS_LIST, urgency=Urgency.PROMPT.value, then=1),
        default=2,
        output_field=models.IntegerField(),
    )


class AppointmentRequest(models.Model):
    """A request sent from the public form, worked through by the front desk."""

    reference = models.CharField(
        _("reference"), max_length=REFERENCE_LENGTH, unique=True, editable=False
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    contact_method = models.CharField(
        _("preferred contact method"), max_length=16, choices=ContactMethod.choices
    )
    # Lists of PreferredDay / TimeOfDay codes; empty means "any". JSON rather than an
    # ArrayField so that SQLite works too; clean() checks every code.
    preferred_days = models.JSONField(_("preferred days"), default=list, blank=True)
    preferred_times = models.JSONField(_("preferred times of day"), default=list, blank=True)
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH)
    consent = models.BooleanField(_("consent to be contacted"), default=False)

    screening = models.ForeignKey(
        "screening.Screening",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointment_requests",
    )
    # Copied from the screening when the request arrives, so that the queue sorts by it
    # without a join and keeps it if the screening is ever deleted.
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NONE
    )
    patient = models.ForeignKey(
        "clinic.Patient",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointment_requests",
    )

    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    # The appointment, once booked: when, and with whom (a clinician's account or a name).
    # Kept when it is cancelled, so the record says what was cancelled.
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    appointment_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clinician"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appointment_clinician_name = models.CharField(_("clinician"), max_length=200, blank=True)
    # Each change of the appointment sent to the patient's calendar raises it (iCalendar).
    appointment_sequence = models.PositiveIntegerField(default=0, editable=False)
    # Optimistic concurrency: every change bumps it, and a change made from an older
    # version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Keyed hash of the sender's IP address, only for the rate limit: never the address itself.
    submitter_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="appt_req_created_idx"),
            models.Index(fields=["status", "-created_at"], name="appt_req_status_created_idx"),
            models.Index(fields=["urgency", "-created_at"], name="appt_req_urgency_created_idx"),
            models.Index(fields=["submitter_hash", "created_at"], name="appt_req_submitter_idx"),
            # The queue's order (open red flags first, then newest): an index scan instead of
            # sorting every request on each page view.
            models.Index(
                queue_priority(),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="appt_req_queue_order_idx",
            ),
            # The queue as it opens (open requests, the longest waiting first within urgency)
            # and the staff home's open requests.
            models.Index(
                queue_priority(),
                models.F("created_at"),
                models.F("id"),
                condition=models.Q(status__in=OPEN_STATUS_LIST),
                name="appt_req_open_queue_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(phone="", email=""),
                name="appt_req_has_phone_or_email",
                violation_error_code="no_contact",
                violation_error_message=_("Give a phone number or an email address, or both."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_reference

    @property
    def display_reference(self) -> str:
        return format_reference(self.reference)

    @property
    def has_red_flag(self) -> bool:
        return self.urgency != Urgency.NONE

    @property
    def appointment_with(self) -> str:
        """Who the appointment is with, in words."""
        if self.appointment_clinician_id is not None and self.appointment_clinician is not None:
            user = self.appointment_clinician
            return user.get_full_name() or user.get_username()
        return self.appointment_clinician_name

    @property
    def is_emergency(self) -> bool:
        return self.urgency == Urgency.EMERGENCY

    def preferred_day_labels(self) -> list[str]:
        return [str(PreferredDay(code).label) for code in self.preferred_days]

    def preferred_time_labels(self) -> list[str]:
        return [str(TimeOfDay(code).label) for code in self.preferred_times]

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if not self.phone and not self.email:
            errors[NON_FIELD_ERRORS] = [
                ValidationError(
                    _("Give a phone number or an email address, or both."), code="no_contact"
                )
            ]
        needed = CONTACT_METHOD_NEEDS.get(self.contact_method)
        if needed and not getattr(self, needed):
            message = (
                _("Give a phone number to be contacted this way.")
                if needed == "phone"
                else _("Give an email address to be contacted this way.")
            )
            errors["contact_method"] = [ValidationError(message, code="method_without_channel")]
        for field, choices in (("preferred_days", PreferredDay), ("preferred_times", TimeOfDay)):
            field_errors = _code_list_errors(getattr(self, field), choices)
            if field_errors:
                errors[field] = field_errors
        if errors:
            raise ValidationError(errors)


class StatusChange(models.Model):
    """One entry of a request's history: a status change or a note (same status on both sides)."""

    request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=RequestStatus.choices)
    to_status = models.CharField(max_length=16, choices=RequestStatus.choices)
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    # For a booking or a new time: the appointment as it was set then.
    appointment_at = models.DateTimeField(null=True, blank=True)
    appointment_with = models.CharField(max_length=200, blank=True)
    # This entry undid the status change before it (set by mistake); both stay in the history.
    reversal = models.BooleanField(default=False)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["request", "changed_at"], name="appt_change_request_idx")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} -> {self.to_status}"

    @property
    def is_note_only(self) -> bool:
        return self.from_status == self.to_status
