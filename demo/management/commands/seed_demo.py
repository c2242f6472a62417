"""`manage.py seed_demo`: add realistic demo data in bulk (see demo/seeding.py)."""

from __future__ import annotations

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.seeding import (
    DEFAULT_PATIENTS,
    DEFAULT_REQUESTS,
    DEFAULT_SCREENINGS,
    DEFAULT_SEED,
    Seeder,
    existing_counts,
)


class Command(BaseCommand):
    help = (
        "Add realistic demo screenings, appointment requests, patients, home programs and "
        "session logs (debug only unless --force). Does nothing when demo data already exists, "
        "unless --add."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--screenings", type=int, default=DEFAULT_SCREENINGS)
        parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS)
        parser.add_argument("--patients", type=int, default=DEFAULT_PATIENTS)
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Same seed, same data (dates aside)."
        )
        parser.add_argument(
            "--add",
            action="store_true",
            help="Add the rows even when the database already holds screenings, requests or "
            "patients.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with debug off too (benchmark databases only: never a real clinic's).",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Demo data is for local development: set DJANGO_DEBUG=1, or pass --force on a "
                "database that holds no real patients."
            )
        for name in ("screenings", "requests", "patients"):
            if options[name] < 0:
                raise CommandError(f"--{name} cannot be negative.")
        existing = existing_counts()
        if any(existing.values()) and not options["add"]:
            self.stdout.write(
                "The database already holds data ({}); not seeding. Pass --add to add more.".format(
                    ", ".join(f"{count} {name}" for name, count in existing.items())
                )
            )
            return
        started = time.monotonic()
        seeder = Seeder(random.Random(options["seed"]), now=timezone.now())
        with transaction.atomic():
            counts = seeder.run(
                screenings=options["screenings"],
                requests=options["requests"],
                patients=options["patients"],
            )
        elapsed = time.monotonic() - started
        self.stdout.write(
            "Seeded {} in {:.1f} s.".format(
                ", ".join(f"{count} {name}" for name, count in counts.items()), elapsed
            )
        )
