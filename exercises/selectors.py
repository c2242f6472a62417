"""Reads for programs: rows in, the pure adherence arithmetic applied, a summary out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, F, FloatField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from clinic.tokens import hash_token
from exercises import adherence
from exercises.models import HomeProgram, ProgramItem, SessionLog

CHART_WEEKS = 6
# Enough history for the chart's weeks and the 28-day adherence.
HISTORY_DAYS = CHART_WEEKS * 7

FLAG_LABELS = {
    adherence.PAIN_RISE: _("Pain up by 2 or more points this week"),
    adherence.TINGLING_SPREAD: _("Reported spreading tingling or numbness"),
}


@dataclass(frozen=True)
class ProgramSummary:
    program: HomeProgram
    last_7_days: adherence.Adherence
    last_28_days: adherence.Adherence
    trend: adherence.PainTrend
    flags: tuple[str, ...]
    weeks: list[adherence.WeekSummary]

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAG_LABELS[code]) for code in self.flags]


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


def with_summary_data(queryset: QuerySet[HomeProgram], today: date) -> QuerySet[HomeProgram]:
    """Add the patient, the items' doses and the recent logs: three queries in all."""
    return queryset.select_related("patient").prefetch_related(
        Prefetch("items", queryset=ProgramItem.objects.order_by("position", "id")),
        recent_logs_prefetch(today),
    )


def log_entries(logs) -> list[adherence.LogEntry]:
    return [
        adherence.LogEntry(
            day=log.logged_on,
            pain=log.pain,
            tingling_spread=log.tingling_spread,
            logged_at=log.logged_at,
        )
        for log in logs
    ]


def summarize(program: HomeProgram, *, items, logs, today: date) -> ProgramSummary:
    schedule = adherence.schedule_from_doses(
        start=program.start_date,
        end=program.end_date,
        doses=[(item.times_per_day, item.days_per_week) for item in items],
    )
    entries = log_entries(logs)
    return ProgramSummary(
        program=program,
        last_7_days=adherence.adherence(schedule, entries, today=today, window_days=7),
        last_28_days=adherence.adherence(schedule, entries, today=today, window_days=28),
        trend=adherence.pain_trend(entries, today=today),
        flags=adherence.flags(entries, today=today, followed_up_at=program.followed_up_at),
        weeks=adherence.weekly_summaries(schedule, entries, today=today, weeks=CHART_WEEKS),
    )


def summarize_prefetched(program: HomeProgram, *, today: date) -> ProgramSummary:
    return summarize(program, items=program.items.all(), logs=program.recent_logs, today=today)


def flagged_programs(*, today: date) -> list[ProgramSummary]:
    """Running programs with a flag, most recent activity first (three queries).

    The database first narrows the programs down to those that may carry a flag (a spreading
    tingling log, or a weekly mean pain up by the rise threshold); only those are summarized,
    so the staff home costs the same with ten programs or ten thousand.
    """
    tingling_start = today - timedelta(days=adherence.TINGLING_LOOKBACK_DAYS - 1)
    recent_start = today - timedelta(days=adherence.WEEK - 1)
    previous_start = recent_start - timedelta(days=adherence.WEEK)
    pain = Cast("pain", FloatField())
    # One pass over the last two weeks' logs, with the same windows as adherence.flags: a
    # superset of the flagged programs (the epsilon absorbs float rounding; the follow-up rule
    # is left to adherence.flags).
    maybe_flagged = (
        SessionLog.objects.filter(
            logged_on__gte=min(tingling_start, previous_start), logged_on__lte=today
        )
        .order_by()
        .values("program")
        .annotate(
            tingling=Count("id", filter=Q(tingling_spread=True, logged_on__gte=tingling_start)),
            recent_pain=Avg(pain, filter=Q(logged_on__gte=recent_start)),
            previous_pain=Avg(
                pain, filter=Q(logged_on__gte=previous_start, logged_on__lt=recent_start)
            ),
        )
        .filter(
            Q(tingling__gt=0)
            | Q(recent_pain__gte=F("previous_pain") + (adherence.PAIN_RISE_POINTS - 1e-9))
        )
        .values("program")
    )
    candidates = with_summary_data(
        HomeProgram.objects.filter(pk__in=maybe_flagged).exclude(
            end_date__lt=today - timedelta(days=7)
        ),
        today,
    )
    summaries = [summarize_prefetched(program, today=today) for program in candidates]
    flagged = [summary for summary in summaries if summary.flags]
    flagged.sort(
        key=lambda s: max((log.logged_at for log in s.program.recent_logs), default=None),
        reverse=True,
    )
    return flagged


def program_summaries_for_patient(patient_id: int, *, today: date) -> list[ProgramSummary]:
    """A patient's programs, newest first, each with its adherence, trend and flags."""
    programs = with_summary_data(
        HomeProgram.objects.filter(patient_id=patient_id).order_by("-start_date", "-id"), today
    )
    return [summarize_prefetched(program, today=today) for program in programs]
