"""The flag rules, the baseline and the log-time advice: plain arithmetic, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from exercises import flags, safety
from exercises.adherence import LogEntry
from exercises.codes import FlagReason as F

TODAY = date(2026, 3, 28)


def day(n: int) -> date:
    return TODAY - timedelta(days=n)


def log(days_ago: int, pain: int = 3, tingling: bool = False, at: datetime | None = None):
    return LogEntry(day=day(days_ago), pain=pain, tingling_spread=tingling, logged_at=at)


def state(start_days_ago=60, end=None, baseline=None, followed_up_at=None):
    usual = safety.Baseline(pain=baseline, until=day(50)) if baseline is not None else None
    return flags.ProgramState(
        start=day(start_days_ago),
        end=end,
        baseline=usual,
        followed_up_at=followed_up_at,
        followed_up_on=followed_up_at.date() if followed_up_at else None,
    )


def evaluate(logs, **kwargs):
    return flags.evaluate(logs, state(**kwargs), today=TODAY)


# Baseline and advice ---


def test_the_baseline_is_the_median_of_the_first_seven_days_of_logging():
    logs = [log(20, pain=6), log(18, pain=2), log(15, pain=4), log(14, pain=9), log(1, pain=1)]
    usual = safety.baseline(logs)
    assert usual.pain == 5  # median of 6, 2, 4, 9 (days 20 to 14); the later log is not in it
    assert usual.until == day(14)
    assert safety.baseline([]) is None


def test_a_log_calls_for_advice_on_spreading_tingling_or_high_or_much_higher_pain():
    usual = safety.Baseline(pain=3, until=day(10))
    assert safety.log_alerts(pain=5, tingling_spread=False, usual=usual) == []
    assert safety.log_alerts(pain=6, tingling_spread=False, usual=usual) == [F.PAIN_SPIKE]
    assert safety.log_alerts(pain=8, tingling_spread=False, usual=None) == [F.PAIN_SPIKE]
    assert safety.log_alerts(pain=7, tingling_spread=False, usual=None) == []
    assert safety.log_alerts(pain=1, tingling_spread=True, usual=usual) == [F.TINGLING_SPREAD]


# Each rule ---


def test_nothing_is_flagged_for_calm_regular_logs():
    assert evaluate([log(n, pain=3) for n in range(14)], baseline=3) == []


def test_a_pain_spike_in_the_last_7_days():
    assert evaluate([log(6, pain=8)]) == [F.PAIN_SPIKE]
    assert evaluate([log(7, pain=8), log(0, pain=2)]) == []
    assert evaluate([log(2, pain=6), log(1, pain=3)], baseline=3) == [F.PAIN_SPIKE]


def test_spreading_tingling_in_the_last_14_days():
    assert evaluate([log(13, tingling=True), log(0)]) == [F.TINGLING_SPREAD]
    assert evaluate([log(14, tingling=True), log(0)]) == []


def test_sustained_high_pain_needs_three_days_all_at_7_or_more():
    high = [log(0, pain=7), log(2, pain=7), log(5, pain=7)]
    assert F.SUSTAINED_HIGH_PAIN in evaluate(high, baseline=6)
    assert F.SUSTAINED_HIGH_PAIN not in evaluate([*high, log(3, pain=6)], baseline=6)
    assert F.SUSTAINED_HIGH_PAIN not in evaluate(high[:2], baseline=6)


def test_a_rise_of_two_points_on_the_week_before():
    assert evaluate([log(2, pain=6), log(9, pain=4)], baseline=5) == [F.PAIN_RISE]
    assert evaluate([log(2, pain=5), log(9, pain=4), log(10, pain=3)], baseline=5) == []
    assert evaluate([log(6, pain=6), log(7, pain=4)], baseline=5) == [F.PAIN_RISE]
    assert evaluate([log(7, pain=6), log(13, pain=4)], baseline=5) == [F.NO_LOGS]


def test_a_worsening_trend_over_two_weeks():
    rising = [log(13, pain=2), log(10, pain=3), log(6, pain=3), log(1, pain=4)]
    assert evaluate(rising, baseline=3) == [F.WORSENING_TREND]
    flat = [log(13, pain=3), log(10, pain=3), log(6, pain=3), log(1, pain=4)]
    assert evaluate(flat, baseline=3) == []


def test_no_logs_for_seven_days_of_a_running_program():
    assert evaluate([log(7)]) == [F.NO_LOGS]
    assert evaluate([log(6)]) == []
    assert evaluate([], start_days_ago=5) == []  # not running for a whole week yet
    assert evaluate([], start_days_ago=6) == [F.NO_LOGS]
    assert evaluate([], start_days_ago=30, end=day(1)) == []  # ended


def test_no_flags_a_week_after_the_end():
    assert evaluate([log(9, tingling=True)], end=day(7)) == [F.TINGLING_SPREAD]
    assert evaluate([log(9, tingling=True)], end=day(8)) == []


def test_a_follow_up_clears_flags_until_a_newer_log():
    seen = datetime(2026, 3, 27, 18, 0, tzinfo=UTC)
    before = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    after = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
    old = [log(1, pain=8, tingling=True, at=before), log(8, pain=2, at=before)]
    assert evaluate(old, followed_up_at=seen) == []
    newer = [*old, log(0, pain=8, tingling=True, at=after)]
    assert evaluate(newer, followed_up_at=seen) == [F.PAIN_SPIKE, F.TINGLING_SPREAD, F.PAIN_RISE]


def test_a_follow_up_gives_seven_quiet_days_before_no_logs_again():
    seen = datetime(2026, 3, 25, 18, 0, tzinfo=UTC)
    assert evaluate([log(20)], followed_up_at=seen) == []
    later = datetime(2026, 3, 21, 18, 0, tzinfo=UTC)  # 7 days ago
    assert evaluate([log(20)], followed_up_at=later) == [F.NO_LOGS]


def test_several_flags_come_in_a_stable_order():
    logs = [log(1, pain=9, tingling=True), log(8, pain=2)]
    assert evaluate(logs) == [F.PAIN_SPIKE, F.TINGLING_SPREAD, F.PAIN_RISE]


# Properties over random histories ---

histories = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 10), st.booleans()), max_size=40
).map(lambda rows: [log(d, pain=p, tingling=t) for d, p, t in rows])


@settings(max_examples=200, deadline=None)
@given(histories)
def test_flags_are_unique_known_codes_in_order(logs):
    raised = evaluate(logs, baseline=4)
    assert raised == [code for code in F.values if code in raised]


@settings(max_examples=200, deadline=None)
@given(histories)
def test_logs_older_than_the_lookback_change_nothing(logs):
    recent = [entry for entry in logs if (TODAY - entry.day).days < flags.LOOKBACK_DAYS]
    assert evaluate(logs, baseline=4) == evaluate(recent, baseline=4)


@settings(max_examples=200, deadline=None)
@given(histories)
def test_spreading_tingling_in_the_window_always_flags(logs):
    tingled = any(entry.tingling_spread and (TODAY - entry.day).days < 14 for entry in logs)
    assert (F.TINGLING_SPREAD in evaluate(logs)) == tingled
