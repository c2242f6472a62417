from __future__ import annotations

from django.core.management.base import BaseCommand

from appointments.services import SUBMITTER_HASH_KEPT_FOR, submitter_hashes_wipe


class Command(BaseCommand):
    help = (
        "Blank the address hashes (kept for the appointment request rate limit) of requests "
        "older than one day. Run daily."
    )

    def handle(self, *args, **options) -> None:
        count = submitter_hashes_wipe()
        # A count only: the output may end up in a log.
        hours = int(SUBMITTER_HASH_KEPT_FOR.total_seconds() // 3600)
        self.stdout.write(
            f"Wiped the address hashes of {count} appointment requests older than {hours} hours."
        )
