"""Journey (b): a patient asks for an appointment; the front desk works the request and exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.pages import field, log_in
from tests.factories import AppointmentRequestFactory, front_desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
IN_A_WEEK = timezone.localdate() + timedelta(days=7)


def test_the_front_desk_finds_a_request_works_it_through_and_exports_the_queue(page_checker):
    front_desk(username="frankie", first_name="Frankie")
    AppointmentRequestFactory.create_batch(3)

    # The patient, on a phone: a first try with nothing filled in, then the real request.
    patient = page_checker.new_page(phone=True)
    page_checker.visit(patient, "/", "home")
    with page_checker.navigation(patient, "request-form"):
        patient.get_by_role("link", name="Request an appointment").first.click()
    with page_checker.navigation(patient, "request-form-errors", status=400):
        patient.get_by_role("button", name="Send my request").click()
    expect(patient.get_by_text("Tell us your name.")).to_be_visible()
    expect(patient.get_by_text("Please tick this box so that we may contact you.")).to_be_visible()

    field(patient, "Your name").fill("Robin Quayle")
    field(patient, "Phone number").fill("314 555 0199")
    field(patient, "Email address").fill("robin.quayle@example.com")
    patient.get_by_label("Phone call").check()
    patient.get_by_label("Tuesday").check()
    patient.get_by_label("Thursday").check()
    patient.get_by_label("Morning (8 to 12)").check()
    field(patient, "Why would you like an appointment?").fill("Pain in the back of my thigh.")
    patient.get_by_label("I agree that the clinic may contact me about this request.").check()
    with page_checker.navigation(patient, "request-sent"):
        patient.get_by_role("button", name="Send my request").click()
    expect(patient.get_by_role("heading", level=1)).to_have_text("Thank you, we have your request")
    reference = patient.locator(".reference-code").inner_text().strip()
    assert reference

    # The front desk logs in, finds the request by the patient's name and opens it.
    desk = page_checker.new_page()
    log_in(page_checker, desk, "frankie")
    page_checker.check(desk, "staff-home")
    with page_checker.navigation(desk, "queue"):
        desk.get_by_role("link", name="Appointment requests").click()
    expect(desk.get_by_text("4 requests")).to_be_visible()
    field(desk, "Search").fill("Quayle")
    with page_checker.navigation(desk, "queue-search"):
        desk.get_by_role("button", name="Show requests").click()
    expect(desk.get_by_text("1 request", exact=True)).to_be_visible()
    with page_checker.navigation(desk, "request-detail"):
        desk.get_by_role("link", name="Robin Quayle").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text(reference)

    # New -> contacted -> (declined needs a note) -> booked, each with a note.
    field(desk, "New status").select_option(label="Contacted")
    field(desk, "Note").first.fill("Called, left a voicemail.")
    with page_checker.navigation(desk, "status-contacted"):
        desk.get_by_role("button", name="Save status").click()
    expect(desk.get_by_role("status")).to_contain_text("Status changed to “Contacted”.")

    field(desk, "New status").select_option(label="Declined")
    with page_checker.navigation(desk, "status-declined-without-note", status=400):
        desk.get_by_role("button", name="Save status").click()
    expect(desk.get_by_text("Write a note to say why the request is declined.")).to_be_visible()

    field(desk, "New status").select_option(label="Booked")
    field(desk, "Appointment date").fill(IN_A_WEEK.isoformat())
    field(desk, "Time").fill("09:30")
    field(desk, "Or their name").fill("Sam")
    field(desk, "Note").first.fill("First visit.")
    with page_checker.navigation(desk, "status-booked"):
        desk.get_by_role("button", name="Save status").click()
    history = desk.get_by_role("region", name="History and notes")
    expect(history).to_contain_text("Called, left a voicemail.")
    expect(history).to_contain_text("First visit.")
    expect(history).to_contain_text("with Sam")
    expect(history).to_contain_text("Contacted → Booked")

    with page_checker.navigation(desk, "patient-record-created"):
        desk.get_by_role("button", name="Create a patient record").click()
    expect(
        desk.get_by_text("A patient record was created and linked to the request.")
    ).to_be_visible()

    # Back to the queue: the export holds the filtered requests.
    with page_checker.navigation(desk, "queue-again"):
        desk.get_by_role("link", name="Back to the queue").click()
    # The queue opens on open requests; this one is booked now.
    expect(field(desk, "Status")).to_have_value("open")
    field(desk, "Status").select_option(label="All")
    field(desk, "Search").fill(reference)
    with page_checker.navigation(desk, "queue-search-reference"):
        desk.get_by_role("button", name="Show requests").click()
    with desk.expect_download() as download_info:
        desk.get_by_role("link", name="Download these as CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2, rows
    assert "Robin Quayle" in rows[1]
    assert any(reference.replace("-", "") in cell.replace("-", "") for cell in rows[1])
