"""Django admin's lists on our site cost the same at any size: the count stops at the cap and,
past it, the list pages on with Previous and Next (clinic.admin_site)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.audit.admin import AuditEventAdmin
from clinic.audit.models import Action, AuditEvent
from tests.factories import PatientFactory, administrator

pytestmark = pytest.mark.django_db
TRAIL = reverse("admin:audit_auditevent_changelist")


@pytest.fixture
def admin_client(client):
    client.force_login(administrator())
    return client


def _events(count: int) -> None:
    """`count` events, the first made the oldest (same time, lower id)."""
    AuditEvent.objects.bulk_create(
        AuditEvent(username=f"visitor-{i:02}", action=Action.VIEW) for i in range(count)
    )


def test_past_the_cap_the_trail_says_more_than_and_pages_on_with_next(admin_client, monkeypatch):
    monkeypatch.setattr("clinic.pagination.COUNT_CAP", 5)
    monkeypatch.setattr(AuditEventAdmin, "list_per_page", 4)
    _events(12)
    with CaptureQueriesContext(connection) as queries:
        first = admin_client.get(TRAIL).content.decode()
    assert "More than 5 audit events" in first
    assert "More than 5 results" in first
    assert "Show counts" not in first  # facets would count every row per choice
    assert "?p=2" in first
    assert 'rel="prev"' not in first
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"]]
    assert counts  # the capped count ...
    assert all("LIMIT 6" in sql for sql in counts)  # ... and no count of every row

    third = admin_client.get(TRAIL, {"p": 3}).content.decode()
    assert "Page 3" in third
    assert "?p=2" in third
    assert "?p=4" in third
    last = admin_client.get(TRAIL, {"p": 4}).content.decode()
    assert 'rel="next"' not in last
    assert "visitor-00" in last  # the oldest


def test_a_page_far_past_the_end_is_an_empty_page_not_an_error(admin_client, monkeypatch):
    monkeypatch.setattr("clinic.pagination.COUNT_CAP", 5)
    _events(8)
    response = admin_client.get(TRAIL, {"p": 99999999999999999999})
    assert response.status_code == 200
    assert 'rel="next"' not in response.content.decode()


def test_below_the_cap_an_admin_list_counts_as_django_does(admin_client):
    PatientFactory.create_batch(3)
    html = admin_client.get(reverse("admin:clinic_patient_changelist")).content.decode()
    assert "3 patients" in html
    assert "More than" not in html


def test_the_trail_filters_by_the_object_types_the_views_declare(admin_client):
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(username="a", action=Action.VIEW, object_type="screening", object_id="7"),
            AuditEvent(username="b", action=Action.VIEW, object_type="program", object_id="8"),
        ]
    )
    html = admin_client.get(TRAIL).content.decode()
    for object_type in ("patient", "program", "request", "screening"):
        assert f"?object_type={object_type}" in html
    filtered = admin_client.get(TRAIL, {"object_type": "screening"}).content.decode()
    assert '<td class="field-object_id">7</td>' in filtered
    assert '<td class="field-object_id">8</td>' not in filtered
