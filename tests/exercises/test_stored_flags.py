"""The flags stored at write time equal what the pure rules compute, rule by rule and over
random histories; the daily refresh keeps them so as time passes, and is idempotent."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises import adherence, flags, progression, safety, selectors, services
from exercises.codes import FlagReason as F
from exercises.models import Exercise, HomeProgram
from tests.factories import PatientFactory, clinician

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def new_program(start=START, end=None, reps=5) -> tuple[HomeProgram, str]:
    hinge = Exercise.objects.get(slug="hip-hinge")
    assigned = services.home_program_assign(
        patient=PatientFactory(),
        title="Hinge",
        start_date=start,
        end_date=end,
        items=[services.ItemInput(hinge, 2, reps, None, 1, 3)],
        created_by=None,
        now=noon(start) - timedelta(days=1),
    )
    return assigned.program, assigned.token


def pure(program: HomeProgram, today: date) -> tuple[list[str], bool, safety.Baseline | None]:
    """What the rules say, worked out from every log of the program (not the stored values)."""
    program.refresh_from_db()
    # Each log's pain advice worked out afresh from the history, not read from its row.
    entries = safety.with_spikes(
        [replace(entry, pain_spike=None) for entry in selectors.log_entries(program.logs.all())]
    )
    usual = safety.baseline(entries)
    followed = program.followed_up_at
    state = flags.ProgramState(
        start=program.start_date,
        end=program.end_date,
        followed_up_at=followed,
        followed_up_on=timezone.localdate(followed) if followed else None,
        baseline=usual,
    )
    raised = flags.evaluate(entries, state, today=today)
    items = list(program.items.select_related("exercise"))
    times, days = adherence.busiest((i.times_per_day, i.days_per_week) for i in items)
    ready = program.is_running(today) and bool(
        progression.suggestions(
            selectors.item_states(items),
            entries,
            today=today,
            usual=usual,
            times_per_day=times,
            days_per_week=days,
        )
    )
    return raised, ready and not raised, usual


def assert_stored_equals_pure(program: HomeProgram, today: date) -> None:
    raised, ready, usual = pure(program, today)
    assert program.flags == raised
    assert (program.flagged_at is not None) == bool(raised)
    assert (program.ready_to_progress_at is not None) == ready
    assert program.baseline_pain == (usual.pain if usual else None)


def log(program, token, day: date, pain: int, tingling=False):
    # Each log a minute after the one before, as in life: two logs never share an instant.
    later = program.logs.filter(logged_on=day).count()
    return services.session_log_append(
        program=program,
        token=token,
        pain=pain,
        tingling_spread=tingling,
        now=noon(day) + timedelta(minutes=later),
    )


def refresh(day: date):
    return services.program_flags_refresh(now=noon(day))


# One scenario per rule, through the services ------------------------------------------------

SCENARIOS = {
    F.PAIN_SPIKE: [(0, 2), (1, 2), (2, 5)],
    F.TINGLING_SPREAD: [(0, 3), (3, 3, True)],
    F.SUSTAINED_HIGH_PAIN: [(0, 7), (2, 8), (4, 7)],
    F.PAIN_RISE: [(0, 2), (2, 2), (9, 5)],
    F.WORSENING_TREND: [(0, 2), (3, 3), (7, 3), (12, 4)],
}


@pytest.mark.parametrize("reason", list(SCENARIOS))
def test_each_log_rule_is_stored_as_the_pure_rule_says(reason):
    program, token = new_program()
    for offset, pain, *tingling in SCENARIOS[reason]:
        log(program, token, START + timedelta(days=offset), pain, bool(tingling))
        program.refresh_from_db()
        assert_stored_equals_pure(program, START + timedelta(days=offset))
    assert reason in program.flags


def test_no_logs_is_raised_by_the_daily_refresh_and_cleared_by_a_log():
    program, token = new_program()
    log(program, token, START, 3)
    day = START + timedelta(days=7)
    refresh(day - timedelta(days=1))
    program.refresh_from_db()
    assert program.flags == []
    refresh(day)
    program.refresh_from_db()
    assert program.flags == [F.NO_LOGS]
    assert_stored_equals_pure(program, day)
    log(program, token, day, 3)
    program.refresh_from_db()
    assert program.flags == []


def test_flags_clear_a_week_after_the_program_ended():
    program, token = new_program(end=START + timedelta(days=10))
    log(program, token, START + timedelta(days=10), 3, tingling=True)
    refresh(START + timedelta(days=17))
    program.refresh_from_db()
    assert program.flags == [F.TINGLING_SPREAD]
    refresh(START + timedelta(days=18))
    program.refresh_from_db()
    assert program.flags == []
    assert_stored_equals_pure(program, START + timedelta(days=18))


def test_a_follow_up_clears_the_stored_flags_until_a_newer_log():
    program, token = new_program()
    log(program, token, START, 9, tingling=True)
    services.program_follow_up(
        program=program, user=clinician(), now=noon(START) + timedelta(hours=1)
    )
    program.refresh_from_db()
    assert program.flags == []
    log(program, token, START + timedelta(days=1), 9)
    program.refresh_from_db()
    assert program.flags == [F.PAIN_SPIKE]  # the tingling was before the follow-up
    assert_stored_equals_pure(program, START + timedelta(days=1))


def test_ready_to_progress_is_stored_after_a_full_pain_free_week():
    program, token = new_program()
    days = [0, 2, 4, 7, 9, 11, 14, 16, 18]
    for offset in days:
        log(program, token, START + timedelta(days=offset), 2)
    program.refresh_from_db()
    assert program.ready_to_progress_at is not None
    assert_stored_equals_pure(program, START + timedelta(days=18))
    # A week later with no more logs, the window has moved on: no longer ready.
    refresh(START + timedelta(days=25))
    program.refresh_from_db()
    assert program.ready_to_progress_at is None
    assert_stored_equals_pure(program, START + timedelta(days=25))


def test_the_refresh_is_idempotent_and_prints_counts_only(capsys):
    program, token = new_program(start=timezone.localdate() - timedelta(days=20))
    log(program, token, timezone.localdate() - timedelta(days=12), 4)
    out = StringIO()
    call_command("refresh_program_flags", stdout=out)
    first = out.getvalue()
    assert "Checked 1 programs, updated 1; 1 need attention, 0 are ready to progress." in first
    program.refresh_from_db()
    stamp = program.flagged_at
    out = StringIO()
    call_command("refresh_program_flags", stdout=out)
    assert "updated 0" in out.getvalue()
    program.refresh_from_db()
    assert program.flagged_at == stamp
    assert program.patient.full_name not in first


# Random histories ----------------------------------------------------------------------------


def _logs_per_day_allowed(rows) -> bool:
    """The service takes at most MAX_LOGS_PER_DAY logs a day (the first row's gap is 0 too)."""
    run = 0
    for gap, _pain, _tingling in rows:
        run = run + 1 if gap == 0 else 1
        if run > services.MAX_LOGS_PER_DAY:
            return False
    return True


history = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 10), st.booleans()),  # gap in days, pain, tingling
    min_size=1,
    max_size=14,
).filter(_logs_per_day_allowed)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history, st.integers(0, 20), st.booleans())
def test_stored_flags_equal_the_pure_rules_over_random_histories(rows, later, follow_up):
    program, token = new_program()
    day = START
    for gap, pain, tingling in rows:
        day += timedelta(days=gap)
        log(program, token, day, pain, tingling)
        program.refresh_from_db()
        assert_stored_equals_pure(program, day)
    if follow_up:
        services.program_follow_up(program=program, user=None, now=noon(day) + timedelta(hours=2))
        program.refresh_from_db()
        assert_stored_equals_pure(program, day)
    end = day + timedelta(days=later)
    refresh(end)
    program.refresh_from_db()
    assert_stored_equals_pure(program, end)
