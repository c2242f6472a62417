"""A program's stored due date (HomeProgram.measures_due_on, what the staff home's "measures due"
reads through its index) is the rule's answer after every write that can change it: the start
date until the baseline, then the track's next date; nothing once the link stops working."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from clinic.tokens import hash_token, new_token
from exercises import services
from exercises.models import Exercise, HomeProgram
from outcomes.models import OutcomeTrack
from outcomes.services import checkin_record
from tests.factories import PatientFactory
from tests.outcomes.test_services import ACTIVITIES, answers, at

pytestmark = pytest.mark.django_db


def expected(program: HomeProgram, today: date) -> date | None:
    """The rule, worked out from the rows."""
    if not program.link_is_usable(today):
        return None
    track = OutcomeTrack.objects.filter(program=program).first()
    return track.next_due_on if track else program.start_date


def stored(program: HomeProgram) -> date | None:
    program.refresh_from_db()
    return program.measures_due_on


def assigned(start_date: date, end_date: date | None = None):
    hinge = Exercise.objects.get(slug="hip-hinge")
    return services.home_program_assign(
        patient=PatientFactory(),
        title="Hinge",
        start_date=start_date,
        end_date=end_date,
        items=[services.ItemInput(hinge, 2, 5, None, 1, 3)],
        created_by=None,
    )


def edit(program: HomeProgram, *, end_date: date | None) -> None:
    program.refresh_from_db()
    hinge = Exercise.objects.get(slug="hip-hinge")
    services.home_program_edit(
        program=program,
        expected_version=program.version,
        title=program.title,
        end_date=end_date,
        note=f"Ends {end_date}",
        items=[services.ItemInput(hinge, 2, 5, None, 1, 3)],
        edited_by=None,
    )


def test_a_new_program_is_due_from_its_start_then_from_each_sitting():
    today = timezone.localdate()
    program = assigned(today - timedelta(days=20)).program
    assert stored(program) == today - timedelta(days=20)
    assert stored(program) == expected(program, today)
    checkin_record(
        program=program,
        answers=answers(activities=ACTIVITIES),
        recorded_by=None,
        now=at(today - timedelta(days=3)),
    )
    assert stored(program) == today + timedelta(days=11)
    assert stored(program) == expected(program, today)


def test_a_program_starting_later_is_stored_due_on_its_start_but_not_listed_yet():
    today = timezone.localdate()
    program = assigned(today + timedelta(days=2)).program
    assert stored(program) == today + timedelta(days=2)


def test_a_switched_off_link_takes_it_off_and_a_new_link_puts_it_back_where_it_was():
    today = timezone.localdate()
    program = assigned(today - timedelta(days=30)).program
    checkin_record(
        program=program, answers=answers(activities=ACTIVITIES), now=at(today - timedelta(days=20))
    )
    services.program_link_revoke(program=program)
    assert stored(program) is None
    services.program_link_reissue(program=program)
    assert stored(program) == today - timedelta(days=6)
    assert stored(program) == expected(program, today)


def test_an_edit_that_ends_or_reopens_the_program_moves_it():
    today = timezone.localdate()
    program = assigned(today - timedelta(days=30)).program
    edit(program, end_date=today - timedelta(days=1))
    assert stored(program) is None
    edit(program, end_date=today + timedelta(days=30))
    assert stored(program) == today - timedelta(days=30)
    assert stored(program) == expected(program, today)


def test_the_daily_refresh_takes_off_programs_that_ended_and_keeps_the_rest():
    today = timezone.localdate()
    running = assigned(today - timedelta(days=30)).program
    ending = assigned(today - timedelta(days=30), end_date=today).program
    # A day passes: `ending` ended yesterday.
    tomorrow = timezone.now() + timedelta(days=1)
    services.program_flags_refresh(now=tomorrow)
    assert stored(ending) is None
    assert stored(running) == today - timedelta(days=30)
    for program in (running, ending):
        assert stored(program) == expected(program, timezone.localdate(tomorrow))


# Serialized rollback: the data-migration content (groups, the exercise library) comes back
# after this test empties the tables, as the other transactional tests expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_fills_the_due_dates_of_programs_whose_link_works():
    before = [("exercises", "0011_program_list_order_index"), ("outcomes", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    patient = old.get_model("clinic", "Patient").objects.create(
        full_name="Old Record", email="old@example.org"
    )
    today = timezone.localdate()

    def program(title: str, **fields):
        return old.get_model("exercises", "HomeProgram").objects.create(
            patient=patient,
            title=title,
            start_date=today - timedelta(days=30),
            token_hash=hash_token(new_token()),
            **fields,
        )

    untracked, tracked = program("No baseline"), program("With a baseline")
    ended = program("Ended", end_date=today - timedelta(days=1))
    revoked = program("Switched off", link_revoked_at=timezone.now())
    baseline = old.get_model("outcomes", "CheckIn").objects.create(
        program=tracked,
        is_baseline=True,
        taken_at=timezone.now(),
        taken_on=today - timedelta(days=10),
        lefs_answers=[2] * 20,
        lefs_total=40,
        psfs_activities=ACTIVITIES,
        psfs_scores=[3, 3, 3],
        psfs_mean=3,
        pain=5,
    )
    old.get_model("outcomes", "OutcomeTrack").objects.create(
        program=tracked, baseline=baseline, latest=baseline, next_due_on=today + timedelta(days=4)
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    due = dict(
        HomeProgram.objects.filter(
            pk__in=[untracked.pk, tracked.pk, ended.pk, revoked.pk]
        ).values_list("title", "measures_due_on")
    )
    assert due == {
        "No baseline": today - timedelta(days=30),
        "With a baseline": today + timedelta(days=4),
        "Ended": None,
        "Switched off": None,
    }
