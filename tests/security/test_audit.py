from __future__ import annotations

import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse

from clinic.audit.models import Action, AuditEvent
from clinic.audit.recording import client_ip
from clinic.roles import CLINICIANS
from tests.factories import PatientFactory, UserFactory, administrator, clinician, front_desk

pytestmark = pytest.mark.django_db

PASSWORD = "a-strong-test-password"


def _requests():
    """Events of requests: force_login() itself sends user_logged_in, recorded as a login."""
    return AuditEvent.objects.exclude(action=Action.LOGIN)


def _only_event() -> AuditEvent:
    events = list(_requests())
    assert len(events) == 1, events
    return events[0]


def test_it_records_who_viewed_a_staff_page_when_and_from_where(client):
    user = clinician(username="casey")
    client.force_login(user)
    response = client.get(reverse("staff:home"), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    event = _only_event()
    assert event.user == user
    assert event.username == "casey"
    assert event.action == Action.VIEW
    assert event.url_name == "staff:home"
    assert event.method == "GET"
    assert event.status_code == 200
    assert event.ip_address == "203.0.113.7"
    assert event.created_at is not None


def test_it_records_refused_attempts_too(client):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("staff:home")).status_code == 403
    event = _only_event()
    assert (event.username, event.status_code) == ("nobody", 403)


def test_it_does_not_record_anonymous_visitors_or_public_pages(client):
    client.get(reverse("staff:home"))
    client.get("/")
    client.force_login(clinician())
    client.get("/")
    client.get(reverse("healthz"))
    assert not _requests().exists()


def test_it_never_stores_the_query_string(client):
    client.force_login(front_desk())
    client.get(reverse("staff:home") + "?q=Robin+Secretname&phone=555-0199")
    event = _only_event()
    stored = " ".join(str(value) for value in event.__dict__.values())
    assert "Secretname" not in stored
    assert "314-555-0199" not in stored


def test_it_records_admin_changes_with_the_object_and_nothing_of_its_content(client):
    admin_user = administrator(username="alex")
    patient = PatientFactory(full_name="Robin Secretname", email="robin@example.org")
    client.force_login(admin_user)
    url = reverse("admin:clinic_patient_change", args=[patient.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"full_name": "Robin Othername", "email": "robin@example.org", "phone": ""}
    )
    assert response.status_code == 302
    view, change = _requests().order_by("id")
    assert (view.action, view.object_type, view.object_id) == (
        "view",
        "clinic.patient",
        str(patient.pk),
    )
    assert (change.action, change.object_type, change.object_id) == (
        "change",
        "clinic.patient",
        str(patient.pk),
    )
    assert change.method == "POST"
    for event in (view, change):
        stored = " ".join(str(value) for value in event.__dict__.values())
        assert "Secretname" not in stored
        assert "Othername" not in stored
        assert "robin@example.org" not in stored


def test_it_records_login_logout_and_failed_logins_without_passwords(client):
    UserFactory(username="casey", groups=[CLINICIANS])
    client.post(reverse("login"), {"username": "casey", "password": "wrong-Password-1"})
    client.post(reverse("login"), {"username": "casey", "password": PASSWORD})
    client.post(reverse("logout"))
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "username"))
    assert actions == [
        (Action.LOGIN_FAILED, "casey"),
        (Action.LOGIN, "casey"),
        (Action.LOGOUT, "casey"),
    ]
    for event in AuditEvent.objects.all():
        stored = " ".join(str(value) for value in event.__dict__.values())
        assert "wrong-Password-1" not in stored
        assert PASSWORD not in stored
        assert event.ip_address == "127.0.0.1"


def test_it_does_not_keep_unknown_usernames_which_may_be_mistyped_passwords(client):
    client.post(reverse("login"), {"username": "hunter2-my-password", "password": "x"})
    event = _only_event()
    assert event.action == Action.LOGIN_FAILED
    assert event.username == ""


def test_it_records_a_lockout(client):
    UserFactory(username="casey", groups=[CLINICIANS])
    for _ in range(5):
        client.post(reverse("login"), {"username": "casey", "password": "wrong"})
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT, username="casey").exists()
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED).count() == 5


def test_it_ignores_x_forwarded_for_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get(
        "/staff/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert client_ip(request) == "10.0.0.2"


def test_it_takes_the_address_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/staff/",
        REMOTE_ADDR="10.0.0.2",
        # The first entry is whatever the client claimed; the last is what our proxy saw.
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9",
    )
    assert client_ip(request) == "198.51.100.9"
    junk = RequestFactory().get("/staff/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="x<y")
    assert client_ip(junk) is None


def test_it_logs_and_serves_the_page_when_the_audit_cannot_be_written(client, monkeypatch, caplog):
    def broken_create(**kwargs):
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(AuditEvent.objects, "create", broken_create)
    client.force_login(clinician())
    with caplog.at_level(logging.ERROR, logger="clinic.audit.recording"):
        response = client.get(reverse("staff:home"))
    assert response.status_code == 200
    assert any("Could not write the audit event" in r.getMessage() for r in caplog.records)


def test_it_shows_the_trail_to_administrators_with_filters_and_search(client):
    client.force_login(clinician(username="casey"))
    client.get(reverse("staff:home"))
    client.force_login(administrator())
    changelist = reverse("admin:audit_auditevent_changelist")
    response = client.get(changelist, {"action__exact": "view", "q": "casey"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "casey" in html
    assert "By action" in html
    assert "By object type" in html
    event = _requests().filter(username="casey").get()
    assert client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 200


def test_nobody_can_add_change_or_delete_the_trail_through_the_site(client):
    client.force_login(clinician(username="casey"))
    client.get(reverse("staff:home"))
    event = _requests().get()
    client.force_login(administrator())
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_add"), {"action": "view"}).status_code == 403
    change_url = reverse("admin:audit_auditevent_change", args=[event.pk])
    client.post(change_url, {"username": "someone-else", "action": "login"})
    delete_url = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:audit_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in {200, 302}
    event.refresh_from_db()
    assert event.username == "casey"
    assert event.action == Action.VIEW


@pytest.mark.parametrize("make_user", [clinician, front_desk])
def test_staff_cannot_read_the_trail(client, make_user):
    client.force_login(make_user(is_staff=True))
    response = client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


# The real staff views ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "method", "url", "data", "expected"),
    [
        (
            "clinician",
            "GET",
            lambda w: reverse("screening:staff_detail", args=[w.screening_a.pk]),
            None,
            lambda w: ("view", "screening", w.screening_a.pk),
        ),
        (
            "clinician",
            "POST",
            lambda w: reverse("screening:staff_detail", args=[w.screening_a.pk]),
            {"note": "Reviewed"},
            lambda w: ("change", "screening", w.screening_a.pk),
        ),
        (
            "clinician",
            "GET",
            lambda w: reverse("staff:patient_detail", args=[w.patient_a.pk]),
            None,
            lambda w: ("view", "patient", w.patient_a.pk),
        ),
        (
            "clinician",
            "GET",
            lambda w: reverse("exercises:program_detail", args=[w.program_a.pk]),
            None,
            lambda w: ("view", "program", w.program_a.pk),
        ),
        (
            "clinician",
            "POST",
            lambda w: reverse("exercises:program_revoke", args=[w.program_a.pk]),
            {},
            lambda w: ("change", "program", w.program_a.pk),
        ),
        (
            "clinician",
            "POST",
            lambda w: reverse("exercises:program_assign", args=[w.patient_a.pk]),
            {"title": ""},
            lambda w: ("create", "patient", w.patient_a.pk),
        ),
        (
            "clinician",
            "POST",
            lambda w: reverse("staff:patient_create"),
            {"full_name": ""},
            lambda w: ("create", "patient", ""),
        ),
        (
            "front_desk",
            "GET",
            lambda w: reverse("appointments:detail", args=[w.request_a.pk]),
            None,
            lambda w: ("view", "request", w.request_a.pk),
        ),
        (
            "front_desk",
            "POST",
            lambda w: reverse("appointments:status", args=[w.request_a.pk]),
            {"to_status": "contacted", "note": "", "version": "1"},
            lambda w: ("change", "request", w.request_a.pk),
        ),
        (
            "front_desk",
            "GET",
            lambda w: reverse("appointments:export"),
            None,
            lambda w: ("export", "request", ""),
        ),
        (
            "front_desk",
            "GET",
            lambda w: reverse("screening:staff_detail", args=[w.screening_a.pk]),
            None,
            lambda w: ("view", "screening", w.screening_a.pk),
        ),
    ],
)
def test_it_records_each_staff_look_and_change_with_its_object(
    client, world, who, method, url, data, expected
):
    user = getattr(world, who)
    client.force_login(user)
    target = url(world)
    response = client.post(target, data) if method == "POST" else client.get(target)
    event = _only_event()
    action, object_type, object_id = expected(world)
    assert (event.action, event.object_type, event.object_id) == (
        action,
        object_type,
        str(object_id),
    )
    assert event.user == user
    assert event.status_code == response.status_code
    assert event.method == method


def test_it_records_admin_deletions_and_additions(client):
    client.force_login(administrator())
    patient = PatientFactory()
    client.post(reverse("admin:clinic_patient_delete", args=[patient.pk]), {"post": "yes"})
    client.post(
        reverse("admin:clinic_patient_add"),
        {"full_name": "New Person", "email": "new@example.org", "phone": ""},
    )
    events = list(_requests().order_by("id").values_list("action", "object_type", "object_id"))
    assert events == [
        ("delete", "clinic.patient", str(patient.pk)),
        ("create", "clinic.patient", ""),
    ]


# Patient pages opened by link -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "data", "expected"),
    [
        (
            "GET",
            lambda w: reverse("exercises:program", args=[w.program_a_token]),
            None,
            lambda w: ("view", "program", w.program_a.pk),
        ),
        (
            "GET",
            lambda w: reverse("exercises:program_print", args=[w.program_a_token]),
            None,
            lambda w: ("view", "program", w.program_a.pk),
        ),
        (
            "POST",
            lambda w: reverse("exercises:program", args=[w.program_a_token]),
            {"pain": "3", "tingling_spread": "no", "comment": ""},
            lambda w: ("change", "program", w.program_a.pk),
        ),
        (
            "GET",
            lambda w: reverse("screening:result", args=[w.screening_a_token]),
            None,
            lambda w: ("view", "screening", w.screening_a.pk),
        ),
    ],
)
def test_it_records_staff_who_open_or_use_a_patient_link(
    client, world, method, url, data, expected
):
    client.force_login(world.clinician)
    target = url(world)
    response = client.post(target, data) if method == "POST" else client.get(target)
    assert response.status_code in (200, 302)
    event = _only_event()
    action, object_type, object_id = expected(world)
    assert (event.action, event.object_type, event.object_id) == (
        action,
        object_type,
        str(object_id),
    )
    assert event.user == world.clinician
    assert world.program_a_token not in str(list(AuditEvent.objects.values()))


def test_it_records_nothing_when_the_patient_uses_their_link(client, world):
    client.get(reverse("exercises:program", args=[world.program_a_token]))
    client.post(
        reverse("exercises:program", args=[world.program_a_token]),
        {"pain": "3", "tingling_spread": "no", "comment": ""},
    )
    client.get(reverse("screening:result", args=[world.screening_a_token]))
    assert not AuditEvent.objects.exists()


def test_it_records_staff_who_open_the_request_form_with_a_screening_link(client, world):
    client.force_login(world.clinician)
    response = client.get(reverse("appointments:request"), {"screening": world.screening_a_token})
    assert response.status_code == 200
    event = _only_event()
    assert (event.action, event.object_type, event.object_id) == (
        "view",
        "screening",
        str(world.screening_a.pk),
    )
