"""`manage.py close_ended_reviews`: the daily clearing of review marks on programs that ended."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from outcomes.services import outcome_reviews_close


class Command(BaseCommand):
    help = (
        'Take programs that have ended off the staff home\'s "programs to review" (their '
        "review mark clears; their measures stay on the program's outcome page). Run daily; "
        "safe to run at any time and as often as you like. Prints a count only."
    )

    def handle(self, *args, **options) -> None:
        closed = outcome_reviews_close()
        self.stdout.write(f"Cleared the review mark of {closed} programs that have ended.")
