from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from screening.models import Screening


def expired_anonymous_screenings(*, days: int):
    """Screenings older than `days` that nothing links to: no patient, no request, no program."""
    cutoff = timezone.now() - timedelta(days=days)
    queryset = Screening.objects.filter(created_at__lt=cutoff, patient__isnull=True)
    # Every reverse link (appointment requests today, anything added later) keeps a screening.
    for relation in Screening._meta.related_objects:
        queryset = queryset.filter(**{f"{relation.name}__isnull": True})
    # isnull on a reverse link joins only rows without one: each screening appears once.
    return queryset, cutoff


class Command(BaseCommand):
    help = (
        "Delete anonymous screenings older than SCREENING_RETENTION_DAYS (default 180) "
        "unless they are linked to an appointment request or a patient."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Age in days beyond which screenings are deleted (default: the setting).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be deleted, delete nothing.",
        )

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        if days is None:
            days = settings.SCREENING_RETENTION_DAYS
        if days < 1:
            raise CommandError("--days must be at least 1.")
        queryset, cutoff = expired_anonymous_screenings(days=days)
        when = f"created before {cutoff:%Y-%m-%d %H:%M} UTC ({days} days)"
        if dry_run:
            # Ids only: the output may end up in a log, so no answers or contact details.
            ids = list(queryset.order_by("created_at", "id").values_list("id", flat=True))
            self.stdout.write(f"Dry run: would delete {len(ids)} anonymous screenings {when}.")
            if ids:
                self.stdout.write("Screening ids: " + ", ".join(str(pk) for pk in ids))
            return
        # One statement with the link conditions in it: a screening linked to a request
        # a moment ago is kept.
        with transaction.atomic():
            _total, per_model = queryset.delete()
        count = per_model.get(Screening._meta.label, 0)
        self.stdout.write(f"Deleted {count} anonymous screenings {when}.")
