"""The staff home's worklists: check-ins due, programs for review; a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.audit.models import AuditEvent
from clinic.models import Patient
from clinic.tokens import hash_token, new_token
from exercises.models import HomeProgram
from outcomes import scoring
from outcomes.models import CheckIn, OutcomeTrack
from outcomes.selectors import BASELINE, CHECK_IN, measures_due, programs_for_review
from tests.factories import (
    CheckInFactory,
    HomeProgramFactory,
    OutcomeTrackFactory,
    clinician,
    lefs_answers,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 1000


def _today():
    return timezone.localdate()


def test_a_running_program_without_a_baseline_is_due_from_its_start():
    today = _today()
    program = HomeProgramFactory(start_date=today - timedelta(days=3))
    HomeProgramFactory(start_date=today + timedelta(days=1))  # not started
    HomeProgramFactory(end_date=today - timedelta(days=1))  # ended
    revoked = HomeProgramFactory()
    revoked.link_revoked_at = timezone.now()
    revoked.save()
    count, rows = measures_due(today=today, limit=10)
    assert count == 1
    assert [(row.program, row.kind, row.due_on) for row in rows] == [
        (program, BASELINE, program.start_date)
    ]
    assert rows[0].days_overdue(today) == 3


def test_a_check_in_is_due_from_its_date_the_longest_overdue_first():
    today = _today()
    overdue = OutcomeTrackFactory(next_due_on=today - timedelta(days=5))
    due_today = OutcomeTrackFactory(next_due_on=today)
    OutcomeTrackFactory(next_due_on=today + timedelta(days=1))
    count, rows = measures_due(today=today, limit=1)
    assert count == 2
    assert [(row.program, row.kind) for row in rows] == [(overdue.program, CHECK_IN)]
    _count, rows = measures_due(today=today, limit=10)
    assert [row.program for row in rows] == [overdue.program, due_today.program]


def test_programs_marked_for_review_come_with_why_and_the_change():
    today = _today()
    track = OutcomeTrackFactory(
        review_since=today - timedelta(days=2), review_reason=scoring.REVIEW_NO_CHANGE
    )
    track.latest = CheckInFactory(program=track.program, lefs_total=44)
    track.save()
    OutcomeTrackFactory()  # not marked
    ended = OutcomeTrackFactory(review_since=today, review_reason=scoring.REVIEW_WORSE)
    ended.program.end_date = today - timedelta(days=1)
    ended.program.save()
    count, rows = programs_for_review(today=today, limit=10)
    assert count == 1
    [row] = rows
    assert row.program == track.program
    assert row.reason_label == "No meaningful change 4 weeks or more after the baseline"
    assert row.comparison.lefs.difference == 4
    assert row.comparison.overall == scoring.NO_CHANGE


def _grow(count: int) -> None:
    """`count` patients, each with a running program in one of the worklists' states, in bulk."""
    today = _today()
    patients = Patient.objects.bulk_create(
        Patient(full_name=f"Bulk Patient {i}", email=f"bulk{i}@example.org") for i in range(count)
    )
    programs = HomeProgram.objects.bulk_create(
        HomeProgram(
            patient=patient,
            title="Bulk program",
            start_date=today - timedelta(days=40),
            measures_due_on=today - timedelta(days=40),
            token_hash=hash_token(new_token()),
        )
        for patient in patients
    )
    # A third without a baseline, the rest with a baseline and one check-in; of those, half
    # due, and one in four marked for review.
    tracked = [program for i, program in enumerate(programs) if i % 3]
    baselines = CheckIn.objects.bulk_create(
        CheckIn(
            program=program,
            is_baseline=True,
            taken_at=timezone.now() - timedelta(days=30),
            taken_on=today - timedelta(days=30),
            lefs_answers=lefs_answers(40),
            lefs_total=40,
            psfs_activities=["Walking", "Stairs", "Sitting"],
            psfs_scores=[3, 3, 3],
            psfs_mean=3,
            pain=6,
        )
        for program in tracked
    )
    latest = CheckIn.objects.bulk_create(
        CheckIn(
            program=program,
            taken_at=timezone.now() - timedelta(days=2),
            taken_on=today - timedelta(days=2),
            lefs_answers=lefs_answers(42),
            lefs_total=42,
            psfs_activities=["Walking", "Stairs", "Sitting"],
            psfs_scores=[3, 4, 3],
            psfs_mean=3.33,
            pain=5,
        )
        for program in tracked
    )
    tracks = OutcomeTrack.objects.bulk_create(
        OutcomeTrack(
            program=program,
            baseline=base,
            latest=last,
            next_due_on=today + timedelta(days=-1 if i % 2 else 12),
            review_since=today - timedelta(days=2) if i % 4 == 0 else None,
            review_reason=scoring.REVIEW_NO_CHANGE if i % 4 == 0 else "",
        )
        for i, (program, base, last) in enumerate(zip(tracked, baselines, latest, strict=True))
    )
    for track in tracks:
        track.program.measures_due_on = track.next_due_on
    HomeProgram.objects.bulk_update(tracked, ["measures_due_on"])


def test_measures_due_costs_two_queries_with_10_or_1000_programs(django_assert_num_queries):
    # 1. COUNT of running programs due (their due date's index, at most 1,001 rows)
    # 2. the first rows in due order (the index), with their patients and track (JOINs)
    _grow(SMALL)
    with django_assert_num_queries(2):
        count, rows = measures_due(today=_today(), limit=10)
        [row.program.patient.full_name for row in rows]
    assert count > 0
    _grow(LARGE - SMALL)
    with django_assert_num_queries(2):
        count, rows = measures_due(today=_today(), limit=10)
        [row.program.patient.full_name for row in rows]
    assert len(rows) == 10
    assert count > 500


def test_programs_for_review_costs_two_queries_with_10_or_1000_programs(
    django_assert_num_queries,
):
    # 1. COUNT of marked tracks (partial index on review_since) of running programs
    # 2. the first rows with their program, patient, baseline and latest sittings (JOINs)
    _grow(SMALL)
    with django_assert_num_queries(2):
        count, rows = programs_for_review(today=_today(), limit=10)
        [(row.program.patient.full_name, row.comparison.overall) for row in rows]
    assert count > 0
    _grow(LARGE - SMALL)
    with django_assert_num_queries(2):
        count, rows = programs_for_review(today=_today(), limit=10)
        [(row.program.patient.full_name, row.comparison.overall) for row in rows]
    assert len(rows) == 10
    assert count > 100


def test_the_staff_home_links_to_every_measure_due_past_the_first_ten(client):
    therapist = clinician()
    client.force_login(therapist)
    for days in range(11):
        HomeProgramFactory(title=f"Program {days}", start_date=_today() - timedelta(days=days))
    html = client.get(reverse("staff:home")).content.decode()
    assert "See all 11 measures due" in html
    assert "Program 10" in html  # the longest overdue first
    assert "Program 0" not in html
    response = client.get(reverse("outcomes:measures_due"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "first measures (baseline), due" in html
    assert html.index("Program 10") < html.index("Program 0")
    assert AuditEvent.objects.filter(user=therapist, url_name="outcomes:measures_due").exists()


def test_the_review_list_pages_through_every_marked_program_with_why(client, settings):
    settings.PAGE_SIZE = 2
    today = _today()
    for days in (3, 2, 1):
        track = OutcomeTrackFactory(
            review_since=today - timedelta(days=days), review_reason=scoring.REVIEW_WORSE
        )
        track.program.title = f"Marked {days} days ago"
        track.program.save()
    client.force_login(clinician())
    first = client.get(reverse("outcomes:review_list")).content.decode()
    assert first.index("Marked 3 days ago") < first.index("Marked 2 days ago")
    assert "Marked 1 days ago" not in first
    assert "A measure is meaningfully worse than at the baseline" in first
    assert 'rel="next"' in first
    second = client.get(reverse("outcomes:review_list"), {"page": 2}).content.decode()
    assert "Marked 1 days ago" in second
    home = client.get(reverse("staff:home")).content.decode()
    assert "<strong>3</strong> programs to review" in home
    assert "See all" not in home.split('id="review-heading"')[1]  # three fit in the first ten
