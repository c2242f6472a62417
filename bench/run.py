"""`make bench` (`python -m bench`): seed, serve with gunicorn, load pages with wrk.

Every page is measured against a like-for-like baseline served by the same process
(bench/views.py, bench/admin.py): public pages against the site's empty layout, link pages
against one indexed SELECT by hash, the staff home against an empty audited staff page, staff
lists against Django admin's changelist of the same rows. Runs are interleaved (the baseline,
then the page) and repeated; the table gives medians with their range, and the CPU each request
cost the web server and the database together.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench import pageweight
from bench.report import (
    PAGE,
    STAFF_LIST,
    Run,
    Verdict,
    Weight,
    judge,
    speed_table,
    weight_table,
)
from bench.urls import ADMIN_PATH, BY_HASH_PATH, EMPTY_PATH, STAFF_EMPTY_PATH
from clinic.models import Patient
from clinic.roles import CLINICIANS, FRONT_DESK

BENCH_DIR = Path(__file__).resolve().parent
WRK_SCRIPT = BENCH_DIR / "wrk.lua"
# Sessions per staff role: wrk sends them in turn, so that concurrent requests do not all
# extend one session row (once a minute each) as no real clinic would.
SESSIONS_PER_ROLE = 8
BENCH_USERS = {FRONT_DESK: "bench-frontdesk", CLINICIANS: "bench-clinician"}
BENCH_ADMIN = "bench-admin"
# A typical nerve picture, with the sitting test done.
SUBMITTED_ANSWERS = {
    "onset": "gradual",
    "activity": "lifting_or_bending",
    "back_pain": True,
    "buttock_pain": True,
    "numbness_tingling": True,
    "pain_below_knee": True,
    "leg_pain_worse_than_back": True,
    "cough_sneeze_worse": False,
    "worse_sitting": True,
    "felt_pop": False,
    "bruising": False,
    "slump_reproduces_pain": True,
    "slump_ankle_increases": True,
    "red_flags": [],
    "pain_now": 6,
}


@dataclass
class Target:
    key: str  # for --only
    name: str
    path: str
    # The key of the baseline it is measured against (Command.baselines), and how (report.py).
    baseline: str = ""
    kind: str = PAGE
    method: str = "GET"
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    cookies: list[str] = field(default_factory=list)
    expect_status: int = 200
    # Measure this page's first-load weight too (patient pages).
    weigh: bool = False

    def wrk_args(self) -> list[str]:
        headers = [f"{name}: {value}" for name, value in self.headers.items()]
        return [self.method, self.body, *headers, *(f"Cookie: {c}" for c in self.cookies)]

    def first_cookie_headers(self) -> dict[str, str]:
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = self.cookies[0]
        return headers


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http(
    url: str, *, method: str = "GET", body: str = "", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, list[str]], str]:
    """One request without following redirects: status, headers (lists) and text."""
    data = body.encode() if body else None
    request = urllib.request.Request(  # noqa: S310 (http:// URLs of our local server)
        url, data=data, method=method, headers=headers or {}
    )
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        response = _opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        text = response.read().decode("utf-8", "replace")
        header_lists: dict[str, list[str]] = {}
        for name, value in response.headers.items():
            header_lists.setdefault(name.lower(), []).append(value)
        return response.status, header_lists, text


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Command(BaseCommand):
    help = (
        "Seed the database, serve the site with gunicorn and load its pages with wrk against a "
        "bare Django view; print and write the table. Exits 1 when a target is missed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--rows", type=int, default=10_000, help="Screenings, requests, patients."
        )
        parser.add_argument("--duration", type=int, default=10, help="Seconds per page.")
        parser.add_argument("--warmup", type=int, default=2, help="Seconds per page, not counted.")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument(
            "--repeats", type=int, default=3, help="Interleaved runs of each page and baseline."
        )
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--output", default="artifacts/bench.md")
        parser.add_argument(
            "--only",
            default="",
            help="Pages to run, comma-separated: home, step1, submit, result, exercise, "
            "request, program, staff-home, queue, screenings (default: all).",
        )

    def handle(self, *args, **options) -> None:
        if settings.DEBUG:
            raise CommandError("Benchmark with debug off, as production runs (unset DJANGO_DEBUG).")
        if shutil.which("wrk") is None:
            raise CommandError("wrk is missing: apt-get install wrk (make bench does it).")
        if connection.vendor != "postgresql":
            self.stderr.write("Warning: not PostgreSQL; the targets are meant for PostgreSQL.")
        self.options = options
        rows = str(options["rows"])
        self.say(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
        call_command("migrate", "--noinput", verbosity=0)
        call_command(
            "seed_demo",
            "--force",
            f"--screenings={rows}",
            f"--requests={rows}",
            f"--patients={rows}",
            stdout=self.stdout,
        )
        call_command("collectstatic", "--noinput", verbosity=0)
        fixtures = self.prepare_fixtures()

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with self.server(port) as server_group:
            targets = self.targets(base, fixtures)
            only = {name.strip() for name in options["only"].split(",") if name.strip()}
            if only:
                targets = [t for t in targets if t.key in only]
            verdicts = self.measure(base, targets, self.baselines(fixtures), server_group)
            weights = self.weigh(base, [t for t in targets if t.weigh])

        report = self.report(verdicts, weights)
        self.stdout.write(report)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(report + "\n", encoding="utf-8")
        self.say(f"Written to {output}.")
        if not all(v.passed for v in verdicts) or not all(w.passed for w in weights):
            sys.exit(1)

    def say(self, message: str) -> None:
        self.stderr.write(message)

    # -- data the requests need ---------------------------------------------------------------

    def prepare_fixtures(self) -> dict:
        """Staff sessions, a stored result, a patient's program: what the URLs need."""
        fixtures: dict = {"sessions": {}}
        User = get_user_model()
        for group_name, username in BENCH_USERS.items():
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": "Bench"}
            )
            if created:
                user.set_unusable_password()
                user.save()
                user.groups.add(Group.objects.get(name=group_name))
            cookies = []
            for _ in range(SESSIONS_PER_ROLE):
                client = Client()
                client.force_login(user)
                cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
                cookies.append(f"{settings.SESSION_COOKIE_NAME}={cookie}")
            fixtures["sessions"][group_name] = cookies
        admin, created = User.objects.get_or_create(
            username=BENCH_ADMIN, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_unusable_password()
            admin.save()
        client = Client()
        client.force_login(admin)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        fixtures["sessions"][BENCH_ADMIN] = [f"{settings.SESSION_COOKIE_NAME}={cookie}"]

        fixtures["result_token"], fixtures["result_path"] = self.stored_result()
        fixtures["program_path"] = self.program_path()
        from exercises.models import Exercise

        exercise = Exercise.objects.order_by("category", "position", "pk").first()
        fixtures["exercise_path"] = reverse("exercises:detail", args=[exercise.slug])
        return fixtures

    def stored_result(self) -> tuple[str, str]:
        """A result stored through the screening service, with a typical nerve picture: its
        link's token and path."""
        from screening.services import screening_submit

        _screening, token = screening_submit(answers=SUBMITTED_ANSWERS)
        return token, reverse("screening:result", args=[token])

    def program_path(self) -> str:
        """A fresh program (through the service) for a seeded patient, with six weeks of logs."""
        from exercises.models import ProgramTemplate, SessionLog
        from exercises.services import ItemInput, home_program_assign

        template = ProgramTemplate.objects.prefetch_related("items__exercise").order_by("pk")[0]
        patient = Patient.objects.order_by("pk").first()
        today = timezone.localdate()
        assigned = home_program_assign(
            patient=patient,
            title=template.name,
            start_date=today - timedelta(days=42),
            end_date=None,
            items=[
                ItemInput(
                    exercise=item.exercise,
                    sets=item.sets,
                    reps=item.reps,
                    hold_seconds=item.hold_seconds,
                    times_per_day=item.times_per_day,
                    days_per_week=item.days_per_week,
                    note=item.note,
                )
                for item in template.items.all()
            ],
            created_by=None,
            source_template=template,
        )
        now = timezone.now()
        version = assigned.program.versions.get(number=assigned.program.version)
        SessionLog.objects.bulk_create(
            SessionLog(
                program=assigned.program,
                version=version,
                logged_at=now - timedelta(days=days),
                logged_on=timezone.localdate(now - timedelta(days=days)),
                pain=max(0, 7 - days // 6),
                tingling_spread=False,
                comment="",
            )
            for days in range(42, 0, -1)
        )
        return reverse("exercises:program", args=[assigned.token])

    # -- the pages ----------------------------------------------------------------------------

    def baselines(self, fixtures: dict) -> dict[str, Target]:
        """What each page is measured against (bench/views.py, bench/admin.py)."""
        admin = fixtures["sessions"][BENCH_ADMIN]
        return {
            target.key: target
            for target in [
                Target("empty", "empty layout", "/" + EMPTY_PATH),
                Target(
                    "by-hash",
                    "SELECT by hash",
                    f"/{BY_HASH_PATH}{fixtures['result_token']}/",
                ),
                Target(
                    "staff-empty",
                    "empty staff page",
                    "/" + STAFF_EMPTY_PATH,
                    cookies=fixtures["sessions"][CLINICIANS],
                ),
                Target(
                    "admin-requests",
                    "admin changelist",
                    f"/{ADMIN_PATH}appointments/appointmentrequest/",
                    cookies=admin,
                ),
                Target(
                    "admin-screenings",
                    "admin changelist",
                    f"/{ADMIN_PATH}screening/screening/",
                    cookies=admin,
                ),
            ]
        }

    def targets(self, base: str, fixtures: dict) -> list[Target]:
        front_desk = fixtures["sessions"][FRONT_DESK]
        clinicians = fixtures["sessions"][CLINICIANS]
        return [
            Target("home", "home", reverse("home"), "empty", weigh=True),
            *self.screening_targets(base),
            Target("result", "stored result", fixtures["result_path"], "by-hash", weigh=True),
            Target("exercise", "exercise page", fixtures["exercise_path"], "empty", weigh=True),
            Target("request", "appointment form", reverse("appointments:request"), "empty"),
            Target("program", "program page", fixtures["program_path"], "by-hash", weigh=True),
            Target(
                "staff-home",
                "clinician's staff home",
                reverse("staff:home"),
                "staff-empty",
                cookies=clinicians,
            ),
            Target(
                "queue",
                "front-desk queue",
                reverse("appointments:queue"),
                "admin-requests",
                kind=STAFF_LIST,
                cookies=front_desk,
            ),
            Target(
                "screenings",
                "screening list",
                reverse("screening:staff_list"),
                "admin-screenings",
                kind=STAFF_LIST,
                cookies=clinicians,
            ),
        ]

    def screening_targets(self, base: str) -> list[Target]:
        """The first step, and the last step's POST (302 to its result).

        The questionnaire keeps the answers so far in a signed cookie, so the last POST can be
        replayed as is. A replay finds the screening its state already stored (by the result
        token derived from the state's nonce) and stores nothing: the first request stores it,
        every later one measures the replay path (one indexed read). The first store's cost is
        pinned by tests/performance/test_query_budgets.py.
        """
        from screening.questionnaire import STATE_COOKIE, STEPS, State, dump_state, new_state

        start = reverse("screening:start")
        try:
            csrf_cookie, csrf_token = csrf_pair(base, start)
        except CommandError as error:
            # Reported as errors of both targets (their preflight fails), not a crash.
            self.stderr.write(str(error))
            csrf_cookie, csrf_token = "", ""
        body = urlencode(
            {
                "csrfmiddlewaretoken": csrf_token,
                "action": "next",
                "contact_name": "",
                "contact_email": "",
                "contact_phone": "",
            }
        )
        # Every step before the last one answered.
        answered = State(new_state().nonce, SUBMITTED_ANSWERS, completed=len(STEPS) - 2)
        state = f"{STATE_COOKIE}={dump_state(answered)}"
        return [
            Target("step1", "screening step 1", start, "empty", weigh=True),
            Target(
                "submit",
                "screening submit (POST)",
                reverse("screening:step", args=["contact"]),
                "by-hash",
                method="POST",
                body=body,
                cookies=[f"{csrf_cookie}; {state}" if csrf_cookie else state],
                expect_status=302,
            ),
        ]

    # -- the server ---------------------------------------------------------------------------

    @contextmanager
    def server(self, port: int) -> Iterator[int]:
        """gunicorn on `port`; yields its process group (for the CPU its workers spend)."""
        env = {
            **os.environ,
            "DJANGO_DEBUG": "",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        log_path = Path(self.options["output"]).with_name("bench-server.log")
        log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "clinic.wsgi:application",
            f"--workers={self.options['workers']}",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ]
        with log_path.open("w") as log:
            process = subprocess.Popen(  # noqa: S603 (our own fixed command)
                command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            try:
                self.wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
                self.say(f"gunicorn: {self.options['workers']} sync workers on port {port}")
                yield process.pid
            finally:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)

    def wait_until_up(self, url: str, process: subprocess.Popen) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise CommandError("gunicorn stopped; see artifacts/bench-server.log.")
            try:
                if http(url)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise CommandError("gunicorn did not answer within 30 s.")

    # -- measuring ----------------------------------------------------------------------------

    def wrk(self, url: str, target: Target, seconds: int) -> dict:
        command = [
            "wrk",
            "--threads=1",
            f"--connections={self.options['connections']}",
            f"--duration={seconds}s",
            "--timeout=5s",
            f"--script={WRK_SCRIPT}",
            url,
            "--",
            *target.wrk_args(),
        ]
        output = subprocess.run(  # noqa: S603 (our own fixed command)
            command, capture_output=True, text=True, check=True
        ).stdout
        match = re.search(r"^\{.*\}$", output, re.MULTILINE)
        if match is None:
            raise CommandError(f"wrk printed no summary for {target.name}:\n{output}")
        return json.loads(match.group(0))

    def preflight(self, base: str, target: Target) -> int:
        """One request as wrk will send it: 1 error if the answer is not the expected one."""
        status, _headers, _text = http(
            base + target.path,
            method=target.method,
            body=target.body,
            headers=target.first_cookie_headers(),
        )
        if status != target.expect_status:
            self.stderr.write(
                f"{target.name}: expected {target.expect_status}, got {status} ({target.path})"
            )
            return 1
        return 0

    def run_one(self, base: str, target: Target, server_group: int) -> Run:
        wrong = self.preflight(base, target)
        url = base + target.path
        if self.options["warmup"]:
            self.wrk(url, target, self.options["warmup"])
        cpu_before = cpu_seconds(server_group)
        summary = self.wrk(url, target, self.options["duration"])
        cpu = cpu_seconds(server_group) - cpu_before
        run = Run.from_wrk(target.name, summary, extra_errors=wrong, cpu_s=cpu)
        self.say(
            f"  {target.name:<24} {run.requests_per_second:7.0f} req/s  "
            f"p50 {run.p50_ms:6.1f} ms  p99 {run.p99_ms:6.1f} ms  "
            f"CPU {run.cpu_ms_per_request:5.1f} ms/req  errors {run.errors}"
        )
        return run

    def measure(
        self, base: str, targets: list[Target], baselines: dict[str, Target], server_group: int
    ) -> list[Verdict]:
        """Each page right after a run of its baseline, so that both see the same machine
        load; all pages in turn, `--repeats` times, so that a slow moment touches them alike."""
        self.say(
            f"wrk: {self.options['connections']} connections, {self.options['warmup']} s warm-up, "
            f"{self.options['duration']} s per run, {self.options['repeats']} rounds"
        )
        runs: dict[str, list[tuple[Run, Run]]] = {target.key: [] for target in targets}
        for round_number in range(1, self.options["repeats"] + 1):
            self.say(f"Round {round_number}")
            for target in targets:
                baseline = self.run_one(base, baselines[target.baseline], server_group)
                runs[target.key].append((self.run_one(base, target, server_group), baseline))
        return [
            judge(target.kind, [r for r, _ in runs[target.key]], [b for _, b in runs[target.key]])
            for target in targets
        ]

    def weigh(self, base: str, targets: list[Target]) -> list[Weight]:
        weights = []
        for target in targets:
            measured = pageweight.measure(base + target.path, target.first_cookie_headers())
            weights.append(
                Weight(
                    name=target.name,
                    html_bytes=measured.html_bytes,
                    asset_bytes=sum(measured.assets.values()),
                    asset_count=len(measured.assets),
                    errors=tuple(measured.errors),
                )
            )
            for error in measured.errors:
                self.stderr.write(f"page weight, {target.name}: {error}")
        return weights

    def report(self, verdicts, weights: list[Weight]) -> str:
        return "\n".join(
            [
                "# Benchmark",
                "",
                f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
                f"{connection.vendor}, gunicorn {self.options['workers']} sync workers, "
                f"wrk {self.options['connections']} connections, {self.options['duration']} s per "
                f"run after {self.options['warmup']} s warm-up, {self.options['repeats']} "
                "interleaved rounds: in each, every page runs right after its baseline (served "
                "by the same process) and its ratio is to that run. Medians (lowest-highest). "
                "CPU: the web server's and PostgreSQL's processes together, per request.",
                "",
                speed_table(verdicts),
                "",
                "Page weight: first load, compressed as served (HTML, CSS, JS, images).",
                "",
                weight_table(weights),
            ]
        )


def csrf_pair(base: str, path: str) -> tuple[str, str]:
    """A CSRF cookie and a form token from a page, reusable for as many POSTs as we like."""
    status, headers, text = http(base + path)
    if status != 200:
        raise CommandError(f"{path}: expected 200, got {status}")
    cookie = SimpleCookie()
    for value in headers.get("set-cookie", []):
        cookie.load(value)
    if settings.CSRF_COOKIE_NAME not in cookie:
        raise CommandError(f"{path}: no CSRF cookie")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    if match is None:
        raise CommandError(f"{path}: no CSRF token in the form")
    return f"{settings.CSRF_COOKIE_NAME}={cookie[settings.CSRF_COOKIE_NAME].value}", match.group(1)


def cpu_seconds(server_group: int) -> float:
    """CPU time spent so far by the web server's processes (its process group) and by every
    PostgreSQL process on this machine (the benchmark's database is the only busy one)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        # The fields after the name: state, ppid, pgrp, ..., utime (11th), stime (12th).
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == server_group or name.startswith("postgres"):
            total += int(fields[11]) + int(fields[12])
    return total / ticks
