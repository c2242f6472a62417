"""Journeys of a running home program: a clinician changes it and applies a progression; the
patient logs a worrying session on a phone and is told at once what to do; Today at 390 px."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exercises import services
from exercises.models import Exercise
from tests.e2e.pages import field, log_in
from tests.factories import PatientFactory, SessionLogFactory, clinician

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def running_program(name: str, *, started_days_ago: int = 0):
    """A hip hinge and glute bridge program, assigned through the service; its link."""
    hinge = Exercise.objects.get(slug="hip-hinge")
    stretch = Exercise.objects.get(slug="kneeling-hip-flexor-stretch")
    assigned = services.home_program_assign(
        patient=PatientFactory(full_name=name, email="pat@example.com"),
        title="Hamstring strain - early",
        start_date=timezone.localdate() - timedelta(days=started_days_ago),
        end_date=None,
        items=[
            services.ItemInput(hinge, 2, 5, None, 1, 3),
            services.ItemInput(stretch, 3, None, 30, 2, 7),
        ],
        created_by=None,
    )
    return assigned.program, f"/program/{assigned.token}/"


def test_a_clinician_changes_a_live_program_and_the_patient_sees_it_on_the_same_link(
    page_checker,
):
    clinician(username="therapist-tess")
    program, link = running_program("Edda Change")

    patient = page_checker.new_page(phone=True)
    page_checker.visit(patient, link, "patient-before")
    expect(patient.locator("#exercise-1")).to_contain_text("2 sets of 5 repetitions")

    staff = page_checker.new_page()
    log_in(page_checker, staff, "therapist-tess")
    page_checker.visit(staff, f"/staff/programs/{program.pk}/", "program")
    with page_checker.navigation(staff, "edit"):
        staff.get_by_role("link", name="Change the program").click()
    rows = staff.locator(".item-row")
    rows.nth(0).get_by_label("Reps").fill("10")
    # Move the stretch above the hinge with its Up button (no typed numbers, no JavaScript).
    with page_checker.navigation(staff, "edit-moved"):
        staff.get_by_role("button", name=re.compile("move Kneeling hip flexor stretch up")).click()
    expect(staff.locator(".item-row").nth(0).get_by_label("Exercise")).to_have_value(
        str(Exercise.objects.get(slug="kneeling-hip-flexor-stretch").pk)
    )
    expect(staff.locator(".item-row").nth(1).get_by_label("Reps")).to_have_value("10")
    field(staff, "Note to the patient (optional)").fill("Go slowly on the way down.")
    with page_checker.navigation(staff, "edited"):
        staff.get_by_role("button", name="Save the changes as a new version").click()
    expect(
        staff.get_by_text("Saved as version 2. The patient's link stays the same.")
    ).to_be_visible()
    versions = staff.get_by_role("region", name="Versions")
    expect(versions).to_contain_text("Version 2")
    expect(versions).to_contain_text("Hip hinge (straight-leg deadlift): now 10 repetitions")

    page_checker.visit(patient, link, "patient-after")
    changes = patient.get_by_role("region", name="What your therapist changed")
    expect(changes).to_contain_text("now 10 repetitions")
    expect(changes).to_contain_text("the exercises are in a new order")
    expect(patient.get_by_text("Go slowly on the way down.")).to_be_visible()
    expect(patient.get_by_role("heading", name="1. Kneeling hip flexor stretch")).to_be_visible()
    expect(patient.locator("#exercise-2")).to_contain_text("2 sets of 10 repetitions")


def test_a_clinician_applies_a_progression_suggestion(page_checker):
    clinician(username="therapist-pia")
    program, link = running_program("Paul Progress", started_days_ago=20)
    today = timezone.localdate()
    for days_ago in (20, 19, 18, 6, 4, 2):
        SessionLogFactory(program=program, logged_on=today - timedelta(days=days_ago), pain=2)
    for days_ago in range(7):  # the stretch is twice a day, every day
        for _ in range(2):
            SessionLogFactory(program=program, logged_on=today - timedelta(days=days_ago), pain=1)
    services._store_baseline(program)
    program.save()
    services.program_flags_refresh()

    staff = page_checker.new_page()
    log_in(page_checker, staff, "therapist-pia")
    page_checker.check(staff, "staff-home")
    ready = staff.get_by_role("region", name="Ready to progress")
    expect(ready).to_contain_text("Paul Progress")
    with page_checker.navigation(staff, "program"):
        ready.get_by_role("link", name=re.compile("Paul Progress")).click()
    suggestion = staff.get_by_role("region", name="Ready to progress")
    expect(suggestion).to_contain_text("Hip hinge (straight-leg deadlift): repetitions from 5 to 7")
    with page_checker.navigation(staff, "applied"):
        suggestion.get_by_role("button", name=re.compile("Apply")).click()
    expect(staff.get_by_text(re.compile("Saved as version 2: .*now 7 repetitions"))).to_be_visible()
    expect(staff.get_by_role("region", name="Ready to progress")).to_have_count(0)

    patient = page_checker.new_page(phone=True)
    page_checker.visit(patient, link, "patient-progressed")
    expect(patient.locator("#exercise-1")).to_contain_text("2 sets of 7 repetitions")


def test_spreading_tingling_gets_stop_and_call_advice_and_flags_the_program(page_checker):
    clinician(username="therapist-tom")
    link = running_program("Tina Tingle")[1]
    patient = page_checker.new_page(phone=True)
    page_checker.visit(patient, link, "patient-program")
    # The log form is one tap from the top.
    with _same_page():
        patient.get_by_role("link", name="Log today's session").first.click()
    log_box = patient.get_by_role("region", name="Did your exercises today?")
    expect(log_box).to_be_in_viewport()
    scale = log_box.get_by_role("group", name="How bad was your pain today?")
    # One row at 390 px: every segment's top is the same.
    tops = scale.locator("label").evaluate_all(
        "labels => labels.map(l => l.getBoundingClientRect().top)"
    )
    assert len(tops) == 11
    assert max(tops) - min(tops) < 1, tops
    boxes = scale.locator("label").evaluate_all(
        "labels => labels.map(l => [l.offsetWidth, l.offsetHeight])"
    )
    assert all(width >= 24 and height >= 44 for width, height in boxes), boxes
    scale.get_by_label("4", exact=True).check()
    log_box.get_by_role("group", name="Did tingling or numbness spread").get_by_label(
        "Yes", exact=True
    ).check()
    field(patient, "Did one exercise make it worse? (optional)").select_option(
        label="Hip hinge (straight-leg deadlift)"
    )
    with page_checker.navigation(patient, "patient-advice"):
        log_box.get_by_role("button", name="Save: done today").click()
    answer = patient.get_by_role("region", name="Stop the exercise that made it worse, and call us")
    expect(answer).to_be_visible()
    expect(answer).to_contain_text(
        "Stop doing this exercise for now: Hip hinge (straight-leg deadlift)"
    )
    call = answer.get_by_role("link", name="Call us: 555-0100")
    expect(call).to_have_attribute("href", "tel:5550100")
    expect(answer).to_be_in_viewport()

    staff = page_checker.new_page()
    log_in(page_checker, staff, "therapist-tom")
    page_checker.check(staff, "staff-home-flagged")
    flagged = staff.get_by_role("region", name="Programs that need attention")
    expect(flagged).to_contain_text("Tina Tingle")
    expect(flagged).to_contain_text("Reported spreading tingling or numbness")
    with page_checker.navigation(staff, "program-flagged"):
        flagged.get_by_role("link", name=re.compile("Tina Tingle")).click()
    expect(staff.get_by_role("heading", name="Needs attention")).to_be_visible()
    logs = staff.get_by_role("region", name="Logged sessions").first
    expect(logs).to_contain_text("(told to stop and call)")
    expect(logs).to_contain_text("Hip hinge (straight-leg deadlift)")


def test_today_shows_one_exercise_at_a_time_on_a_phone(page_checker):
    link = running_program("Theo Today")[1]
    patient = page_checker.new_page(phone=True)
    page_checker.visit(patient, link, "patient-program")
    with page_checker.navigation(patient, "today-1"):
        patient.get_by_role("link", name="Do today's exercises, one at a time").click()
    expect(patient.get_by_text("Exercise 1 of 2")).to_be_visible()
    expect(
        patient.get_by_role("heading", level=2, name="Hip hinge (straight-leg deadlift)")
    ).to_be_visible()
    expect(patient.get_by_role("link", name="Log today's session")).to_be_in_viewport()
    with page_checker.navigation(patient, "today-2"):
        patient.get_by_role("link", name="Next exercise").click()
    expect(patient.get_by_text("Exercise 2 of 2")).to_be_visible()
    expect(patient.get_by_text("Hold for 30 seconds each time.")).to_be_visible()
    timer = patient.get_by_role("button", name="Start a 30-second hold")
    timer.click()
    expect(patient.locator(".hold-timer__count")).to_contain_text("seconds left")
    patient.get_by_role("button", name="Stop the timer").click()
    # The page is no wider than the phone.
    assert patient.evaluate("document.documentElement.scrollWidth") <= 390
    with page_checker.navigation(patient, "today-done"):
        patient.get_by_role("link", name="All done: log today's session").click()
    assert patient.url.endswith("#log")


def test_the_chart_labels_are_at_least_12_px_on_a_phone(page_checker):
    program, link = running_program("Carla Chart", started_days_ago=30)
    for days_ago in range(0, 30, 2):
        SessionLogFactory(
            program=program, logged_on=timezone.localdate() - timedelta(days=days_ago)
        )
    patient = page_checker.new_page(phone=True)
    page_checker.visit(patient, link, "patient-chart")
    sizes = patient.locator(".chart__axis").evaluate_all(
        "labels => labels.map(l => l.getBoundingClientRect().height)"
    )
    assert sizes
    # The glyph box of a 12 px font is about 14 px high.
    assert min(sizes) >= 12 * 1.1, sizes
    assert patient.locator(".chart-table tbody tr").count() == 5  # program weeks, none before


class _same_page:
    """A click that scrolls within the page (no navigation to wait for)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
