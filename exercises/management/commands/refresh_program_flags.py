"""`manage.py refresh_program_flags`: the daily update of the time-based program flags."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from exercises.services import program_flags_refresh


class Command(BaseCommand):
    help = (
        "Bring the stored program flags up to date with the passing of time (no logs for 7 "
        "days, older logs leaving the windows, programs that ended) and take programs that "
        "ended off the outcome measures' due list. Run daily; safe to run at any time and as "
        "often as you like. Prints counts only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options) -> None:
        counts = program_flags_refresh(batch_size=max(1, options["batch_size"]))
        self.stdout.write(
            f"Checked {counts.checked} programs, updated {counts.changed}; "
            f"{counts.flagged} need attention, {counts.ready} are ready to progress."
        )
