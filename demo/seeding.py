"""Fill the database with realistic demo data, fast (bulk inserts), for trying and benchmarking.

Answers are drawn from a few patient "pictures" (strain-like, nerve-like, mixed, sparse, with a
red flag), then validated by the real answers schema and scored by the real scoring module, so
every stored category, urgency and factor is what a real submission would have stored.

Only `bulk_create` makes 10,000 rows of each kind fit in seconds, so this command writes rows
directly instead of calling the services one by one; the tests check the rows against the
same rules the services apply.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from appointments.codes import (
    ALLOWED_TRANSITIONS,
    ContactMethod,
    PreferredDay,
    RequestStatus,
    TimeOfDay,
)
from appointments.models import AppointmentRequest, StatusChange
from appointments.reference import ALPHABET, REFERENCE_LENGTH
from clinic.models import Patient
from clinic.roles import CLINICIANS, FRONT_DESK
from clinic.tokens import hash_token
from exercises import adherence, changes, safety, selectors
from exercises.models import HomeProgram, ProgramItem, ProgramTemplate, ProgramVersion, SessionLog
from outcomes import scoring
from outcomes.models import CheckIn, OutcomeTrack
from screening.codes import ASKED_RED_FLAGS, EMERGENCY_RED_FLAGS, PROMPT_RED_FLAGS, Urgency
from screening.models import Screening
from screening.schema import validate_answers
from screening.scoring import assess

ASKED_EMERGENCY = sorted(code for code in ASKED_RED_FLAGS if code in EMERGENCY_RED_FLAGS)
ASKED_PROMPT = sorted(code for code in ASKED_RED_FLAGS if code in PROMPT_RED_FLAGS)
DEFAULT_SCREENINGS = 40
DEFAULT_REQUESTS = 25
DEFAULT_PATIENTS = 12
DEFAULT_SEED = 2025
BATCH_SIZE = 2000
# Screenings are spread over this many days before now; programs start within the last
# PROGRAM_START_DAYS, so a fair share of them is running with recent logs.
HISTORY_DAYS = 540
PROGRAM_START_DAYS = 120

FIRST_NAMES = tuple(
    str.split(
        "Ada Ben Carla Dev Elena Farid Grace Hugo Ines Jonas Kira Liam Maya Noah Olga Priya "
        "Quinn Rosa Sam Tariq Uma Victor Wen Ximena Yusuf Zoe Amara Bruno Chloe Diego Emeka "
        "Fatima Gus Hana Ivan Jade Kofi Lena Mateo Nia Omar Pia Ravi Sofia Theo Vera Will "
        "Yara"
    )
)
LAST_NAMES = tuple(
    str.split(
        "Abbott Baker Chen Diaz Evans Fischer Garcia Haddad Ito Jensen Kowalski Lopez Murphy "
        "Nguyen Okafor Patel Quinn Rossi Silva Tanaka Usman Varga Walsh Xu Young Zimmermann "
        "Andersen Brennan Costa Dubois Eriksen Ferreira Gallagher Horvat Ivanova Kaur "
        "Lindqvist Moreau Novak Oliveira Petrov Reyes Schmidt Torres Wagner"
    )
)
REASONS = (
    "Pain at the back of my thigh since a football match last week.",
    "Sciatica-like pain down my leg for a month, worse when sitting at work.",
    "Pulled something sprinting. Bruising behind the knee.",
    "Tingling in my foot and a sore lower back since moving house.",
    "Thigh pain on and off for weeks, not sure what it is.",
    "My screening suggested seeing someone soon.",
    "Hamstring feels tight and sore after running, want a program.",
    "Back and leg pain, hard to sleep.",
)
LOG_COMMENTS = (
    "",
    "",
    "",
    "Felt easier today.",
    "A bit sore after the bridges.",
    "Skipped the last set, tired.",
    "Leg tingled during the glides.",
    "Walked further than last week.",
)

User = get_user_model()


def existing_counts() -> dict[str, int]:
    return {
        "screenings": Screening.objects.count(),
        "requests": AppointmentRequest.objects.count(),
        "patients": Patient.objects.count(),
    }


@contextmanager
def keep_given_dates(*fields: models.DateTimeField) -> Iterator[None]:
    """Let bulk_create store the dates we give instead of "now" for auto_now(_add) fields.

    Demo data needs dates spread over months; Django would overwrite them on insert.
    """
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    try:
        for field in fields:
            field.auto_now = field.auto_now_add = False
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Seeder:
    """Draws the rows from one random generator, so a seed gives the same data."""

    def __init__(self, rng: random.Random, *, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.today = timezone.localdate(now)
        self.clinicians = list(User.objects.filter(groups__name=CLINICIANS).order_by("pk"))
        self.front_desk = list(User.objects.filter(groups__name=FRONT_DESK).order_by("pk"))
        self._references: set[str] = set(
            AppointmentRequest.objects.values_list("reference", flat=True)
        )

    def run(self, *, screenings: int, requests: int, patients: int) -> dict[str, int]:
        patient_rows = self.create_patients(patients)
        screening_rows = self.create_screenings(screenings, patient_rows)
        request_rows, changes = self.create_requests(requests, screening_rows, patient_rows)
        programs, items, logs = self.create_programs(patient_rows)
        checkins = self.create_outcomes(HomeProgram.objects.filter(patient__in=patient_rows))
        return {
            "patients": len(patient_rows),
            "screenings": len(screening_rows),
            "requests": len(request_rows),
            "status changes": changes,
            "programs": programs,
            "program items": items,
            "session logs": logs,
            "outcome check-ins": checkins,
        }

    # -- helpers ------------------------------------------------------------------------------

    def token_hash(self) -> str:
        # Demo links are never shown, so the token itself is dropped: only its hash is stored,
        # as the services do. A fresh secret, not the seed's: the hashes are unique, and a
        # second run with the same seed (--add) must not repeat the first run's.
        return hash_token(secrets.token_hex(32))

    def past(self, max_days: int, min_days: int = 0) -> datetime:
        """A time between min_days and max_days ago, during opening hours-ish."""
        day = self.now - timedelta(days=self.rng.uniform(min_days, max_days))
        return day.replace(microsecond=0)

    def person(self) -> tuple[str, str, str]:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        number = self.rng.randrange(100, 10000)
        email = f"{first}.{last}{number}@example.com".lower()
        # E.164, as the forms store them; 555-0100 to 555-0199 are set aside for fiction.
        area = self.rng.choice(("314", "636", "618"))
        phone = f"+1{area}5550{self.rng.randrange(100, 200)}"
        return f"{first} {last}", email, phone

    def reference(self) -> str:
        while True:
            code = "".join(self.rng.choice(ALPHABET) for _ in range(REFERENCE_LENGTH))
            if code not in self._references:
                self._references.add(code)
                return code

    def staff(self, people: list) -> object | None:
        return self.rng.choice(people) if people else None

    # -- patients -----------------------------------------------------------------------------

    def create_patients(self, count: int) -> list[Patient]:
        rows = []
        for _ in range(count):
            name, email, phone = self.person()
            contact = self.rng.random()
            rows.append(
                Patient(
                    full_name=name,
                    email=email if contact < 0.85 else "",
                    phone=phone if contact > 0.3 else "",
                    date_of_birth=(
                        date(self.rng.randrange(1945, 2008), self.rng.randrange(1, 13), 1)
                        + timedelta(days=self.rng.randrange(28))
                        if self.rng.random() < 0.7
                        else None
                    ),
                    created_at=self.past(HISTORY_DAYS),
                    created_by=self.staff(self.clinicians),
                )
            )
        with keep_given_dates(Patient._meta.get_field("created_at")):
            return Patient.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    # -- screenings ---------------------------------------------------------------------------

    def answers(self) -> dict:
        """One patient's answers, drawn from a picture; every key may be left unanswered."""
        rng = self.rng
        picture = rng.choices(
            ("strain", "nerve", "mixed", "sparse"), weights=(40, 35, 15, 10), k=1
        )[0]
        nerve = {"nerve": 0.8, "strain": 0.15, "mixed": 0.7, "sparse": 0.4}[picture]
        strain = {"nerve": 0.1, "strain": 0.75, "mixed": 0.7, "sparse": 0.4}[picture]
        answered = 0.25 if picture == "sparse" else 0.9

        def yes_no(p_yes: float) -> bool | None:
            return None if rng.random() > answered else rng.random() < p_yes

        answers: dict = {}
        if rng.random() < answered:
            if strain > nerve or (picture == "mixed" and rng.random() < 0.5):
                answers["onset"] = rng.choices(("sudden", "gradual", "unsure"), (8, 1, 1))[0]
                answers["activity"] = rng.choice(
                    ("sprinting", "kicking_or_overstretching", "sprinting", "other")
                )
            else:
                answers["onset"] = rng.choices(
                    ("gradual", "woke_up", "sudden", "unsure"), (5, 3, 1, 1)
                )[0]
                answers["activity"] = rng.choice(("lifting_or_bending", "none", "other"))
        for key in ("back_pain", "buttock_pain", "numbness_tingling", "pain_below_knee"):
            answers[key] = yes_no(nerve)
        if answers.get("back_pain"):
            answers["leg_pain_worse_than_back"] = yes_no(0.6)
        for key in ("cough_sneeze_worse", "worse_sitting"):
            answers[key] = yes_no(nerve * 0.8)
        for key in ("felt_pop", "bruising", "resisted_knee_bend_pain"):
            answers[key] = yes_no(strain * (0.6 if key == "bruising" else 0.9))
        # About half try the guided self-test.
        if rng.random() < 0.5:
            answers["slump_reproduces_pain"] = yes_no(nerve)
            if answers.get("slump_reproduces_pain"):
                answers["slump_ankle_increases"] = yes_no(nerve)
                answers["slump_neck_eases"] = yes_no(nerve * 0.8)
        # The warning signs the questionnaire asks today; most people tick "None of these",
        # a few skip the step.
        flag_roll = rng.random()
        if flag_roll < 0.03:
            answers["red_flags"] = rng.sample(ASKED_EMERGENCY, k=rng.choice((1, 1, 2)))
        elif flag_roll < 0.09:
            answers["red_flags"] = rng.sample(ASKED_PROMPT, k=rng.choice((1, 1, 2)))
        elif flag_roll < 0.95:
            answers["red_flags"] = []
        if rng.random() < answered:
            answers["pain_now"] = min(10, max(0, round(rng.gauss(5, 2))))
        return validate_answers({key: value for key, value in answers.items() if value is not None})

    def create_screenings(self, count: int, patients: list[Patient]) -> list[Screening]:
        rows = []
        for _ in range(count):
            answers = self.answers()
            assessment = assess(answers)
            row = Screening(
                token_hash=self.token_hash(),
                created_at=self.past(HISTORY_DAYS),
                answers=answers,
                assessment=assessment.to_dict(),
                category=assessment.category,
                urgency=assessment.urgency,
                nerve_probability=round(assessment.nerve_probability, 3),
                model_version=assessment.model_version,
            )
            if self.rng.random() < 0.4:
                row.contact_name, row.contact_email, row.contact_phone = self.person()
            if patients and self.rng.random() < 0.2:
                row.patient = self.rng.choice(patients)
            if self.rng.random() < 0.3 and self.clinicians:
                row.reviewed_by = self.staff(self.clinicians)
                row.reviewed_at = row.created_at + timedelta(hours=self.rng.uniform(1, 72))
                row.review_note = self.rng.choice(("", "Seen, advice given.", "Call to book."))
            rows.append(row)
        with keep_given_dates(Screening._meta.get_field("created_at")):
            return Screening.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    # -- appointment requests -----------------------------------------------------------------

    def status_path(self) -> list[str]:
        """A realistic walk through the workflow, starting at "new"."""
        rng = self.rng
        path = [RequestStatus.NEW.value]
        while True:
            options = sorted(ALLOWED_TRANSITIONS[path[-1]])
            # Most requests move on; a share waits in "new" or "contacted".
            if not options or rng.random() < (0.25 if len(path) == 1 else 0.2):
                return path
            weights = {
                RequestStatus.CONTACTED: 6,
                RequestStatus.BOOKED: 6,
                RequestStatus.DECLINED: 1,
                RequestStatus.NO_RESPONSE: 2,
                RequestStatus.CANCELLED: 1,
            }
            path.append(rng.choices(options, [weights[o] for o in options])[0])
            if len(path) > 5:
                return path

    def create_requests(
        self, count: int, screenings: list[Screening], patients: list[Patient]
    ) -> tuple[list[AppointmentRequest], int]:
        rng = self.rng
        rows: list[AppointmentRequest] = []
        paths: list[list[str]] = []
        # A request follows its screening by minutes; each screening carries at most one request.
        available = list(screenings)
        rng.shuffle(available)
        for _ in range(count):
            screening = available.pop() if available and rng.random() < 0.6 else None
            if screening is not None:
                created_at = screening.created_at + timedelta(minutes=rng.uniform(2, 30))
            else:
                created_at = self.past(HISTORY_DAYS)
            name, email, phone = self.person()
            method = rng.choices(list(ContactMethod.values), (5, 2, 4))[0]
            has_email = method == ContactMethod.EMAIL or rng.random() < 0.6
            has_phone = method != ContactMethod.EMAIL or rng.random() < 0.5
            path = self.status_path()
            row = AppointmentRequest(
                reference=self.reference(),
                name=name,
                phone=phone if has_phone else "",
                email=email if has_email else "",
                contact_method=method,
                preferred_days=sorted(
                    rng.sample(list(PreferredDay.values), k=rng.randrange(0, 4)),
                    key=list(PreferredDay.values).index,
                ),
                preferred_times=sorted(
                    rng.sample(list(TimeOfDay.values), k=rng.randrange(0, 3)),
                    key=list(TimeOfDay.values).index,
                ),
                reason=rng.choice(REASONS),
                consent=True,
                screening=screening,
                urgency=screening.urgency if screening is not None else Urgency.NONE,
                status=path[-1],
                version=len(path),
                created_at=created_at,
                updated_at=created_at,
                submitter_hash=f"{rng.getrandbits(256):064x}",
            )
            if RequestStatus.BOOKED in path:
                # A weekday slot on the hour or half hour, one to three weeks after the request.
                day = timezone.localdate(created_at) + timedelta(days=rng.randrange(7, 21))
                if day.weekday() >= 5:
                    day += timedelta(days=7 - day.weekday())
                slot = time(rng.randrange(8, 17), rng.choice((0, 30)))
                row.appointment_at = timezone.make_aware(datetime.combine(day, slot))
                row.appointment_clinician = self.staff(self.clinicians)
                row.appointment_sequence = 1
            if path[-1] == RequestStatus.BOOKED and patients and rng.random() < 0.7:
                row.patient = rng.choice(patients)
            rows.append(row)
            paths.append(path)
        with keep_given_dates(AppointmentRequest._meta.get_field("updated_at")):
            rows = AppointmentRequest.objects.bulk_create(rows, batch_size=BATCH_SIZE)

        changes = []
        for row, path in zip(rows, paths, strict=True):
            at = row.created_at
            for from_status, to_status in pairwise(path):
                at += timedelta(hours=rng.uniform(1, 48))
                note = ""
                if to_status == RequestStatus.DECLINED:
                    note = rng.choice(("Duplicate request.", "Not something we treat here."))
                elif to_status == RequestStatus.CANCELLED:
                    note = rng.choice(("Patient is feeling better.", "Could not make the time."))
                elif rng.random() < 0.3:
                    note = rng.choice(("Left a voicemail.", "Called."))
                booked = to_status == RequestStatus.BOOKED
                changes.append(
                    StatusChange(
                        request=row,
                        from_status=from_status,
                        to_status=to_status,
                        note=note,
                        changed_by=self.staff(self.front_desk),
                        changed_at=at,
                        appointment_at=row.appointment_at if booked else None,
                        appointment_with=row.appointment_with if booked else "",
                    )
                )
        StatusChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
        return rows, len(changes)

    # -- home programs and logs ---------------------------------------------------------------

    def create_programs(
        self, patients: list[Patient], *, log_days: int | None = None
    ) -> tuple[int, int, int]:
        """Programs from the templates, with logs (only the last `log_days` days, if given)."""
        rng = self.rng
        templates = [
            (template, list(template.items.all()))
            for template in ProgramTemplate.objects.prefetch_related("items__exercise").order_by(
                "pk"
            )
        ]
        templates = [(template, items) for template, items in templates if items]
        if not templates or not patients:
            return 0, 0, 0
        programs: list[HomeProgram] = []
        for patient in patients:
            # Most patients have one program, some a second one after the first ended.
            for _ in range(rng.choices((1, 2), (4, 1))[0]):
                template, _items = rng.choice(templates)
                start = self.today - timedelta(days=rng.randrange(0, PROGRAM_START_DAYS))
                end = start + timedelta(weeks=rng.choice((4, 6, 8))) if rng.random() < 0.6 else None
                created_at = timezone.make_aware(
                    datetime.combine(start, datetime.min.time())
                ) - timedelta(hours=rng.uniform(1, 48))
                program = HomeProgram(
                    patient=patient,
                    title=template.name,
                    source_template=template,
                    start_date=start,
                    end_date=end,
                    created_at=created_at,
                    created_by=self.staff(self.clinicians),
                    token_hash=self.token_hash(),
                    token_issued_at=created_at,
                    link_revoked_at=(
                        created_at + timedelta(days=3) if rng.random() < 0.05 else None
                    ),
                )
                program.measures_due_on = start if program.link_is_usable(self.today) else None
                programs.append(program)
        with keep_given_dates(HomeProgram._meta.get_field("created_at")):
            programs = HomeProgram.objects.bulk_create(programs, batch_size=BATCH_SIZE)

        template_items = {template.pk: items for template, items in templates}
        dose_fields = changes.DOSE_FIELDS
        versions = []
        for program in programs:
            rows = template_items[program.source_template_id]
            times, days = adherence.busiest((i.times_per_day, i.days_per_week) for i in rows)
            versions.append(
                ProgramVersion(
                    program=program,
                    number=1,
                    kind="assigned",
                    created_at=program.created_at,
                    created_by=program.created_by,
                    items=[
                        changes.snapshot(
                            exercise_id=item.exercise_id,
                            name=item.exercise.name,
                            note=item.note,
                            **{field: getattr(item, field) for field in dose_fields},
                        )
                        for item in rows
                    ],
                    times_per_day=times,
                    days_per_week=days,
                )
            )
        versions = ProgramVersion.objects.bulk_create(versions, batch_size=BATCH_SIZE)

        items: list[ProgramItem] = []
        logs: list[SessionLog] = []
        for program, version in zip(programs, versions, strict=True):
            program_items = [
                ProgramItem(
                    program=program,
                    exercise=item.exercise,
                    position=position,
                    note=item.note,
                    dose_since=program.start_date,
                    **{field: getattr(item, field) for field in dose_fields},
                )
                for position, item in enumerate(template_items[program.source_template_id], 1)
            ]
            program_logs = self.logs_for(program, log_days=log_days)
            for log in program_logs:
                log.version = version
            self.store_flags(program, program_items, program_logs)
            items.extend(program_items)
            logs.extend(program_logs)
        ProgramItem.objects.bulk_create(items, batch_size=BATCH_SIZE)
        SessionLog.objects.bulk_create(logs, batch_size=BATCH_SIZE)
        HomeProgram.objects.bulk_update(
            programs,
            [
                "baseline_pain",
                "baseline_until",
                "flags",
                "flagged_at",
                "ready_to_progress_at",
                "last_logged_at",
            ],
            batch_size=BATCH_SIZE,
        )
        return len(programs), len(items), len(logs)

    def create_outcomes(self, programs) -> int:
        """Outcome sittings for most programs: a baseline on the first day, then one every two
        weeks to today or the end; most improve, some do not (marked for review, as
        outcomes.services would mark them, by the same scoring rules)."""
        rng = self.rng
        activities = (
            "Walking to the bus",
            "Climbing stairs",
            "Sitting through a meeting",
            "Running",
            "Putting on socks",
            "Playing with the kids",
        )
        sittings: list[tuple[HomeProgram, list[CheckIn]]] = []
        for program in programs:
            if program.start_date >= self.today or rng.random() < 0.2:
                continue
            last = min(self.today, program.end_date) if program.end_date else self.today
            named = rng.sample(activities, 3)
            lefs, psfs, pain = rng.randrange(20, 50), rng.randrange(1, 5), rng.randrange(4, 9)
            # Most gain about 5 LEFS points a fortnight; some stall or slip.
            gain = rng.choice((5, 6, 4, 1, -2))
            rows = []
            day = program.start_date
            while day <= last:
                answers = [min(4, max(0, (lefs - 4 * i))) for i in range(20)]
                ratings = [min(10, max(0, psfs + rng.randrange(-1, 2))) for _ in named]
                rows.append(
                    CheckIn(
                        program=program,
                        is_baseline=not rows,
                        taken_at=timezone.make_aware(
                            datetime.combine(day, datetime.min.time()) + timedelta(hours=10)
                        ),
                        taken_on=day,
                        lefs_answers=answers,
                        lefs_total=sum(answers),
                        psfs_activities=named,
                        psfs_scores=ratings,
                        psfs_mean=round(sum(ratings) / len(ratings), 2),
                        pain=pain,
                    )
                )
                lefs = min(80, max(0, lefs + gain + rng.randrange(-2, 3)))
                psfs = min(10, max(0, psfs + (1 if gain > 3 else 0)))
                pain = min(10, max(0, pain - (1 if gain > 3 else 0)))
                day += timedelta(days=scoring.CHECK_IN_INTERVAL_DAYS)
            sittings.append((program, rows))
        CheckIn.objects.bulk_create(
            [row for _program, rows in sittings for row in rows], batch_size=BATCH_SIZE
        )
        tracks = []
        for program, rows in sittings:
            baseline, latest = rows[0], rows[-1]
            reason = None
            # A program that has ended is off the review worklist (close_ended_reviews).
            if latest is not baseline and not (program.end_date and program.end_date < self.today):
                reason = scoring.review_reason(
                    scoring.compare(baseline.scores, latest.scores),
                    days_since_baseline=(latest.taken_on - baseline.taken_on).days,
                )
            tracks.append(
                OutcomeTrack(
                    program=program,
                    baseline=baseline,
                    latest=latest,
                    next_due_on=latest.taken_on + timedelta(days=scoring.CHECK_IN_INTERVAL_DAYS),
                    review_reason=reason or "",
                    review_since=latest.taken_on if reason else None,
                )
            )
        OutcomeTrack.objects.bulk_create(tracks, batch_size=BATCH_SIZE)
        for track in tracks:
            if track.program.measures_due_on is not None:
                track.program.measures_due_on = track.next_due_on
        HomeProgram.objects.bulk_update(
            [track.program for track in tracks], ["measures_due_on"], batch_size=BATCH_SIZE
        )
        return sum(len(rows) for _program, rows in sittings)

    def store_flags(self, program: HomeProgram, items: list, logs: list[SessionLog]) -> None:
        """What the services store at each log: advice per log, baseline, flags, readiness."""
        marked = safety.with_spikes(selectors.log_entries(logs))
        spikes = {(entry.day, entry.logged_at): entry.pain_spike for entry in marked}
        for log in logs:
            log.alerts = [
                code
                for code, raised in (
                    ("pain_spike", spikes[(log.logged_on, log.logged_at)]),
                    ("tingling_spread", log.tingling_spread),
                )
                if raised
            ]
        usual = safety.baseline(marked)
        program.baseline_pain = usual.pain if usual else None
        program.baseline_until = usual.until if usual else None
        evaluation = selectors.evaluate(program, items=items, logs=logs, today=self.today)
        program.flags = evaluation.flags
        last = max((log.logged_at for log in logs), default=None)
        program.last_logged_at = last
        program.flagged_at = (last or self.now) if evaluation.flags else None
        program.ready_to_progress_at = self.now if evaluation.ready_to_progress else None

    def logs_for(self, program: HomeProgram, *, log_days: int | None = None) -> list[SessionLog]:
        """Sessions from the start to the end (or today), with a pain curve for the program."""
        rng = self.rng
        last = min(self.today, program.end_date) if program.end_date else self.today
        days = (last - program.start_date).days + 1
        if days <= 0:
            return []
        adherence = rng.choice((0.2, 0.5, 0.7, 0.9))
        pain = rng.uniform(3, 8)
        # Most improve; some get worse, which raises the pain flag on the staff home.
        drift = rng.choice((-0.08, -0.05, -0.03, 0.0, 0.12))
        spreads = rng.random() < 0.05
        logs = []
        for offset in range(days):
            pain = min(10.0, max(0.0, pain + drift + rng.gauss(0, 0.4)))
            if rng.random() > adherence:
                continue
            day = program.start_date + timedelta(days=offset)
            if log_days is not None and (self.today - day).days >= log_days:
                continue
            logged_at = timezone.make_aware(
                datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.uniform(7, 22))
            )
            if logged_at > self.now:
                continue
            logs.append(
                SessionLog(
                    program=program,
                    logged_at=logged_at,
                    logged_on=day,
                    pain=round(pain),
                    tingling_spread=spreads and offset >= days - 10 and rng.random() < 0.3,
                    comment=rng.choice(LOG_COMMENTS),
                )
            )
        return logs
