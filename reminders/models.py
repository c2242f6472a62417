"""Email reminders of home programs: the patient's opt-in with its consent, and each reminder."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clinic.tokens import TOKEN_HASH_LENGTH


class EndReason(models.TextChoices):
    UNSUBSCRIBED = "unsubscribed", _("The patient unsubscribed from an email")
    STOPPED = "stopped", _("The patient stopped them on their program page")
    REPLACED = "replaced", _("The patient chose new settings")
    LINK_CHANGED = "link_changed", _("The program link was replaced or switched off")
    PROGRAM_ENDED = "program_ended", _("The program ended")
    KEY_CHANGED = "key_changed", _("The site's secret key changed")
    STAFF = "staff", _("Stopped by the clinic")


class ReminderSubscription(models.Model):
    """One patient's opt-in: where, when, what they agreed to. At most one active per program.

    When it ends, the address and the encrypted link are erased; the consent record stays.
    """

    program = models.ForeignKey(
        "exercises.HomeProgram", on_delete=models.CASCADE, related_name="reminder_subscriptions"
    )
    email = models.EmailField(_("email"), blank=True)
    # Python's weekday numbers (Monday 0) and a local time in the clinic's time zone.
    weekdays = models.JSONField(_("days"))
    send_time = models.TimeField(_("time"))
    # The program link's token, encrypted (reminders.crypto); never the token itself.
    link_token_encrypted = models.TextField(blank=True, editable=False)
    # Where the patient subscribed (scheme and host), for the links in the emails.
    site_url = models.CharField(max_length=200)
    consented_at = models.DateTimeField(_("consent given"))
    consent_version = models.CharField(_("consent wording version"), max_length=32)
    consent_text = models.TextField(_("consent wording as shown"))
    # The next reminder's instant (UTC); empty once ended.
    next_due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=32, blank=True, choices=EndReason.choices)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(ended_at__isnull=True),
                name="reminders_one_active_per_program",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_due_at"],
                condition=Q(ended_at__isnull=True),
                name="reminders_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Reminders for program {self.program_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent: the reminders ended")
    FAILED = "failed", _("Not sent: gave up after a day of mail errors")


class ReminderDelivery(models.Model):
    """One reminder: a subscription's slot, claimed once (the unique pair), sent at most once."""

    subscription = models.ForeignKey(
        ReminderSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    slot_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # The exception's class name only: mail errors quote addresses.
    last_error = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The hash of the email's own unsubscribe token (the token is only in the email).
    unsubscribe_token_hash = models.CharField(
        max_length=TOKEN_HASH_LENGTH, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "slot_at"], name="reminders_one_delivery_per_slot"
            )
        ]
        indexes = [
            models.Index(
                fields=["slot_at"],
                condition=Q(status="pending"),
                name="reminders_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Reminder {self.subscription_id} at {self.slot_at:%Y-%m-%d %H:%M}"
