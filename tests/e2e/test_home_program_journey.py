"""Journey (c): a clinician assigns a home program; the patient follows it on a phone."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.pages import field, log_in
from tests.factories import clinician

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_clinician_assigns_a_program_the_patient_logs_sessions_and_the_clinician_sees_it(
    page_checker,
):
    clinician(username="therapist-theo")

    # The clinician creates the patient record (a first try without a name shows the errors).
    staff = page_checker.new_page()
    log_in(page_checker, staff, "therapist-theo")
    page_checker.check(staff, "staff-home")
    with page_checker.navigation(staff, "patients"):
        staff.get_by_role("link", name="Patients").click()
    with page_checker.navigation(staff, "new-patient"):
        staff.get_by_role("link", name="New patient").click()
    with page_checker.navigation(staff, "new-patient-errors"):
        staff.get_by_role("button", name="Create the patient record").click()
    expect(staff.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    field(staff, "Full name").fill("Pat Hinge")
    field(staff, "Email").fill("pat.hinge@example.com")
    field(staff, "Phone").fill("314 555 0177")
    with page_checker.navigation(staff, "patient"):
        staff.get_by_role("button", name="Create the patient record").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Pat Hinge")

    # ... and assigns a program from a template, changing one dose.
    with page_checker.navigation(staff, "assign"):
        staff.get_by_role("link", name="Assign a home program").click()
    field(staff, "Start from").select_option(label="Sciatica - early")
    with page_checker.navigation(staff, "assign-from-template"):
        staff.get_by_role("button", name="Load").click()
    expect(staff.get_by_text("Starting from the template “Sciatica - early”")).to_be_visible()
    first_row = staff.locator(".item-row").first
    first_exercise = first_row.get_by_label("Exercise").evaluate(
        "select => select.options[select.selectedIndex].text"
    )
    first_row.get_by_label("Sets").fill("3")
    with page_checker.navigation(staff, "program-link"):
        staff.get_by_role("button", name="Save the program and make the link").click()
    expect(staff.get_by_text("The program is saved.")).to_be_visible()
    expect(staff.get_by_text("We emailed the link to pat.hinge@example.com.")).to_be_visible()
    expect(staff.get_by_role("img", name="QR code for the patient's program page")).to_be_visible()
    link = staff.get_by_label("Private link").input_value()
    assert re.search(r"/program/[^/]+/$", link), link
    assert any(link in message.body for message in mail.outbox)

    # The patient opens the link on a phone, in a browser of their own.
    patient = page_checker.new_page(phone=True)
    page_checker.visit(patient, link, "patient-program")
    expect(patient.get_by_role("heading", level=1)).to_have_text("Your home exercises")
    expect(patient.get_by_role("heading", name=f"1. {first_exercise}")).to_be_visible()
    expect(patient.locator("#exercise-1")).to_contain_text("3 sets")

    log_box = patient.get_by_role("region", name="Did your exercises today?")
    with page_checker.navigation(patient, "patient-log-errors"):
        log_box.get_by_role("button", name="Save: done today").click()
    expect(log_box.locator(".invalid-feedback, .alert-danger").first).to_be_visible()

    log_session(patient, pain="3", tingling="No", comment="Felt looser afterwards.")
    with page_checker.navigation(patient, "patient-logged"):
        log_box.get_by_role("button", name="Save: done today").click()
    expect(patient.get_by_text("Thank you. Your session is saved.")).to_be_visible()
    log_session(patient, pain="5", tingling="Yes", comment="Tingling went down to my calf.")
    with page_checker.navigation(patient, "patient-logged-twice"):
        log_box.get_by_role("button", name="Save: done today").click()
    history = patient.get_by_role("region", name="Your progress")
    expect(history).to_contain_text("Tingling went down to my calf.")
    expect(history).to_contain_text("tingling spread")

    with page_checker.navigation(patient, "patient-handout"):
        patient.get_by_role("link", name="Printable version").click()
    expect(patient.get_by_role("img", name="QR code for your program page")).to_be_visible()
    page_checker.screenshot_print(patient, "patient-handout")

    # The clinician sees the adherence, the pain and the flag for the spreading tingling.
    page_checker.visit(staff, "/staff/", "staff-home-flagged")
    flagged = staff.get_by_role("region", name="Programs that need attention")
    expect(flagged).to_contain_text("Pat Hinge")
    # The whole list, page by page (the staff home shows the most recent few).
    page_checker.visit(staff, "/staff/programs/flagged/", "flagged-programs")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Programs that need attention")
    expect(staff.get_by_role("main")).to_contain_text("Reported spreading tingling or numbness")
    with page_checker.navigation(staff, "program-detail"):
        staff.get_by_role("main").get_by_role("link", name=re.compile("Pat Hinge")).click()
    expect(staff.get_by_role("heading", name="Needs attention")).to_be_visible()
    progress = staff.get_by_role("region", name="Adherence and pain")
    last_7_days = progress.locator("dt:text-is('This week') + dd")
    expect(last_7_days).not_to_have_text(re.compile(r"^\s*(0\s*%|—|-)?\s*$"))

    # Once the clinician switches the link off, the patient gets a friendly page, nothing else.
    with page_checker.navigation(staff, "switch-link-off-confirm"):
        staff.get_by_role("link", name="Switch the link off").click()
    with page_checker.navigation(staff, "link-switched-off"):
        staff.get_by_role("button", name="Yes, switch the link off").click()
    expect(staff.get_by_text("The link was switched off")).to_be_visible()
    page_checker.visit(patient, link, "patient-link-switched-off", status=404)
    expect(patient.get_by_role("heading", level=1)).to_have_text("This link does not work")
    expect(patient.get_by_text("Pat Hinge")).to_have_count(0)

    with page_checker.navigation(staff, "patient-with-comments"):
        staff.get_by_role("link", name="Pat Hinge").click()
    expect(staff.get_by_role("region", name="Recent comments from the patient")).to_contain_text(
        "Felt looser afterwards."
    )


def log_session(page, *, pain: str, tingling: str, comment: str) -> None:
    log_box = page.get_by_role("region", name="Did your exercises today?")
    log_box.get_by_role("group", name="How bad was your pain today?").get_by_label(
        pain, exact=True
    ).check()
    log_box.get_by_role("group", name="Did tingling or numbness spread").get_by_label(
        tingling, exact=True
    ).check()
    field(page, "Anything you want to tell your therapist? (optional)").fill(comment)
