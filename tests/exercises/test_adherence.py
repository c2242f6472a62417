"""Adherence, pain trend and flags: plain arithmetic, no database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from exercises import adherence as a
from exercises.charts import weekly_chart

TODAY = date(2026, 3, 28)


def day(n: int) -> date:
    """n days before TODAY."""
    return TODAY - timedelta(days=n)


def log(days_ago: int, pain: int = 3, tingling: bool = False, at: datetime | None = None):
    return a.LogEntry(day=day(days_ago), pain=pain, tingling_spread=tingling, logged_at=at)


def schedule(times=1, days=7, start_days_ago=60, end=None, plans=()):
    start = day(start_days_ago)
    return a.schedule_from_versions(start=start, end=end, versions=[(start, times, days), *plans])


def weeks(sched, logs, today=TODAY):
    return a.program_weeks(sched, logs, today=today)


# Adherence, by program week ---


def test_nothing_is_due_on_day_one():
    result = weeks(schedule(start_days_ago=0), [])
    assert len(result) == 1
    assert result[0].adherence == a.Adherence(done=0, due=0, planned=7)
    assert result[0].adherence.percent is None


def test_a_session_on_day_one_is_all_that_was_due():
    result = weeks(schedule(start_days_ago=0), [log(0)])
    assert result[0].adherence.percent == 100


def test_two_logs_on_one_day_count_once_on_a_once_a_day_program():
    result = weeks(schedule(start_days_ago=2), [log(0), log(0)])
    # Day 3 of week 1: 2 sessions due (days 1 and 2), 1 counted.
    assert (result[0].adherence.done, result[0].adherence.due) == (1, 2)


def test_twice_a_day_counts_two_logs_a_day():
    result = weeks(schedule(times=2, start_days_ago=1), [log(0), log(0), log(0)])
    # Day 2: yesterday's two are due; today's two count as done ahead.
    assert (result[0].adherence.done, result[0].adherence.due) == (2, 2)


def test_no_weeks_before_the_start():
    assert weeks(schedule(start_days_ago=-3), []) == []
    result = weeks(schedule(start_days_ago=8), [])
    assert [w.number for w in result] == [1, 2]
    assert result[0].start == day(8)


def test_a_finished_week_counts_every_planned_session():
    logs = [log(n) for n in range(7, 12)]  # 5 of the 7 days of week 1
    result = weeks(schedule(start_days_ago=13), logs)
    first = result[0]
    assert (first.adherence.done, first.adherence.due, first.adherence.percent) == (5, 7, 71)


def test_a_three_day_week_is_not_behind_until_it_runs_short():
    sched = schedule(days=3, start_days_ago=3)  # day 4 of 7: 4 days left, 3 planned
    assert weeks(sched, [])[0].adherence.due == 0
    sched = schedule(days=3, start_days_ago=5)  # day 6: 2 days left
    assert weeks(sched, [])[0].adherence.due == 1


def test_a_week_counts_at_most_its_planned_sessions():
    logs = [log(n) for n in range(7, 14)]  # every day of a 3-day week
    first = weeks(schedule(days=3, start_days_ago=13), logs)[0]
    assert (first.adherence.done, first.adherence.due) == (3, 3)


def test_a_week_cut_short_by_the_end_date_plans_its_share():
    sched = schedule(days=7, start_days_ago=9, end=day(0))  # week 2 has 3 days
    last = weeks(sched, [], today=day(-5))[-1]
    assert (last.adherence.planned, last.adherence.due) == (3, 3)


def test_each_version_sets_its_weeks_rhythm():
    sched = schedule(times=1, days=7, start_days_ago=13, plans=[(day(3), 2, 7)])
    result = weeks(sched, [log(n) for n in range(14)])
    assert result[0].adherence.planned == 7
    assert result[1].adherence.planned == 14


def test_combined_weeks_add_up():
    result = weeks(schedule(start_days_ago=13), [log(n) for n in range(0, 14, 2)])
    total = a.combined(result)
    # Week 1: 3 of 7; week 2 (today is its last day, not yet due): 4 of 6.
    assert (total.done, total.due) == (7, 13)
    assert a.combined([]).share is None


def test_busiest_takes_the_highest_of_each():
    assert a.busiest([(1, 5), (2, 3), (1, 7)]) == (2, 7)
    assert a.busiest([]) == (0, 0)


def test_weekly_pain_is_the_mean_of_the_weeks_logs():
    result = weeks(schedule(start_days_ago=13), [log(0, pain=4), log(1, pain=6), log(8, pain=2)])
    assert [w.mean_pain for w in result] == [2, 5]


# Pain trend ---


def test_pain_trend_compares_this_week_with_last_week():
    logs = [log(1, pain=5), log(3, pain=7), log(8, pain=3), log(12, pain=5)]
    trend = a.pain_trend(logs, today=TODAY)
    assert (trend.recent_mean, trend.previous_mean, trend.change) == (6, 4, 2)


def test_pain_trend_needs_both_weeks():
    assert a.pain_trend([log(1, pain=9)], today=TODAY).change is None


# Chart geometry ---


def test_the_chart_puts_full_adherence_at_full_height_and_pain_on_a_0_10_scale():
    logs = [log(n, pain=10) for n in range(7, 14)]
    result = weeks(schedule(start_days_ago=13), logs)
    chart = weekly_chart(result)
    assert len(chart.bars) == 2
    full = chart.bars[0]
    assert full.y == pytest.approx(14)  # the top of the plot
    assert full.label == "100%"
    assert chart.points[0].y == pytest.approx(14)
    assert chart.bars[1].height == 0  # nothing logged in the second week


def test_the_chart_skips_weeks_without_pain_and_starts_with_the_program():
    result = weeks(schedule(start_days_ago=20), [log(0, pain=5)])
    chart = weekly_chart(result)
    assert len(chart.points) == 1
    assert len(chart.week_labels) == 3  # three program weeks, none before the start
