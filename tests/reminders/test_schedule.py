"""When reminders fall due: weekdays, a local time, time zones and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from reminders import schedule

NEW_YORK = ZoneInfo("America/New_York")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_next_slot_is_the_next_chosen_day_at_the_local_time():
    # Wednesday 2025-01-15, 12:00 in New York (UTC-5).
    now = datetime(2025, 1, 15, 12, 0, tzinfo=NEW_YORK)
    slot = schedule.next_slot(weekdays=[MON, FRI], send_time=time(18), zone=NEW_YORK, after=now)
    assert slot == utc(2025, 1, 17, 23, 0)  # Friday 18:00 EST


def test_today_counts_until_the_time_has_passed():
    zone = NEW_YORK
    before = datetime(2025, 1, 15, 17, 59, tzinfo=zone)
    at = datetime(2025, 1, 15, 18, 0, tzinfo=zone)
    assert schedule.next_slot(weekdays=[WED], send_time=time(18), zone=zone, after=before) == at
    # Strictly after: at 18:00 itself the next one is a week later.
    assert schedule.next_slot(weekdays=[WED], send_time=time(18), zone=zone, after=at) == datetime(
        2025, 1, 22, 18, 0, tzinfo=zone
    )


def test_no_day_chosen_means_no_slot():
    now = utc(2025, 1, 15, 12)
    assert schedule.next_slot(weekdays=[], send_time=time(18), zone=UTC, after=now) is None
    assert schedule.latest_slot(weekdays=[], send_time=time(18), zone=UTC, at_or_before=now) is None


def test_the_latest_slot_is_the_last_one_at_or_before_now():
    now = datetime(2025, 1, 15, 18, 10, tzinfo=NEW_YORK)  # Wednesday
    latest = schedule.latest_slot(
        weekdays=[MON, WED], send_time=time(18), zone=NEW_YORK, at_or_before=now
    )
    assert latest == datetime(2025, 1, 15, 18, 0, tzinfo=NEW_YORK)
    earlier = schedule.latest_slot(
        weekdays=[MON], send_time=time(18), zone=NEW_YORK, at_or_before=now
    )
    assert earlier == datetime(2025, 1, 13, 18, 0, tzinfo=NEW_YORK)


def test_the_local_time_holds_across_a_daylight_saving_change():
    # New York springs forward on Sunday 2025-03-09: 18:00 is 23:00 UTC before, 22:00 after.
    saturday = schedule.next_slot(
        weekdays=[SAT, MON],
        send_time=time(18),
        zone=NEW_YORK,
        after=utc(2025, 3, 8, 12),
    )
    assert saturday == utc(2025, 3, 8, 23)
    monday = schedule.next_slot(
        weekdays=[SAT, MON], send_time=time(18), zone=NEW_YORK, after=saturday
    )
    assert monday == utc(2025, 3, 10, 22)


def test_a_time_the_clock_skips_is_sent_once_just_after_the_gap():
    # 02:30 does not exist on 2025-03-09 in New York (02:00 -> 03:00).
    slot = schedule.next_slot(
        weekdays=[SUN], send_time=time(2, 30), zone=NEW_YORK, after=utc(2025, 3, 9, 0)
    )
    assert slot == utc(2025, 3, 9, 7, 30)  # 03:30 EDT
    assert slot.astimezone(NEW_YORK).date().isoformat() == "2025-03-09"
    following = schedule.next_slot(weekdays=[SUN], send_time=time(2, 30), zone=NEW_YORK, after=slot)
    assert following == datetime(2025, 3, 16, 2, 30, tzinfo=NEW_YORK)


def test_a_time_that_happens_twice_is_sent_once_at_the_first():
    # 01:30 happens twice on 2025-11-02 in New York (02:00 EDT -> 01:00 EST).
    slot = schedule.next_slot(
        weekdays=[SUN], send_time=time(1, 30), zone=NEW_YORK, after=utc(2025, 11, 2, 0)
    )
    assert slot == utc(2025, 11, 2, 5, 30)  # 01:30 EDT, the first
    following = schedule.next_slot(weekdays=[SUN], send_time=time(1, 30), zone=NEW_YORK, after=slot)
    assert following.astimezone(NEW_YORK).date().isoformat() == "2025-11-09"


def test_the_clinic_s_zone_decides_the_day():
    # 23:30 UTC on a Monday is already Tuesday 12:30 in Auckland (UTC+13).
    auckland = ZoneInfo("Pacific/Auckland")
    slot = schedule.next_slot(
        weekdays=[TUE], send_time=time(18), zone=auckland, after=utc(2025, 1, 13, 23, 30)
    )
    assert slot.astimezone(auckland) == datetime(2025, 1, 14, 18, 0, tzinfo=auckland)
    slot = schedule.next_slot(
        weekdays=[TUE], send_time=time(12), zone=auckland, after=utc(2025, 1, 13, 23, 30)
    )
    assert slot.astimezone(auckland) == datetime(2025, 1, 21, 12, 0, tzinfo=auckland)
