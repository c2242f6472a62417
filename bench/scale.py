"""`make bench-scale` (`python -m bench scale`): does each staff page cost the same at 10x the data?

Seeds the database to a first size, times every staff page, adds nine times as many rows
(`seed_demo --add`) and times them again. Each page is served in this process by Django's test
client (debug off, the site's middleware, a signed-in session; no network and no web server, so
only what grows with the data is measured), in interleaved rounds: one request per page per
round, so that a busy moment of the machine touches every page alike. A page's cost is the
median of its rounds, in wall-clock milliseconds (the view, its templates and its queries,
PostgreSQL included) and in this process's CPU milliseconds (without the database's).

Exits 1 when a page grows more than MAX_GROWTH times from the first size to the second.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from clinic.roles import CLINICIANS, FRONT_DESK
from demo.seeding import existing_counts

MAX_GROWTH = 1.3
GROWTH = 10
# Per patient: the measurements used five screenings and five requests per patient.
ROWS_PER_PATIENT = 5


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    path: str


@dataclass(frozen=True)
class Timing:
    wall_ms: list[float]
    cpu_ms: list[float]

    @property
    def wall(self) -> float:
        return statistics.median(self.wall_ms)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_ms)

    def describe(self) -> str:
        return f"{self.wall:7.1f} ({min(self.wall_ms):.1f}-{max(self.wall_ms):.1f})"


def pages() -> list[Page]:
    queue = reverse("appointments:queue")
    screenings = reverse("screening:staff_list")
    patients = reverse("staff:patient_list")
    return [
        Page("staff home, clinician", CLINICIANS, reverse("staff:home")),
        Page("staff home, front desk", FRONT_DESK, reverse("staff:home")),
        Page("screening list", CLINICIANS, screenings),
        Page("screening list, page 300", CLINICIANS, f"{screenings}?page=300"),
        Page("request queue", FRONT_DESK, queue),
        Page("request queue, all", FRONT_DESK, f"{queue}?status=all"),
        Page("request queue, search", FRONT_DESK, f"{queue}?status=all&q=smith"),
        Page("patient list", CLINICIANS, patients),
        Page("patient list, search", CLINICIANS, f"{patients}?q=lee"),
        Page("program list", CLINICIANS, reverse("exercises:program_list")),
        Page("flagged programs", CLINICIANS, reverse("exercises:flagged_programs")),
        Page("outcome measures due", CLINICIANS, reverse("outcomes:measures_due")),
        Page("programs to review", CLINICIANS, reverse("outcomes:review_list")),
    ]


class Command(BaseCommand):
    help = (
        "Time every staff page at a first size and at ten times as many rows; print the growth "
        "and exit 1 when a page grows more than 1.3x."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--rows",
            type=int,
            default=10_000,
            help="Screenings and requests at the first size (patients: a fifth as many).",
        )
        parser.add_argument("--rounds", type=int, default=15, help="Requests per page and size.")
        parser.add_argument("--output", default="artifacts/bench-scale.md")

    def handle(self, *args, **options) -> None:
        if settings.DEBUG:
            raise CommandError("Measure with debug off, as production runs (unset DJANGO_DEBUG).")
        if connection.vendor != "postgresql":
            self.stderr.write("Warning: not PostgreSQL; the targets are meant for PostgreSQL.")
        call_command("migrate", "--noinput", verbosity=0)
        if any(existing_counts().values()):
            raise CommandError(
                "The database already holds data: the scale run needs an empty one "
                "(make bench-scale drops and recreates clinic_bench_scale)."
            )
        rows = options["rows"]
        clients = {role: self.client(role) for role in (CLINICIANS, FRONT_DESK)}
        sizes = []
        for size in (rows, rows * GROWTH):
            self.grow_to(size, already=sizes[-1][0] if sizes else 0)
            sizes.append((size, self.measure(clients, options["rounds"])))
        report = self.report(sizes)
        self.stdout.write(report)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(report + "\n", encoding="utf-8")
        (_, before), (_, after) = sizes
        if any(after[page].wall > MAX_GROWTH * before[page].wall for page in before):
            raise SystemExit(1)

    def client(self, role: str) -> Client:
        user, created = get_user_model().objects.get_or_create(
            username=f"scale-{role.lower().replace(' ', '-')}"
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=role))
        # A host the site's settings allow (the test client's "testserver" is not one).
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        return client

    def grow_to(self, size: int, *, already: int) -> None:
        added = size - already
        self.stderr.write(f"Seeding to {size:,} screenings and requests (+{added:,})...")
        started = time.monotonic()
        call_command(
            "seed_demo",
            "--force",
            "--add",
            f"--screenings={added}",
            f"--requests={added}",
            f"--patients={added // ROWS_PER_PATIENT}",
            stdout=self.stderr,
        )
        # The time-based flags (no logs for a week) and worklists, as the daily jobs keep them.
        call_command("refresh_program_flags", stdout=self.stderr)
        call_command("close_ended_reviews", stdout=self.stderr)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stderr.write(f"  {time.monotonic() - started:.0f} s")

    def measure(self, clients: dict[str, Client], rounds: int) -> dict[str, Timing]:
        wall: dict[str, list[float]] = {page.name: [] for page in pages()}
        cpu: dict[str, list[float]] = {page.name: [] for page in pages()}
        for round_number in range(rounds + 1):
            for page in pages():
                started, started_cpu = time.perf_counter(), time.process_time()
                response = clients[page.role].get(page.path)
                wall_ms = (time.perf_counter() - started) * 1000
                cpu_ms = (time.process_time() - started_cpu) * 1000
                if response.status_code != 200:
                    raise CommandError(f"{page.name}: {response.status_code} from {page.path}")
                if round_number:  # the first round warms caches and connections
                    wall[page.name].append(wall_ms)
                    cpu[page.name].append(cpu_ms)
        return {name: Timing(wall[name], cpu[name]) for name in wall}

    def report(self, sizes: list[tuple[int, dict[str, Timing]]]) -> str:
        (small, before), (large, after) = sizes
        lines = [
            "# Staff pages at 10x the data",
            "",
            f"{time.strftime('%Y-%m-%d %H:%M')}, {connection.vendor}, debug off, Django's test "
            "client in one process (no web server), one request at a time in interleaved "
            f"rounds; {small:,} then {large:,} screenings and requests, a fifth as many "
            "patients with their programs and logs. Milliseconds: median (min-max) of the "
            f"rounds; CPU is this process's, without the database's. Target: growth at most "
            f"{MAX_GROWTH}x.",
            "",
            f"| page | {small:,} ms | {large:,} ms | growth | CPU ms {small:,} | CPU ms {large:,} "
            "| verdict |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for name, first in before.items():
            second = after[name]
            growth = second.wall / first.wall
            verdict = "ok" if growth <= MAX_GROWTH else "grows"
            lines.append(
                f"| {name} | {first.describe()} | {second.describe()} | {growth:.2f}x "
                f"| {first.cpu:.1f} | {second.cpu:.1f} | {verdict} |"
            )
        return "\n".join(lines)
