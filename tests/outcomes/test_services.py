"""Recording sittings: the baseline, check-ins when due, the next date and the review mark."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from exercises.models import HomeProgram
from exercises.services import program_link_reissue, program_link_revoke
from outcomes import scoring
from outcomes.models import CheckIn, OutcomeTrack
from outcomes.services import Answers, checkin_record, outcome_review_done, outcome_reviews_close
from tests.factories import HomeProgramFactory, OutcomeTrackFactory, clinician, lefs_answers

pytestmark = pytest.mark.django_db

ACTIVITIES = ["Walking to the bus", "Climbing stairs", "Playing football"]


def answers(lefs: int = 40, psfs=(3, 3, 3), pain: int = 6, activities=()) -> Answers:
    return Answers(lefs=lefs_answers(lefs), psfs=list(psfs), pain=pain, activities=activities)


def at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))


@pytest.fixture
def program():
    return HomeProgramFactory(start_date=timezone.localdate() - timedelta(days=60))


def baseline(program, *, days_ago: int = 28, **kwargs):
    day = timezone.localdate() - timedelta(days=days_ago)
    return checkin_record(
        program=program,
        token=program.token,
        answers=answers(activities=ACTIVITIES, **kwargs),
        now=at(day),
    )


def test_the_first_sitting_is_the_baseline_with_the_named_activities(program):
    checkin = baseline(program, days_ago=0)
    assert checkin.is_baseline
    assert checkin.lefs_total == 40
    assert checkin.psfs_activities == ACTIVITIES
    assert str(checkin.psfs_mean) == "3.00"
    track = OutcomeTrack.objects.get(program=program)
    assert track.baseline == track.latest == checkin
    assert track.next_due_on == timezone.localdate() + timedelta(days=14)
    assert track.review_since is None


def test_the_baseline_needs_its_activities_named(program):
    with pytest.raises(ValidationError) as caught:
        checkin_record(
            program=program, token=program.token, answers=answers(activities=["", "a", "b"])
        )
    assert caught.value.code == "activity_blank"
    with pytest.raises(ValidationError) as caught:
        checkin_record(program=program, token=program.token, answers=answers(activities=["a", "b"]))
    assert caught.value.code == "psfs_activity_count"
    assert not CheckIn.objects.exists()


def test_activity_names_are_tidied_and_kept_short(program):
    with pytest.raises(ValidationError) as caught:
        checkin_record(
            program=program,
            token=program.token,
            answers=answers(activities=["x" * 81, "b", "c"]),
        )
    assert caught.value.code == "activity_too_long"
    checkin = checkin_record(
        program=program,
        token=program.token,
        answers=answers(activities=["  Walking \n to  the bus ", "b", "c"]),
    )
    assert checkin.psfs_activities[0] == "Walking to the bus"


def test_a_check_in_through_the_link_waits_until_it_is_due(program):
    baseline(program, days_ago=13)
    with pytest.raises(ValidationError) as caught:
        checkin_record(program=program, token=program.token, answers=answers())
    assert caught.value.code == "not_due"
    assert CheckIn.objects.count() == 1


def test_a_due_check_in_rates_the_baseline_activities_and_sets_the_next_date(program):
    baseline(program, days_ago=14)
    checkin = checkin_record(program=program, token=program.token, answers=answers(lefs=50))
    assert not checkin.is_baseline
    assert checkin.psfs_activities == ACTIVITIES
    track = OutcomeTrack.objects.get(program=program)
    assert track.latest == checkin
    assert track.next_due_on == timezone.localdate() + timedelta(days=14)


def test_a_clinician_may_record_a_sitting_at_any_visit(program):
    baseline(program, days_ago=3)
    therapist = clinician()
    checkin = checkin_record(program=program, answers=answers(), recorded_by=therapist)
    assert checkin.recorded_by == therapist


def test_a_clinician_records_the_baseline_at_assignment(program):
    therapist = clinician()
    checkin = checkin_record(
        program=program, answers=answers(activities=ACTIVITIES), recorded_by=therapist
    )
    assert checkin.is_baseline
    assert checkin.recorded_by == therapist


def test_no_meaningful_change_at_four_weeks_marks_the_program_for_review(program):
    baseline(program, days_ago=28)
    checkin_record(program=program, token=program.token, answers=answers(lefs=45, pain=5))
    track = OutcomeTrack.objects.get(program=program)
    assert track.review_reason == scoring.REVIEW_NO_CHANGE
    assert track.review_since == timezone.localdate()


def test_no_change_at_two_weeks_is_not_marked(program):
    baseline(program, days_ago=14)
    checkin_record(program=program, token=program.token, answers=answers(lefs=42))
    assert OutcomeTrack.objects.get(program=program).review_since is None


def test_a_meaningful_improvement_clears_the_mark(program):
    baseline(program, days_ago=42)
    checkin_record(
        program=program,
        token=program.token,
        answers=answers(lefs=41),
        now=at(timezone.localdate() - timedelta(days=14)),
    )
    assert OutcomeTrack.objects.get(program=program).review_since is not None
    checkin_record(program=program, token=program.token, answers=answers(lefs=52))
    track = OutcomeTrack.objects.get(program=program)
    assert track.review_since is None
    assert track.review_reason == ""


def test_a_worse_measure_marks_the_program_at_once(program):
    baseline(program, days_ago=14, pain=3)
    checkin_record(program=program, token=program.token, answers=answers(pain=6))
    assert OutcomeTrack.objects.get(program=program).review_reason == scoring.REVIEW_WORSE


def test_a_clinician_s_review_clears_the_mark_until_a_later_sitting(program):
    baseline(program, days_ago=42)
    checkin_record(
        program=program,
        token=program.token,
        answers=answers(),
        now=at(timezone.localdate() - timedelta(days=14)),
    )
    therapist = clinician()
    outcome_review_done(program=program, user=therapist)
    track = OutcomeTrack.objects.get(program=program)
    assert track.review_since is None
    assert track.reviewed_by == therapist
    checkin_record(program=program, token=program.token, answers=answers())
    track.refresh_from_db()
    assert track.review_since == timezone.localdate()


def test_a_revoked_or_replaced_link_stores_nothing(program):
    token = program.token
    program_link_reissue(program=program)
    with pytest.raises(ValidationError) as caught:
        checkin_record(program=program, token=token, answers=answers(activities=ACTIVITIES))
    assert caught.value.code == "link_unusable"
    other = HomeProgramFactory()
    program_link_revoke(program=other)
    with pytest.raises(ValidationError):
        checkin_record(program=other, token=other.token, answers=answers(activities=ACTIVITIES))
    assert not CheckIn.objects.exists()


def test_answers_that_do_not_score_store_nothing(program):
    bad = Answers(lefs=[2] * 19, psfs=[3, 3, 3], pain=6, activities=ACTIVITIES)
    with pytest.raises(ValidationError):
        checkin_record(program=program, token=program.token, answers=bad)
    with pytest.raises(ValidationError):
        checkin_record(
            program=program,
            token=program.token,
            answers=Answers(lefs=lefs_answers(40), psfs=[3, 3, 11], pain=6, activities=ACTIVITIES),
        )
    assert not CheckIn.objects.exists()
    assert not OutcomeTrack.objects.exists()


def test_deleting_a_patient_deletes_their_programs_measures(program):
    baseline(program, days_ago=14)
    checkin_record(program=program, token=program.token, answers=answers())
    program.patient.delete()
    assert not CheckIn.objects.exists()
    assert not OutcomeTrack.objects.exists()


def test_the_daily_close_clears_the_marks_of_programs_that_ended_only():
    today = timezone.localdate()
    running = OutcomeTrackFactory(
        review_since=today - timedelta(days=9), review_reason=scoring.REVIEW_WORSE
    )
    ending = OutcomeTrackFactory(
        review_since=today - timedelta(days=9), review_reason=scoring.REVIEW_WORSE
    )
    HomeProgram.objects.filter(pk=ending.program_id).update(end_date=today)
    out = StringIO()
    call_command("close_ended_reviews", stdout=out)  # today: `ending` still runs
    assert out.getvalue() == "Cleared the review mark of 0 programs that have ended.\n"
    assert outcome_reviews_close(now=timezone.now() + timedelta(days=1)) == 1
    ending.refresh_from_db()
    assert (ending.review_since, ending.review_reason) == (None, "")
    running.refresh_from_db()
    assert running.review_since == today - timedelta(days=9)
