"""Reads for outcome measures: a program's sittings against its baseline, and the worklists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet

from clinic.pagination import capped_count
from exercises.models import HomeProgram
from outcomes import scoring
from outcomes.instruments import REVIEW_LABELS
from outcomes.models import CheckIn, OutcomeTrack

BASELINE = "baseline"
CHECK_IN = "check_in"


@dataclass(frozen=True)
class Sitting:
    """One sitting with its change from the baseline (None for the baseline itself)."""

    checkin: CheckIn
    comparison: scoring.Comparison | None
    weeks: int  # whole weeks since the baseline

    @property
    def overall(self) -> str | None:
        return self.comparison.overall if self.comparison else None


def sittings(checkins: list[CheckIn]) -> list[Sitting]:
    """Each sitting (oldest first) compared with the first, the baseline."""
    if not checkins:
        return []
    baseline = checkins[0]
    return [
        Sitting(
            checkin=checkin,
            comparison=None
            if checkin is baseline
            else scoring.compare(baseline.scores, checkin.scores),
            weeks=(checkin.taken_on - baseline.taken_on).days // 7,
        )
        for checkin in checkins
    ]


def item_rows(labels, sittings: list[Sitting], answers) -> list[tuple[str, list[int]]]:
    """One row per item (an LEFS item, a PSFS activity): its answer at each sitting."""
    return [
        (label, [answers(sitting.checkin)[index] for sitting in sittings])
        for index, label in enumerate(labels)
    ]


def checkins_for_program(program_id: int) -> list[CheckIn]:
    """A program's sittings, the baseline first (one query)."""
    return list(
        CheckIn.objects.filter(program_id=program_id)
        .select_related("recorded_by")
        .order_by("-is_baseline", "taken_at", "id")
    )


def track_for_program(program_id: int) -> OutcomeTrack | None:
    """A program's track with its baseline sitting (one query), or None before the baseline."""
    return OutcomeTrack.objects.filter(program_id=program_id).select_related("baseline").first()


# Worklists for the staff home ---------------------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    """A program whose check-in is due: the baseline (never taken) or the next one."""

    program: HomeProgram  # with its patient
    due_on: date
    kind: str  # BASELINE or CHECK_IN

    def days_overdue(self, today: date) -> int:
        return (today - self.due_on).days


def _running(today: date) -> Q:
    """Programs the patient is following now, through a link that works."""
    return Q(link_revoked_at__isnull=True, start_date__lte=today) & (
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def due_programs(today: date) -> QuerySet[HomeProgram]:
    """Running programs whose check-in is due or overdue, the longest overdue first: an index
    scan of the programs' due dates (HomeProgram.measures_due_on), the start date until the
    baseline is taken, then the track's next date."""
    return (
        HomeProgram.objects.filter(_running(today), measures_due_on__lte=today)
        .annotate(baseline_id=F("outcome_track__baseline_id"))
        .select_related("patient")
        .order_by("measures_due_on", "id")
    )


def due_rows(programs) -> list[DueRow]:
    """`due_programs` rows as the worklists show them."""
    return [
        DueRow(
            program=program,
            due_on=program.measures_due_on,
            kind=CHECK_IN if program.baseline_id else BASELINE,
        )
        for program in programs
    ]


def measures_due(*, today: date, limit: int) -> tuple[int, list[DueRow]]:
    """The due programs' capped count and the first `limit` of them (two queries)."""
    programs = due_programs(today)
    return capped_count(programs), due_rows(programs[:limit])


@dataclass(frozen=True)
class ReviewRow:
    """A program marked for review, with why and the latest change from the baseline."""

    track: OutcomeTrack  # with its program, patient, baseline and latest sittings
    comparison: scoring.Comparison

    @property
    def program(self) -> HomeProgram:
        return self.track.program

    @property
    def reason_label(self) -> str:
        return str(REVIEW_LABELS.get(self.track.review_reason, ""))


def marked_tracks(today: date) -> QuerySet[OutcomeTrack]:
    """Tracks of running programs marked for review, the longest waiting first, with all that
    their rows show (the partial index on review_since; close_ended_reviews keeps the programs
    that ended out of it)."""
    return (
        OutcomeTrack.objects.filter(review_since__isnull=False)
        .filter(Q(program__end_date__isnull=True) | Q(program__end_date__gte=today))
        .select_related("program__patient", "baseline", "latest")
        .order_by("review_since", "program_id")
    )


def review_rows(tracks) -> list[ReviewRow]:
    """`marked_tracks` rows with their change from the baseline."""
    return [
        ReviewRow(
            track=track, comparison=scoring.compare(track.baseline.scores, track.latest.scores)
        )
        for track in tracks
    ]


def programs_for_review(*, today: date, limit: int) -> tuple[int, list[ReviewRow]]:
    """Programs whose measures show no meaningful change at four weeks (or got worse): a
    capped count and the first `limit` (two queries)."""
    tracks = marked_tracks(today)
    return capped_count(tracks), review_rows(tracks[:limit])
