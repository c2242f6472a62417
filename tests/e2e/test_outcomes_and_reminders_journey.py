"""Journey: a patient answers the outcome measures at the baseline and two weeks later, the
clinician sees the change against the MCID; the patient turns on email reminders and stops
them from the email's link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from exercises.models import Exercise
from exercises.services import ItemInput, home_program_assign
from outcomes.models import CheckIn, OutcomeTrack
from reminders.models import ReminderSubscription
from reminders.services import reminders_send_due
from tests.e2e.pages import field, log_in
from tests.factories import PatientFactory, clinician

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LEFS_ANSWERS = (
    "Extreme difficulty or unable to perform activity",
    "Quite a bit of difficulty",
    "Moderate difficulty",
    "A little bit of difficulty",
    "No difficulty",
)


def answer_check_in(page: Page, *, lefs: int, ratings: list[int], pain: int, activities=()):
    """LEFS: every item `lefs` (0-4); the PSFS ratings (naming the activities at the
    baseline); the pain rating."""
    for number in range(1, 21):
        item = page.get_by_role("group", name=re.compile(rf"^{number}\. "))
        item.get_by_label(LEFS_ANSWERS[lefs], exact=True).check()
    for number, rating in enumerate(ratings, start=1):
        if activities:
            field(page, f"Activity {number}").fill(activities[number - 1])
            group = page.get_by_role("group", name=f"How well can you do activity {number} today?")
        else:
            group = page.get_by_role(
                "group",
                name=re.compile(
                    r"^\s*"
                    + re.escape(CheckIn.objects.get(is_baseline=True).psfs_activities[number - 1])
                ),
            )
        group.get_by_label(str(rating), exact=True).check()
    page.get_by_role("group", name=re.compile("How bad has your pain been")).get_by_label(
        str(pain), exact=True
    ).check()


def test_outcome_measures_at_baseline_and_two_weeks_then_reminders_on_and_off(page_checker):
    clinician(username="therapist-olive", first_name="Olive")
    patient_record = PatientFactory(full_name="Dana Whitlock", email="dana.record@example.org")
    assigned = home_program_assign(
        patient=patient_record,
        title="Hamstring strain - early",
        start_date=timezone.localdate() - timedelta(days=1),
        end_date=None,
        items=[ItemInput(Exercise.objects.order_by("id").first(), 2, 10, None, 1, 5)],
        created_by=None,
    )
    program, link = assigned.program, f"/program/{assigned.token}/"

    # The patient opens their program on a phone and starts the check-in.
    patient = page_checker.new_page(phone=True)
    page_checker.visit(patient, link, "program")
    with page_checker.navigation(patient, "baseline-form"):
        patient.get_by_role("link", name=re.compile("Your check-in")).click()
    expect(patient.get_by_text("This is your first check-in.")).to_be_visible()
    # Sending it empty shows what is missing.
    with page_checker.navigation(patient, "baseline-errors"):
        patient.get_by_role("button", name="Save my answers").click()
    expect(patient.get_by_text("Some answers are missing.")).to_be_visible()
    answer_check_in(
        patient,
        lefs=1,  # 20 x 1 = 20 of 80
        ratings=[2, 3, 3],
        pain=7,
        activities=["Walking to the bus", "Sitting through a meeting", "Climbing stairs"],
    )
    with page_checker.navigation(patient, "baseline-saved"):
        patient.get_by_role("button", name="Save my answers").click()
    expect(patient.get_by_text("Thank you. Your answers are saved.")).to_be_visible()
    expect(patient.get_by_text(re.compile("Your next check-in is on"))).to_be_visible()
    baseline = CheckIn.objects.get(program=program)
    assert (baseline.is_baseline, baseline.lefs_total) == (True, 20)

    # Two weeks pass: the baseline is dated back, so the next check-in is due today.
    two_weeks_ago = timezone.now() - timedelta(days=14)
    CheckIn.objects.filter(pk=baseline.pk).update(
        taken_at=two_weeks_ago, taken_on=timezone.localdate(two_weeks_ago)
    )
    OutcomeTrack.objects.filter(program=program).update(next_due_on=timezone.localdate())
    page_checker.visit(patient, f"{link}check-in/", "check-in-due")
    expect(patient.get_by_text("It is time for your check-in.")).to_be_visible()
    answer_check_in(patient, lefs=2, ratings=[5, 5, 6], pain=4)  # LEFS 40: +20
    with page_checker.navigation(patient, "check-in-saved"):
        patient.get_by_role("button", name="Save my answers").click()
    results = patient.get_by_role("region", name="Your answers so far")
    expect(results.locator("tbody tr")).to_have_count(2)

    # The clinician sees both scores and the change against the MCID.
    staff = page_checker.new_page()
    log_in(page_checker, staff, "therapist-olive")
    page_checker.visit(staff, f"/staff/programs/{program.pk}/", "program-detail")
    with page_checker.navigation(staff, "outcomes"):
        staff.get_by_role("link", name=re.compile("Outcome measures")).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Outcome measures")
    expect(staff.get_by_role("img", name="LEFS score at each check-in")).to_be_visible()
    table = staff.get_by_role("table", name="Each check-in against the baseline")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").nth(0)).to_contain_text("20")
    expect(table.locator("tbody tr").nth(1)).to_contain_text("40")
    expect(table.locator("tbody tr").nth(1)).to_contain_text("+20")
    expect(table.locator("tbody tr").nth(1)).to_contain_text("Meaningful improvement")
    summary = staff.locator(".outcome-summary")
    expect(summary).to_contain_text("LEFS since baseline")
    expect(summary).to_contain_text("Meaningful improvement")

    # The patient turns on email reminders (a first try without consent is refused).
    page_checker.visit(patient, link, "program-again")
    with page_checker.navigation(patient, "reminders"):
        patient.get_by_role("link", name="Email reminders to do your exercises").click()
    expect(patient.get_by_text("dana.record@example.org")).to_have_count(0)
    field(patient, "Your email address").fill("dana@example.org")
    field(patient, "Type your email address again").fill("dana@example.org")
    patient.get_by_label("Monday").check()
    patient.get_by_label("Thursday").check()
    field(patient, "At what time?").select_option("18:30")
    with page_checker.navigation(patient, "reminders-errors"):
        patient.get_by_role("button", name="Send me reminders").click()
    expect(patient.get_by_text("Tick the box to agree")).to_be_visible()
    field(patient, "Type your email address again").fill("dana@example.org")
    patient.get_by_label(re.compile("I agree that")).check()
    with page_checker.navigation(patient, "reminders-on"):
        patient.get_by_role("button", name="Send me reminders").click()
    expect(patient.get_by_role("heading", name="Your reminders are on")).to_be_visible()
    expect(patient.get_by_text(re.compile("Monday, Thursday"))).to_be_visible()

    # The next reminder goes out (the scheduler's run, at its time) ...
    subscription = ReminderSubscription.objects.get(program=program)
    assert reminders_send_due(now=subscription.next_due_at + timedelta(minutes=3)).sent == 1
    [email] = mail.outbox[-1:]
    assert email.to == ["dana@example.org"]
    assert email.body.startswith("Hi Dana,")
    assert link in email.body
    unsubscribe = re.search(r"https?://\S+/reminders/unsubscribe/\S+/", email.body).group(0)
    assert email.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"

    # ... and the patient stops them from the email's link.
    page_checker.visit(patient, unsubscribe, "unsubscribe")
    with page_checker.navigation(patient, "unsubscribed"):
        patient.get_by_role("button", name="Yes, stop the reminders").click()
    expect(patient.get_by_role("heading", level=1)).to_have_text("Reminders stopped")
    subscription.refresh_from_db()
    assert subscription.end_reason == "unsubscribed"
    page_checker.visit(patient, f"{link}reminders/", "reminders-off")
    expect(patient.get_by_role("button", name="Send me reminders")).to_be_visible()
