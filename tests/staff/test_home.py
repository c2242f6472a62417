"""The staff home as a worklist: what each role has to do today, each item a link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appointments.models import AppointmentRequest
from clinic.templatetags.clinic_tags import at_most
from screening.codes import Urgency
from tests.factories import (
    AppointmentRequestFactory,
    HomeProgramFactory,
    ScreeningFactory,
    UserFactory,
    clinician,
    front_desk,
)

pytestmark = pytest.mark.django_db
HOME = reverse("staff:home")


def _received_days_ago(days: int, **kwargs) -> AppointmentRequest:
    appointment_request = AppointmentRequestFactory(**kwargs)
    AppointmentRequest.objects.filter(pk=appointment_request.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return appointment_request


def test_it_shows_the_front_desk_open_requests_the_longest_waiting_first_with_overdue_marked(
    client,
):
    overdue = _received_days_ago(9, name="Waiting nine days")
    fresh = _received_days_ago(0, name="Sent this morning")
    _received_days_ago(20, name="Booked already", status="booked")
    ScreeningFactory(urgency=Urgency.PROMPT, contact_name="Call me", contact_phone="+13145550100")
    client.force_login(front_desk())
    html = client.get(HOME).content.decode()
    assert html.index("Waiting nine days") < html.index("Sent this morning")
    assert "Booked already" not in html
    assert reverse("appointments:detail", args=[overdue.pk]) in html
    assert reverse("appointments:detail", args=[fresh.pk]) in html
    assert html.count(">Overdue</span>") == 1
    assert "<strong>2</strong> open requests" in html
    assert "<strong>1</strong> overdue requests" in html
    assert "<strong>1</strong> to call today" in html
    assert "Call me" in html
    # Nothing of the clinicians' worklist.
    assert "Warning signs not yet reviewed" not in html


def test_it_shows_clinicians_unreviewed_warning_signs_flagged_programs_and_measures_due(client):
    emergency = ScreeningFactory(urgency=Urgency.EMERGENCY, contact_name="Urgent Person")
    ScreeningFactory(
        urgency=Urgency.PROMPT, contact_name="Reviewed Person", reviewed_at=timezone.now()
    )
    ScreeningFactory(urgency=Urgency.NONE, contact_name="Plain Person")
    program = HomeProgramFactory(title="Nerve glides", flags=["no_logs"], flagged_at=timezone.now())
    client.force_login(clinician())
    html = client.get(HOME).content.decode()
    assert "Urgent Person" in html
    assert reverse("screening:staff_detail", args=[emergency.pk]) in html
    assert "Reviewed Person" not in html
    assert "Plain Person" not in html
    assert "<strong>1</strong> warning signs to review" in html
    assert "?review=unreviewed_warnings" in html
    assert reverse("exercises:program_detail", args=[program.pk]) in html
    # The program started 30 days ago and has no baseline: its first measures are due.
    assert reverse("outcomes:program_outcomes", args=[program.pk]) in html
    assert "first measures (baseline)" in html
    assert "Open requests, the longest waiting first" not in html


def test_a_person_with_both_roles_sees_both_worklists(client):
    user = UserFactory()
    user.groups.add(*clinician().groups.all(), *front_desk().groups.all())
    client.force_login(user)
    html = client.get(HOME).content.decode()
    assert "Open requests, the longest waiting first" in html
    assert "Warning signs not yet reviewed" in html


def test_the_screening_list_filters_the_unreviewed_warning_signs(client):
    ScreeningFactory(urgency=Urgency.PROMPT, contact_name="To review")
    ScreeningFactory(urgency=Urgency.PROMPT, contact_name="Done", reviewed_at=timezone.now())
    ScreeningFactory(urgency=Urgency.NONE, contact_name="No sign")
    client.force_login(clinician())
    response = client.get(reverse("screening:staff_list"), {"review": "unreviewed_warnings"})
    assert response.status_code == 200
    pks = [screening.pk for screening in response.context["page"].object_list]
    assert len(pks) == 1


def test_past_the_cap_the_counts_read_as_floors(client, monkeypatch):
    """The counts stop at COUNT_CAP (the home costs the same at any size) and say "N+"."""
    monkeypatch.setattr("clinic.pagination.COUNT_CAP", 2)
    monkeypatch.setattr("staff.views.COUNT_CAP", 2)
    for days in (9, 8, 7):
        _received_days_ago(days)
    client.force_login(front_desk())
    html = client.get(HOME).content.decode()
    assert "<strong>2+</strong> open requests" in html
    assert "<strong>2+</strong> overdue requests" in html
    assert "See all 2+ open requests" in html


@pytest.mark.parametrize(
    ("count", "cap", "shown"),
    [(0, 1000, "0"), (999, 1000, "999"), (1000, 1000, "1,000"), (1001, 1000, "1,000+")],
)
def test_a_capped_count_reads_as_a_floor(count, cap, shown):
    assert at_most(count, cap) == shown
