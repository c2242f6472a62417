"""Send the email reminders that are due. Run it every 15 minutes (README: cron or a timer)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reminders.services import reminders_send_due


class Command(BaseCommand):
    help = (
        "Send the home-program reminders that are due. Safe to run in several copies at once "
        "and again after a failure: nothing is sent twice, a mail error is retried next run."
    )

    def handle(self, *args, **options) -> None:
        report = reminders_send_due()
        # Counts only: no addresses, names or links.
        self.stdout.write(
            f"Reminders: {report.sent} sent, {report.failed} failed (retried next run), "
            f"{report.gave_up} given up, {report.skipped} skipped, "
            f"{report.ended} subscriptions ended."
        )
