"""clinic.access: each view declares who may open it and what a signed-in visit records."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from clinic.access import AuditSpec, audit_object, audited, role_required, staff_view
from clinic.audit.models import Action, AuditEvent
from clinic.roles import CLINICIANS, FRONT_DESK
from tests.factories import UserFactory, clinician, front_desk

pytestmark = pytest.mark.django_db


def _request(method: str = "get", user=None, **extra):
    request = getattr(RequestFactory(), method)("/somewhere/", REMOTE_ADDR="192.0.2.4", **extra)
    request.user = user or AnonymousUser()
    request.session = {}
    return request


def ok(request, **kwargs):
    return HttpResponse("ok")


def test_it_views_on_reads_and_changes_or_creates_on_writes():
    spec = AuditSpec("program")
    assert spec.action_for("GET", "5") == Action.VIEW
    assert spec.action_for("HEAD", "") == Action.VIEW
    assert spec.action_for("POST", "5") == Action.CHANGE
    assert spec.action_for("POST", "") == Action.CREATE
    export = AuditSpec("request", actions={"GET": Action.EXPORT})
    assert export.action_for("GET", "") == Action.EXPORT


def test_it_records_a_signed_in_visit_with_the_object_from_the_url():
    user = clinician()
    view = audited("screening")(ok)
    response = view(_request(user=user), pk=42)
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.object_type, event.object_id) == (
        user,
        Action.VIEW,
        "screening",
        "42",
    )
    assert (event.method, event.status_code, event.ip_address) == ("GET", 200, "192.0.2.4")
    assert response.content == b"ok"


def test_it_records_the_object_a_link_page_names_and_never_the_token():
    def link_page(request, token):
        audit_object(request, 7)
        return HttpResponse("ok")

    audited("program", id_kwarg=None)(link_page)(_request(user=clinician()), token="s3cret-token")
    event = AuditEvent.objects.get()
    assert (event.object_type, event.object_id) == ("program", "7")
    assert "s3cret" not in str(AuditEvent.objects.values().get())


def test_it_records_nothing_for_anonymous_visitors():
    audited("program")(ok)(_request(), pk=1)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(("error", "status"), [(PermissionDenied, 403), (Http404, 404)])
def test_it_records_refusals_and_missing_objects_with_their_status(error, status):
    def refusing(request, **kwargs):
        raise error

    with pytest.raises(error):
        audited("request")(refusing)(_request("post", user=front_desk()), pk=3)
    event = AuditEvent.objects.get()
    assert (event.action, event.status_code) == (Action.CHANGE, status)


def test_role_required_sends_visitors_to_login_and_refuses_other_roles():
    view = role_required(CLINICIANS)(ok)
    assert view(_request()).status_code == 302
    with pytest.raises(PermissionDenied):
        view(_request(user=front_desk()))
    with pytest.raises(PermissionDenied):
        view(_request(user=UserFactory()))
    assert view(_request(user=clinician())).status_code == 200
    assert view.roles == frozenset({CLINICIANS})


def test_a_staff_view_records_the_refused_attempt_too():
    view = staff_view(CLINICIANS, audit="patient")(ok)
    with pytest.raises(PermissionDenied):
        view(_request(user=front_desk()), pk=9)
    event = AuditEvent.objects.get()
    assert (event.object_type, event.object_id, event.status_code) == ("patient", "9", 403)
    assert view.audit == AuditSpec("patient")


def test_a_staff_view_lets_either_role_in_when_it_names_both():
    view = staff_view(CLINICIANS, FRONT_DESK, audit="request")(ok)
    assert view(_request(user=front_desk())).status_code == 200
    assert view(_request(user=clinician())).status_code == 200
