"""Reads for reminders."""

from __future__ import annotations

from clinic.tokens import hash_token
from reminders.models import ReminderDelivery, ReminderSubscription


def active_subscription(program_id: int) -> ReminderSubscription | None:
    return ReminderSubscription.objects.filter(program_id=program_id, ended_at__isnull=True).first()


def subscriptions_for_program(program_id: int) -> list[ReminderSubscription]:
    """Every subscription of a program, newest first, with its consent record."""
    return list(
        ReminderSubscription.objects.filter(program_id=program_id).order_by("-created_at", "-id")
    )


def subscription_for_unsubscribe_token(token: str) -> ReminderSubscription | None:
    """The subscription behind an email's unsubscribe link (one query), or None."""
    delivery = (
        ReminderDelivery.objects.filter(unsubscribe_token_hash=hash_token(token))
        .select_related("subscription")
        .first()
    )
    return delivery.subscription if delivery else None
