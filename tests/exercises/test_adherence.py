"""Adherence, pain trend and flags: plain arithmetic, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from exercises import adherence as a
from exercises.charts import weekly_chart

TODAY = date(2026, 3, 28)


def day(n: int) -> date:
    """n days before TODAY."""
    return TODAY - timedelta(days=n)


def log(days_ago: int, pain: int = 3, tingling: bool = False, at: datetime | None = None):
    return a.LogEntry(day=day(days_ago), pain=pain, tingling_spread=tingling, logged_at=at)


def schedule(times=1, days=7, start_days_ago=60, end=None):
    return a.Schedule(start=day(start_days_ago), end=end, times_per_day=times, days_per_week=days)


# Adherence ---


def test_it_is_full_when_every_day_is_logged():
    logs = [log(n) for n in range(7)]
    result = a.adherence(schedule(), logs, today=TODAY)
    assert (result.prescribed, result.logged, result.share) == (7, 7, 1.0)


def test_it_counts_prescribed_sessions_as_times_a_day_by_days_a_week():
    # Twice a day, 5 days a week, a full week: 10 sessions due; 5 logged = 50%.
    logs = [log(n) for n in range(5)]
    result = a.adherence(schedule(times=2, days=5), logs, today=TODAY)
    assert result.prescribed == 10
    assert result.percent == 50


def test_it_counts_at_most_times_a_day_logs_per_day():
    logs = [log(0)] * 9
    result = a.adherence(schedule(times=2, days=7), logs, today=TODAY)
    assert result.logged == 2
    assert result.prescribed == 14


def test_it_caps_the_share_at_100_percent():
    # 3 days a week but logged every day.
    result = a.adherence(schedule(days=3), [log(n) for n in range(7)], today=TODAY)
    assert result.logged == 7
    assert result.share == 1.0


def test_it_uses_28_days():
    logs = [log(n) for n in range(0, 28, 2)]  # every other day
    result = a.adherence(schedule(), logs, today=TODAY, window_days=28)
    assert (result.prescribed, result.logged, result.percent) == (28, 14, 50)


def test_it_ignores_logs_outside_the_window():
    result = a.adherence(schedule(), [log(7), log(30)], today=TODAY)
    assert result.logged == 0


def test_it_counts_only_days_since_the_start():
    # Started 2 days ago (3 active days), once a day every day: 3 due.
    result = a.adherence(schedule(start_days_ago=2), [log(0), log(1)], today=TODAY)
    assert result.active_days == 3
    assert result.prescribed == 3
    assert result.percent == 67


def test_it_stops_counting_after_the_end_date():
    result = a.adherence(schedule(end=day(4)), [log(5), log(6)], today=TODAY)
    assert result.active_days == 3
    assert result.logged == 2


def test_it_has_no_share_before_the_start():
    result = a.adherence(schedule(start_days_ago=-3), [], today=TODAY)
    assert result.prescribed == 0
    assert result.share is None
    assert result.percent is None


def test_schedule_follows_the_busiest_item():
    built = a.schedule_from_doses(start=TODAY, end=None, doses=[(1, 5), (2, 3), (1, 7)])
    assert (built.times_per_day, built.days_per_week) == (2, 7)


def test_a_schedule_without_items_prescribes_nothing():
    built = a.schedule_from_doses(start=day(10), end=None, doses=[])
    assert a.adherence(built, [log(0)], today=TODAY).share is None


# Pain trend and flags ---


def test_pain_trend_compares_this_week_with_last_week():
    logs = [log(1, pain=5), log(3, pain=7), log(8, pain=3), log(12, pain=5)]
    trend = a.pain_trend(logs, today=TODAY)
    assert (trend.recent_mean, trend.previous_mean, trend.change) == (6, 4, 2)


def test_pain_trend_needs_both_weeks():
    assert a.pain_trend([log(1, pain=9)], today=TODAY).change is None


def test_it_flags_a_rise_of_two_points():
    logs = [log(2, pain=6), log(9, pain=4)]
    assert a.flags(logs, today=TODAY) == (a.PAIN_RISE,)


def test_it_does_not_flag_a_rise_below_two_points():
    logs = [log(2, pain=5), log(9, pain=4), log(10, pain=3)]  # 5 vs 3.5 = +1.5
    assert a.flags(logs, today=TODAY) == ()


def test_it_does_not_flag_falling_pain():
    assert a.flags([log(2, pain=2), log(9, pain=6)], today=TODAY) == ()


def test_day_6_is_this_week_and_day_7_last_week():
    logs = [log(6, pain=6), log(7, pain=4)]
    assert a.flags(logs, today=TODAY) == (a.PAIN_RISE,)
    logs = [log(7, pain=6), log(13, pain=4)]
    assert a.flags(logs, today=TODAY) == ()


def test_it_flags_spreading_tingling_in_the_last_14_days():
    assert a.flags([log(13, tingling=True)], today=TODAY) == (a.TINGLING_SPREAD,)
    assert a.flags([log(14, tingling=True)], today=TODAY) == ()


def test_it_raises_both_flags_in_a_stable_order():
    logs = [log(1, pain=8, tingling=True), log(8, pain=2)]
    assert a.flags(logs, today=TODAY) == (a.PAIN_RISE, a.TINGLING_SPREAD)


def test_a_follow_up_clears_flags_until_a_newer_log():
    seen = datetime(2026, 3, 27, 18, 0, tzinfo=UTC)
    before = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    after = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
    old = [log(1, pain=8, tingling=True, at=before), log(8, pain=2, at=before)]
    assert a.flags(old, today=TODAY, followed_up_at=seen) == ()
    newer = [*old, log(0, pain=8, tingling=True, at=after)]
    assert a.flags(newer, today=TODAY, followed_up_at=seen) == (a.PAIN_RISE, a.TINGLING_SPREAD)


def test_weekly_summaries_run_oldest_first_and_end_today():
    weeks = a.weekly_summaries(schedule(), [log(0, pain=4), log(8, pain=6)], today=TODAY, weeks=3)
    assert [w.end for w in weeks] == [day(14), day(7), TODAY]
    assert [w.mean_pain for w in weeks] == [None, 6, 4]
    assert weeks[-1].adherence.logged == 1


# Chart geometry ---


def test_the_chart_puts_full_adherence_at_full_height_and_pain_on_a_0_10_scale():
    logs = [log(n, pain=10) for n in range(7)]
    weeks = a.weekly_summaries(schedule(), logs, today=TODAY, weeks=2)
    chart = weekly_chart(weeks)
    assert len(chart.bars) == 2
    full = chart.bars[-1]
    assert full.y == pytest.approx(16)  # the top of the plot
    assert full.label == "100%"
    assert chart.points[-1].y == pytest.approx(16)
    assert chart.bars[0].height == 0  # nothing logged in the first week


def test_the_chart_skips_weeks_without_pain():
    weeks = a.weekly_summaries(schedule(), [log(0, pain=5)], today=TODAY, weeks=4)
    chart = weekly_chart(weeks)
    assert len(chart.points) == 1
    assert len(chart.week_labels) == 4
