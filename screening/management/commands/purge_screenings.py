from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from screening.models import Screening

# Ids per DELETE statement: well under every database's limit on query parameters.
DELETE_BATCH = 500


def unlinked(queryset: QuerySet[Screening]) -> QuerySet[Screening]:
    """Screenings in `queryset` that nothing links to: no patient, no request, no program."""
    queryset = queryset.filter(patient__isnull=True)
    # Every reverse link (appointment requests today, anything added later) keeps a screening.
    for relation in Screening._meta.related_objects:
        queryset = queryset.filter(**{f"{relation.name}__isnull": True})
    # isnull on a reverse link joins only rows without one: each screening appears once.
    return queryset


def expired_anonymous_screenings(*, days: int):
    """Screenings older than `days` that nothing links to."""
    cutoff = timezone.now() - timedelta(days=days)
    return unlinked(Screening.objects.filter(created_at__lt=cutoff)), cutoff


def delete_unlinked(ids: Sequence[int]) -> int:
    """Delete those of `ids` that are still unlinked; return how many went.

    The link conditions are checked again here, so a screening linked since its id was
    selected is kept. Only ids are read: the answers are never loaded into memory.
    """
    count = 0
    for start in range(0, len(ids), DELETE_BATCH):
        batch = unlinked(Screening.objects.filter(pk__in=ids[start : start + DELETE_BATCH]))
        _total, per_model = batch.only("pk").delete()
        count += per_model.get(Screening._meta.label, 0)
    return count


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
        with transaction.atomic():
            # Lock the candidates (FOR UPDATE on PostgreSQL; SQLite serialises writers anyway).
            # A request that links one of them now has to wait for the row (a foreign key
            # takes a share lock on the row it points to) until this transaction ends. A
            # request that linked one just before the lock is caught by delete_unlinked,
            # which checks the links again in the DELETE's own query.
            locked = list(
                queryset.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True)
            )
            count = delete_unlinked(locked)
        self.stdout.write(f"Deleted {count} anonymous screenings {when}.")
