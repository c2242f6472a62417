from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from appointments.deadlines import answer_due, first_day_on_time

MONDAY = date(2026, 11, 30)
FRIDAY = MONDAY + timedelta(days=4)
SATURDAY = MONDAY + timedelta(days=5)


def test_it_counts_two_working_days_after_the_day_received():
    assert answer_due(MONDAY, 2) == MONDAY + timedelta(days=2)  # Wednesday
    assert answer_due(FRIDAY, 2) == FRIDAY + timedelta(days=4)  # Tuesday
    assert answer_due(SATURDAY, 2) == SATURDAY + timedelta(days=3)  # Tuesday
    assert answer_due(FRIDAY, 0) == FRIDAY


def test_it_finds_the_first_receiving_day_still_on_time():
    wednesday = MONDAY + timedelta(days=2)
    # On Wednesday, Monday's requests are due today: on time. Friday's were due Tuesday.
    assert first_day_on_time(wednesday, 2) == MONDAY
    # On Tuesday, everything from the Saturday before is due today.
    tuesday = MONDAY + timedelta(days=8)
    assert first_day_on_time(tuesday, 2) == FRIDAY
    # On the next Monday, Thursday's requests are due today; Wednesday's were due Friday.
    assert first_day_on_time(MONDAY + timedelta(days=7), 2) == MONDAY + timedelta(days=3)


@given(
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    working_days=st.integers(min_value=0, max_value=10),
    back=st.integers(min_value=0, max_value=40),
)
def test_a_request_is_overdue_exactly_when_its_answer_was_due_before_today(
    today, working_days, back
):
    received = today - timedelta(days=back)
    overdue = received < first_day_on_time(today, working_days)
    assert overdue == (answer_due(received, working_days) < today)
