"""Journey: each role opens the staff home and finds what needs doing today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appointments.models import AppointmentRequest
from outcomes.scoring import REVIEW_NO_CHANGE
from screening.codes import Urgency
from tests.e2e.pages import log_in
from tests.factories import (
    AppointmentRequestFactory,
    HomeProgramFactory,
    OutcomeTrackFactory,
    PatientFactory,
    ScreeningFactory,
    clinician,
    front_desk,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_front_desk_sees_overdue_requests_first_and_opens_one(page_checker):
    front_desk(username="frankie", first_name="Frankie")
    waiting = AppointmentRequestFactory(name="Wanda Waiting")
    AppointmentRequest.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(days=9)
    )
    AppointmentRequestFactory(name="Fresh Request")
    ScreeningFactory(
        urgency=Urgency.EMERGENCY, contact_name="Casey Caller", contact_phone="+13145550123"
    )

    desk = page_checker.new_page(phone=True)
    log_in(page_checker, desk, "frankie")
    page_checker.check(desk, "staff-home-front-desk")
    expect(desk.get_by_role("link", name="1 overdue requests")).to_be_visible()
    expect(desk.get_by_text("Casey Caller")).to_be_visible()
    items = desk.locator(".worklist li")
    expect(items.filter(has_text="Wanda Waiting")).to_contain_text("Overdue")
    expect(items.filter(has_text="Fresh Request")).not_to_contain_text("Overdue")
    assert _no_sideways_scrolling(desk)
    with page_checker.navigation(desk, "request-from-worklist"):
        desk.get_by_role("link", name="Wanda Waiting").click()
    expect(desk.get_by_role("heading", level=1)).to_be_visible()


def test_a_clinician_sees_warning_signs_and_flagged_programs_and_switches_a_link_off(
    page_checker,
):
    clinician(username="casey", first_name="Casey")
    ScreeningFactory(urgency=Urgency.EMERGENCY, contact_name="Una Reviewed")
    program = HomeProgramFactory(
        patient=PatientFactory(full_name="Pat Flagged"),
        title="Nerve glides",
        flags=["tingling_spread"],
        flagged_at=timezone.now(),
    )

    doctor = page_checker.new_page()
    log_in(page_checker, doctor, "casey")
    page_checker.check(doctor, "staff-home-clinician")
    expect(doctor.get_by_text("Una Reviewed")).to_be_visible()
    expect(doctor.get_by_text("Reported spreading tingling or numbness").first).to_be_visible()
    with page_checker.navigation(doctor, "unreviewed-warnings"):
        doctor.get_by_role("link", name="1 warning signs to review").click()
    expect(doctor.get_by_label("Review")).to_have_value("unreviewed_warnings")

    phone = page_checker.new_page(phone=True)
    log_in(page_checker, phone, "casey")
    page_checker.visit(phone, "/staff/programs/", "programs-on-a-phone")
    assert _no_sideways_scrolling(phone)
    with page_checker.navigation(phone, "program"):
        phone.get_by_role("link", name="Pat Flagged: Nerve glides").click()
    with page_checker.navigation(phone, "switch-off-confirm"):
        phone.get_by_role("link", name="Switch the link off").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Switch the link off?")
    with page_checker.navigation(phone, "switched-off"):
        phone.get_by_role("button", name="Yes, switch the link off").click()
    expect(phone.get_by_text("The patient's link no longer works.")).to_be_visible()
    program.refresh_from_db()
    assert program.link_revoked_at is not None


def test_a_clinician_puts_screenings_on_patient_records(page_checker):
    clinician(username="casey", first_name="Casey")
    PatientFactory(full_name="Robin Known", email="robin@example.org", phone="")
    known = ScreeningFactory(contact_name="Robin Known", contact_email="robin@example.org")
    new = ScreeningFactory(contact_name="Nell Newcomer", contact_email="nell@example.org")

    phone = page_checker.new_page(phone=True)
    log_in(page_checker, phone, "casey")
    page_checker.visit(phone, f"/staff/screenings/{known.pk}/", "screening-without-record")
    with page_checker.navigation(phone, "screening-patient-match"):
        phone.get_by_role("link", name="Make or find a patient record for this screening").click()
    phone.get_by_label("Robin Known").check()
    with page_checker.navigation(phone, "screening-linked"):
        phone.get_by_role("button", name="Put the screening on this record").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Robin Known")
    expect(phone.get_by_text("The screening is on the patient's record.")).to_be_visible()
    assert _no_sideways_scrolling(phone)

    page_checker.visit(phone, f"/staff/screenings/{new.pk}/patient/", "screening-no-match")
    expect(phone.get_by_text("No patient record matches the screening's contact")).to_be_visible()
    expect(phone.get_by_label("Full name")).to_have_value("Nell Newcomer")
    with page_checker.navigation(phone, "screening-new-record"):
        phone.get_by_role("button", name="Make the record").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Nell Newcomer")
    new.refresh_from_db()
    assert new.patient.email == "nell@example.org"


def test_a_clinician_opens_every_measure_due_and_every_program_to_review(page_checker):
    clinician(username="casey", first_name="Casey")
    for number in range(12):
        HomeProgramFactory(
            patient=PatientFactory(full_name=f"Patient {number:02}"),
            title="Hip hinge",
            start_date=timezone.localdate() - timedelta(days=40 - number),
        )
    OutcomeTrackFactory(
        program=HomeProgramFactory(patient=PatientFactory(full_name="Stalled Sam")),
        review_since=timezone.localdate(),
        review_reason=REVIEW_NO_CHANGE,
    )

    phone = page_checker.new_page(phone=True)
    log_in(page_checker, phone, "casey")
    page_checker.check(phone, "staff-home-measures")
    expect(phone.get_by_role("link", name="1 programs to review")).to_be_visible()
    with page_checker.navigation(phone, "measures-due"):
        phone.get_by_role("link", name="See all 12 measures due").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Outcome measures due")
    rows = phone.locator(".worklist li")
    expect(rows).to_have_count(12)
    expect(rows.first).to_contain_text("Patient 00: Hip hinge")  # the longest overdue first
    assert _no_sideways_scrolling(phone)
    with page_checker.navigation(phone, "programs-to-review"):
        phone.get_by_role("link", name="Programs to review").click()
    with page_checker.navigation(phone, "outcomes-to-review"):
        phone.get_by_role("link", name="Stalled Sam: Home program").click()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
