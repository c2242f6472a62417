"""Journey: the front desk books a time, moves it, cancels it and undoes a mistake; the patient
gets an email with a calendar file each time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from appointments.calendar import unfold
from tests.e2e.pages import field, log_in, wait_until
from tests.factories import AppointmentRequestFactory, clinician, front_desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_book_move_cancel_and_undo_with_the_patient_emailed(page_checker):
    front_desk(username="frankie", first_name="Frankie")
    clinician(username="sam", first_name="Sam", last_name="Lee")
    request = AppointmentRequestFactory(
        name="Robin Quayle", status="contacted", email="robin@example.com"
    )
    day = timezone.localdate() + timedelta(days=6)

    desk = page_checker.new_page(phone=True)
    log_in(page_checker, desk, "frankie")
    page_checker.visit(desk, f"/staff/requests/{request.pk}/", "request")

    # Booked needs a time: refused with a message first, then booked with Sam Lee.
    field(desk, "New status").select_option(label="Booked")
    with page_checker.navigation(desk, "booked-without-a-time", status=400):
        desk.get_by_role("button", name="Save status").click()
    expect(
        desk.get_by_text("Give the appointment's date and time to book it.").first
    ).to_be_visible()
    field(desk, "New status").select_option(label="Booked")
    field(desk, "Appointment date").first.fill(day.isoformat())
    field(desk, "Time").first.fill("09:30")
    field(desk, "With").first.select_option(label="Sam Lee")
    with page_checker.navigation(desk, "booked"):
        desk.get_by_role("button", name="Save status").click()
    details = desk.get_by_role("region", name="Details")
    expect(details).to_contain_text("09:30")
    expect(details).to_contain_text("with Sam Lee")

    # Moved to the afternoon.
    move = desk.get_by_role("region", name="Move the appointment")
    move.get_by_label("Time").fill("15:00")
    move.get_by_label("Why it moved (optional)").fill("Patient works mornings.")
    with page_checker.navigation(desk, "moved"):
        move.get_by_role("button", name="Save the new time").click()
    expect(details).to_contain_text("15:00")
    expect(desk.get_by_role("region", name="History and notes")).to_contain_text(
        "Patient works mornings."
    )

    # Cancelled with a reason, then undone: it was the wrong request.
    field(desk, "New status").select_option(label="Appointment cancelled")
    field(desk, "Note").first.fill("Patient is feeling better.")
    with page_checker.navigation(desk, "cancelled"):
        desk.get_by_role("button", name="Save status").click()
    expect(details).to_contain_text("Cancelled appointment")
    undo = desk.get_by_role("region", name="Undo the last status change")
    undo.get_by_label("What was wrong").fill("Cancelled the wrong request.")
    with page_checker.navigation(desk, "undone"):
        undo.get_by_role("button", name="Undo it").click()
    expect(details).to_contain_text("Booked")
    expect(desk.get_by_role("region", name="History and notes")).to_contain_text(
        "undoing a mistake"
    )

    wait_until(lambda: len(mail.outbox) == 4, "four appointment emails")
    methods = [unfold(message.attachments[0][1])["METHOD"] for message in mail.outbox]
    assert methods == ["REQUEST", "REQUEST", "CANCEL", "REQUEST"]
    assert all(message.to == ["robin@example.com"] for message in mail.outbox)
