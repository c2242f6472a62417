"""Reads for programs: rows in, the pure rules applied, summaries and stored flags out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.paginator import Page
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from clinic.pagination import CappedPaginator
from clinic.tokens import hash_token
from exercises import adherence, flags, progression
from exercises.adherence import ProgramWeek
from exercises.codes import FlagReason
from exercises.models import HomeProgram, ProgramItem, ProgramVersion, SessionLog
from exercises.safety import Baseline

CHART_WEEKS = 6
# Enough history for the chart's program weeks (the current one may have begun 6 days ago).
HISTORY_DAYS = (CHART_WEEKS + 1) * adherence.WEEK
RECENT_WEEKS = 4


@dataclass(frozen=True)
class ProgramSummary:
    program: HomeProgram
    weeks: list[ProgramWeek]
    trend: adherence.PainTrend

    @property
    def this_week(self) -> ProgramWeek | None:
        return self.weeks[-1] if self.weeks else None

    @property
    def this_week_adherence(self) -> adherence.Adherence:
        return self.weeks[-1].adherence if self.weeks else adherence.NOTHING

    @property
    def recent_adherence(self) -> adherence.Adherence:
        return adherence.combined(self.weeks[-RECENT_WEEKS:])

    @property
    def chart_weeks(self) -> list[ProgramWeek]:
        return self.weeks[-CHART_WEEKS:]

    @property
    def flags(self) -> list[str]:
        return self.program.flags

    @property
    def flag_labels(self) -> list[str]:
        return self.program.flag_labels


@dataclass(frozen=True)
class Evaluation:
    """What the rules say about a program today: its flags and progression suggestions."""

    flags: list[str]
    suggestions: list[progression.Suggestion] = field(default_factory=list)

    @property
    def ready_to_progress(self) -> bool:
        # A warning comes first: no progression is suggested while a flag stands.
        return bool(self.suggestions) and not self.flags


def program_for_token(token: str, *, today: date) -> HomeProgram | None:
    """The program behind a patient link, or None for unknown, revoked and expired alike.

    Every case runs the same single query on the hash, so the answer time does not tell
    them apart.
    """
    # The hash is unique: no ORDER BY to build and plan on every visit.
    programs = HomeProgram.objects.filter(token_hash=hash_token(token)).order_by()[:1]
    program = next(iter(programs), None)
    if program is None or not program.link_is_usable(today):
        return None
    return program


def recent_logs_prefetch(today: date) -> Prefetch:
    return Prefetch(
        "logs",
        queryset=SessionLog.objects.filter(logged_on__gte=today - timedelta(days=HISTORY_DAYS)),
        to_attr="recent_logs",
    )


def versions_prefetch() -> Prefetch:
    """The versions' rhythms (for adherence), without their snapshots."""
    return Prefetch(
        "versions",
        queryset=ProgramVersion.objects.only(
            "id", "program_id", "number", "created_at", "times_per_day", "days_per_week"
        ).order_by("number"),
        to_attr="version_rhythms",
    )


def with_summary_data(queryset: QuerySet[HomeProgram], today: date) -> QuerySet[HomeProgram]:
    """Add the patient, the versions' rhythms and the recent logs: three queries in all."""
    return queryset.select_related("patient").prefetch_related(
        versions_prefetch(), recent_logs_prefetch(today)
    )


def log_entries(logs) -> list[adherence.LogEntry]:
    return [
        adherence.LogEntry(
            day=log.logged_on,
            pain=log.pain,
            tingling_spread=log.tingling_spread,
            logged_at=log.logged_at,
            pain_spike=FlagReason.PAIN_SPIKE in log.alerts,
        )
        for log in logs
    ]


def schedule_of(program: HomeProgram, versions) -> adherence.Schedule:
    """The program's schedule: each version's rhythm from the day it was made (the first from
    the start date)."""
    rhythms = []
    for version in versions:
        first_day = (
            program.start_date
            if version.number == 1
            else max(program.start_date, timezone.localdate(version.created_at))
        )
        rhythms.append((first_day, version.times_per_day, version.days_per_week))
    return adherence.schedule_from_versions(
        start=program.start_date, end=program.end_date, versions=rhythms
    )


def summarize(program: HomeProgram, *, versions, logs, today: date) -> ProgramSummary:
    entries = log_entries(logs)
    return ProgramSummary(
        program=program,
        weeks=adherence.program_weeks(schedule_of(program, versions), entries, today=today),
        trend=adherence.pain_trend(entries, today=today),
    )


def summarize_prefetched(program: HomeProgram, *, today: date) -> ProgramSummary:
    return summarize(
        program, versions=program.version_rhythms, logs=program.recent_logs, today=today
    )


def program_summaries_for_patient(patient_id: int, *, today: date) -> list[ProgramSummary]:
    """A patient's programs, newest first, each with its adherence and trend."""
    programs = with_summary_data(
        HomeProgram.objects.filter(patient_id=patient_id).order_by("-start_date", "-id"), today
    )
    return [summarize_prefetched(program, today=today) for program in programs]


# The rules, as stored at write time ----------------------------------------------------------


def stored_baseline(program: HomeProgram) -> Baseline | None:
    if program.baseline_pain is None or program.baseline_until is None:
        return None
    return Baseline(pain=program.baseline_pain, until=program.baseline_until)


def program_state(program: HomeProgram) -> flags.ProgramState:
    followed = program.followed_up_at
    return flags.ProgramState(
        start=program.start_date,
        end=program.end_date,
        followed_up_at=followed,
        followed_up_on=timezone.localdate(followed) if followed else None,
        baseline=stored_baseline(program),
    )


def lookback_logs(program: HomeProgram, *, today: date) -> list[SessionLog]:
    """The logs every rule reads (flags and progression): the last LOOKBACK_DAYS."""
    start = today - timedelta(days=flags.LOOKBACK_DAYS)
    return list(program.logs.filter(logged_on__gte=start).order_by("logged_at", "id"))


def current_items(program: HomeProgram) -> list[ProgramItem]:
    return list(program.items.select_related("exercise").order_by("position", "id"))


def item_states(items) -> list[progression.ItemState]:
    states = []
    for item in items:
        exercise = item.exercise
        rule = None
        if exercise.progress_by and exercise.progress_step and exercise.progress_max:
            rule = progression.Rule(
                progress_by=exercise.progress_by,
                step=exercise.progress_step,
                maximum=exercise.progress_max,
            )
        states.append(
            progression.ItemState(
                key=item.pk,
                exercise_name=exercise.name,
                dose=item.dose,
                dose_since=item.dose_since,
                rule=rule,
            )
        )
    return states


def evaluate(program: HomeProgram, *, items, logs, today: date) -> Evaluation:
    """The pure rules applied to a program's current items and recent logs."""
    entries = log_entries(logs)
    times, days = adherence.busiest((item.times_per_day, item.days_per_week) for item in items)
    state = program_state(program)
    raised = flags.evaluate(entries, state, today=today)
    found = []
    if flags.is_watched(state, today) and program.is_running(today):
        found = progression.suggestions(
            item_states(items),
            entries,
            today=today,
            usual=state.baseline,
            times_per_day=times,
            days_per_week=days,
        )
    return Evaluation(flags=raised, suggestions=found)


# The staff home and the flagged lists: stored flags, read through their partial indexes ------


def _flagged_rows(*, ready_to_progress: bool) -> QuerySet[HomeProgram]:
    if ready_to_progress:
        rows = HomeProgram.objects.filter(ready_to_progress_at__isnull=False).order_by(
            "-ready_to_progress_at", "-id"
        )
    else:
        rows = HomeProgram.objects.filter(flagged_at__isnull=False).order_by("-flagged_at", "-id")
    return rows.select_related("patient").only(
        "id",
        "title",
        "flags",
        "flagged_at",
        "ready_to_progress_at",
        "patient__id",
        "patient__full_name",
    )


def program_count() -> Coalesce:
    """A patient's number of home programs, for `Patient.objects.annotate(...)`: a subquery the
    database runs only for the rows it returns (a page), not a GROUP BY over every patient."""
    programs = (
        HomeProgram.objects.filter(patient=OuterRef("pk"))
        .order_by()
        .values("patient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(programs), 0)


def flagged_programs(*, ready_to_progress: bool = False) -> QuerySet:
    """The programs that need attention, as stored at write time, ready to page.

    Warnings (the default) are the programs with a stored flag, the most recently flagged
    first; with `ready_to_progress=True`, the programs whose logs meet their exercises'
    progression rules, the most recently ready first. Each row is a
    HomeProgram with its patient's name, `flags` (codes) and `flag_labels` (reasons in plain
    words). A page through clinic.pagination costs two queries (a capped COUNT, one page),
    whatever the number of programs.
    """
    return _flagged_rows(ready_to_progress=ready_to_progress)


def first_flagged_programs(*, per_page: int, ready_to_progress: bool = False) -> Page:
    """The first page of `flagged_programs`, for the staff home."""
    return CappedPaginator(flagged_programs(ready_to_progress=ready_to_progress), per_page).page(1)
