from __future__ import annotations

from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone

from clinic.audit.models import AuditEvent
from clinic.models import PasswordResetRequest
from clinic.services import RESET_RECORDS_KEPT_FOR

# Rows per DELETE, each batch in its own short transaction: the audit table takes a write on
# every staff request, and one huge DELETE would hold its locks (and grow the WAL) for long.
BATCH_SIZE = 1000


def delete_older_than(model: type[models.Model], field: str, cutoff: datetime) -> int:
    """Delete `model`'s rows whose `field` is before `cutoff`, in batches; return how many.

    Safe to run twice at once: on PostgreSQL each batch locks its rows and skips rows that
    another run holds (SKIP LOCKED), so the two share the work; elsewhere writers take turns.
    """
    old = model._default_manager.filter(**{f"{field}__lt": cutoff})
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(
                old.select_for_update(skip_locked=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:BATCH_SIZE]
            )
            if not ids:
                return deleted
            _total, per_model = old.filter(pk__in=ids).delete()
        deleted += per_model.get(model._meta.label, 0)


def purge_targets(days: int, now: datetime) -> list[tuple[str, type[models.Model], str, datetime]]:
    """What goes, as (name in the output, model, date field, cutoff)."""
    cutoff = now - timedelta(days=days)
    return [
        ("audit events", AuditEvent, "created_at", cutoff),
        ("login lockout records", AccessAttempt, "attempt_time", cutoff),
        ("failed login records", AccessFailureLog, "attempt_time", cutoff),
        ("login records", AccessLog, "attempt_time", cutoff),
        # The password reset throttle needs an hour of them; they go after a day.
        (
            "password reset records (kept a day)",
            PasswordResetRequest,
            "created_at",
            now - RESET_RECORDS_KEPT_FOR,
        ),
    ]


class Command(BaseCommand):
    help = (
        "Delete audit events and login records older than AUDIT_RETENTION_DAYS (default "
        "2190, six years), and password reset records older than a day. Run daily."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Age in days beyond which records are deleted (default: the setting).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted, delete nothing."
        )

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        if days is None:
            days = settings.AUDIT_RETENTION_DAYS
        if days < 1:
            raise CommandError("--days must be at least 1.")
        now = timezone.now()
        # Counts only: the output may end up in a log, so no names, addresses or ids.
        heading = "Dry run: would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{heading}, from before {now - timedelta(days=days):%Y-%m-%d %H:%M} UTC ({days} days):"
        )
        for name, model, field, cutoff in purge_targets(days, now):
            if dry_run:
                count = model._default_manager.filter(**{f"{field}__lt": cutoff}).count()
            else:
                count = delete_older_than(model, field, cutoff)
            self.stdout.write(f"  {name}: {count}")
