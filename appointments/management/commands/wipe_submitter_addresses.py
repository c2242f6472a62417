from __future__ import annotations

from django.core.management.base import BaseCommand

from appointments.services import SUBMITTER_HASH_KEPT_FOR, submitter_hashes_wipe
from screening import services as screening_services


class Command(BaseCommand):
    help = (
        "Blank the address hashes (kept for the rate limits of appointment requests and "
        "screenings) of rows older than one day. Run daily."
    )

    def handle(self, *args, **options) -> None:
        count = submitter_hashes_wipe()
        screenings = screening_services.submitter_hashes_wipe()
        # Counts only: the output may end up in a log.
        hours = int(SUBMITTER_HASH_KEPT_FOR.total_seconds() // 3600)
        self.stdout.write(
            f"Wiped the address hashes of {count} appointment requests older than {hours} hours."
        )
        hours = int(screening_services.SUBMITTER_HASH_KEPT_FOR.total_seconds() // 3600)
        self.stdout.write(
            f"Wiped the address hashes of {screenings} screenings older than {hours} hours."
        )
