"""Every URL pattern of the project against every kind of visitor, from the URL resolver.

A pattern without a row in EXPECTED fails the completeness test, so a new view cannot be
forgotten. Each cell is the outcome of one request: a status code, or a redirect to a login page.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clinic.audit.models import Action, AuditEvent
from tests.factories import reminder_unsubscribe_token
from tests.security.world import World

pytestmark = pytest.mark.django_db

OK, REDIRECT_ELSEWHERE, BAD, DENIED, MISSING, CONFLICT = 200, "redirect", 400, 403, 404, 409
LOGIN = "login page"
ADMIN_LOGIN = "admin login page"
ROLES = ("anonymous", "patient", "front_desk", "clinician", "administrator")


@dataclass(frozen=True)
class Row:
    """How to request one URL pattern and what each role gets."""

    expect: dict[str, object]
    method: str = "GET"
    kwargs: Callable[[World], dict] = lambda world: {}
    data: Callable[[World], dict] = lambda world: {}
    # For private links: the patient uses their own token, an anonymous visitor a guessed one.
    token_kwarg: str | None = None
    notes: str = field(default="", compare=False)


def everyone(outcome=OK) -> dict[str, object]:
    return dict.fromkeys(ROLES, outcome)


def staff(front_desk, clinician, administrator=None) -> dict[str, object]:
    """Staff pages: visitors without an account are sent to the login page."""
    return {
        "anonymous": LOGIN,
        "patient": LOGIN,
        "front_desk": front_desk,
        "clinician": clinician,
        "administrator": clinician if administrator is None else administrator,
    }


def clinicians_only(outcome=OK) -> dict[str, object]:
    return staff(DENIED, outcome)


def link_holder(outcome=OK) -> dict[str, object]:
    """Private links: whoever holds the link gets the page; a guessed token gets 404."""
    return {**everyone(outcome), "anonymous": MISSING}


def signed_in(outcome=OK) -> dict[str, object]:
    return {**everyone(outcome), "anonymous": LOGIN, "patient": LOGIN}


def pk(attribute: str) -> Callable[[World], dict]:
    return lambda world: {"pk": getattr(world, attribute).pk}


def _unsubscribe_token(world: World) -> str:
    """The unsubscribe token of a reminder sent for program A (made once per world)."""
    token = getattr(world, "_unsubscribe_token", None)
    if token is None:
        token = reminder_unsubscribe_token(world.program_a, world.program_a_token)
        world._unsubscribe_token = token
    return token


EXPECTED: dict[str, Row] = {
    # Public pages and accounts.
    "home": Row(everyone()),
    "healthz": Row(everyone()),
    "login": Row(everyone()),
    "logout": Row(everyone(LOGIN), method="POST"),
    "password_change": Row(signed_in()),
    "password_change_done": Row(signed_in()),
    "password_reset": Row(everyone()),
    "password_reset_done": Row(everyone()),
    "password_reset_confirm": Row(
        everyone(), kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"}
    ),
    "password_reset_complete": Row(everyone()),
    "staff:home": Row(staff(OK, OK)),
    # Screening (issue 3).
    "screening:start": Row(everyone()),
    # A later step without the questionnaire's cookie leads back to the start.
    "screening:step": Row(everyone(REDIRECT_ELSEWHERE), kwargs=lambda world: {"step": "symptoms"}),
    "screening:restart": Row(everyone(REDIRECT_ELSEWHERE), method="POST"),
    "screening:result": Row(
        link_holder(),
        kwargs=lambda world: {"token": world.screening_a_token},
        token_kwarg="token",
    ),
    "screening:staff_list": Row(clinicians_only()),
    "screening:staff_detail": Row(clinicians_only(), kwargs=pk("screening_a")),
    "screening:staff_patient": Row(clinicians_only(), kwargs=pk("screening_a")),
    # Exercises, home programs and patients (issue 4).
    "exercises:library": Row(everyone()),
    "exercises:detail": Row(everyone(), kwargs=lambda world: {"slug": world.exercise.slug}),
    "exercises:program": Row(
        link_holder(),
        kwargs=lambda world: {"token": world.program_a_token},
        token_kwarg="token",
    ),
    "exercises:program_print": Row(
        link_holder(),
        kwargs=lambda world: {"token": world.program_a_token},
        token_kwarg="token",
    ),
    "exercises:program_today": Row(
        link_holder(),
        kwargs=lambda world: {"token": world.program_a_token},
        token_kwarg="token",
    ),
    # Uploaded exercise pictures are public; this world has none, so every role gets 404
    # (tests/exercises/test_images.py serves a real one).
    "exercises:exercise_image": Row(
        everyone(MISSING), kwargs=lambda world: {"name": "N0tUploadedAnywhere.jpg"}
    ),
    "staff:patient_list": Row(clinicians_only()),
    "staff:patient_create": Row(clinicians_only()),
    "staff:patient_detail": Row(clinicians_only(), kwargs=pk("patient_a")),
    "staff:patient_edit": Row(clinicians_only(), kwargs=pk("patient_a")),
    "exercises:program_assign": Row(
        clinicians_only(), kwargs=lambda world: {"patient_id": world.patient_a.pk}
    ),
    "exercises:program_list": Row(clinicians_only()),
    "exercises:flagged_programs": Row(clinicians_only()),
    "exercises:ready_programs": Row(clinicians_only()),
    "exercises:program_detail": Row(clinicians_only(), kwargs=pk("program_a")),
    "exercises:program_edit": Row(clinicians_only(), kwargs=pk("program_a")),
    # No data: the suggestion cannot be read, nothing changes, back to the program.
    "exercises:program_progress": Row(
        clinicians_only(REDIRECT_ELSEWHERE), method="POST", kwargs=pk("program_a")
    ),
    "exercises:program_new_link": Row(
        clinicians_only(REDIRECT_ELSEWHERE), method="POST", kwargs=pk("program_a")
    ),
    "exercises:program_revoke": Row(
        clinicians_only(REDIRECT_ELSEWHERE), method="POST", kwargs=pk("program_a")
    ),
    "exercises:program_email": Row(
        clinicians_only(REDIRECT_ELSEWHERE), method="POST", kwargs=pk("program_a")
    ),
    "exercises:program_follow_up": Row(
        clinicians_only(REDIRECT_ELSEWHERE), method="POST", kwargs=pk("program_a")
    ),
    "exercises:template_list": Row(clinicians_only()),
    "exercises:template_create": Row(clinicians_only()),
    "exercises:template_edit": Row(clinicians_only(), kwargs=pk("template")),
    "exercises:staff_exercise_list": Row(clinicians_only()),
    "exercises:staff_exercise_create": Row(clinicians_only()),
    "exercises:staff_exercise_edit": Row(
        clinicians_only(), kwargs=lambda world: {"slug": world.exercise.slug}
    ),
    "exercises:avoid_edit": Row(clinicians_only(), kwargs=pk("avoid")),
    # Outcome measures and email reminders (issue 14).
    "outcomes:checkin": Row(
        link_holder(),
        kwargs=lambda world: {"token": world.program_a_token},
        token_kwarg="token",
    ),
    "outcomes:measures_due": Row(clinicians_only()),
    "outcomes:review_list": Row(clinicians_only()),
    "outcomes:program_outcomes": Row(clinicians_only(), kwargs=pk("program_a")),
    "outcomes:record_checkin": Row(clinicians_only(), kwargs=pk("program_a")),
    "outcomes:review_done": Row(
        clinicians_only(REDIRECT_ELSEWHERE), method="POST", kwargs=pk("program_a")
    ),
    "reminders:page": Row(
        link_holder(),
        kwargs=lambda world: {"token": world.program_a_token},
        token_kwarg="token",
    ),
    "reminders:stop": Row(
        link_holder(REDIRECT_ELSEWHERE),
        method="POST",
        kwargs=lambda world: {"token": world.program_a_token},
        token_kwarg="token",
    ),
    # The link in a reminder email: whoever holds it gets the confirm page.
    "reminders:unsubscribe": Row(
        link_holder(),
        kwargs=lambda world: {"token": _unsubscribe_token(world)},
        token_kwarg="token",
    ),
    "reminders:program_reminders": Row(clinicians_only(), kwargs=pk("program_a")),
    "reminders:staff_stop": Row(
        clinicians_only(REDIRECT_ELSEWHERE), method="POST", kwargs=pk("program_a")
    ),
    # Appointment requests (issue 5). POSTs carry no data: the form refuses them (400).
    "appointments:request": Row(everyone()),
    "appointments:sent": Row(everyone(), kwargs=lambda world: {"signed": world.sent_signed}),
    "appointments:queue": Row(staff(OK, OK)),
    "appointments:export": Row(staff(OK, OK)),
    # "Add to the queue" from the Call today list: back to the queue with a message for a
    # screening without a warning sign (as here), to the new request otherwise.
    "appointments:add_from_screening": Row(
        staff(REDIRECT_ELSEWHERE, REDIRECT_ELSEWHERE), method="POST", kwargs=pk("screening_b")
    ),
    "appointments:detail": Row(staff(OK, OK), kwargs=pk("request_a")),
    "appointments:status": Row(staff(BAD, BAD), method="POST", kwargs=pk("request_a")),
    "appointments:add_note": Row(staff(BAD, BAD), method="POST", kwargs=pk("request_a")),
    "appointments:reschedule": Row(staff(BAD, BAD), method="POST", kwargs=pk("request_a")),
    "appointments:reverse_status": Row(staff(BAD, BAD), method="POST", kwargs=pk("request_a")),
    "appointments:link_patient": Row(staff(BAD, BAD), method="POST", kwargs=pk("request_a")),
    "appointments:create_patient": Row(staff(BAD, BAD), method="POST", kwargs=pk("request_a")),
}

# Pages that hold screening answers, programs or patient records: never for the front desk.
CLINICAL_ROUTE_WORDS = ("screenings", "programs", "program-templates", "patients/")


# Enumerating the project's URL patterns ---------------------------------------------------------


def iter_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str | None, str, str]]:
    """(view name, route, namespace) for every pattern, through every include."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from iter_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, route, namespace


def project_patterns() -> list[tuple[str | None, str]]:
    """All patterns except the admin's, which are checked as one family below."""
    return [
        (name, route)
        for name, route, namespace in iter_patterns()
        if namespace.split(":")[0] != "admin"
    ]


def test_every_url_pattern_has_a_row_in_the_matrix():
    patterns = project_patterns()
    unnamed = [route for name, route in patterns if not name]
    assert not unnamed, f"Name these URL patterns so the matrix can list them: {unnamed}"
    names = {name for name, _route in patterns}
    missing = sorted(names - EXPECTED.keys())
    assert not missing, f"URL patterns with no row in the permission matrix: {missing}"
    stale = sorted(EXPECTED.keys() - names)
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"


def test_the_matrix_keeps_staff_pages_from_visitors_and_clinical_pages_from_the_front_desk():
    routes = dict(project_patterns())
    for name, row in EXPECTED.items():
        route = routes.get(name, "")
        if route.startswith("staff/"):
            assert row.expect["anonymous"] == LOGIN, name
            assert row.expect["patient"] == LOGIN, name
            if any(word in route for word in CLINICAL_ROUTE_WORDS):
                assert row.expect["front_desk"] == DENIED, name


# Running the matrix ------------------------------------------------------------------------------


def _client_for(role: str, world: World) -> Client:
    client = Client()
    user = {
        "front_desk": world.front_desk,
        "clinician": world.clinician,
        "administrator": world.administrator,
    }.get(role)
    if user is not None:
        client.force_login(user)
    return client


def _outcome(response) -> object:
    if response.status_code in {301, 302, 303, 307, 308}:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return LOGIN
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        return REDIRECT_ELSEWHERE
    return response.status_code


def _request(client: Client, method: str, url: str, data: dict):
    if method == "POST":
        return client.post(url, data)
    return client.get(url)


# Pages that show no patient data: a signed-in visit to them is not audited. Every other URL
# pattern declares its audit on its view (clinic.access).
NOT_AUDITED = frozenset(
    {
        "home",
        "healthz",
        "login",
        "logout",  # the auth signals record it
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "screening:start",
        "screening:step",
        "screening:restart",
        "exercises:library",
        "exercises:detail",
        "exercises:exercise_image",
        "appointments:sent",
    }
)


def _callbacks() -> dict[str, Callable]:
    return {
        (f"{namespace}:{pattern.name}" if namespace else pattern.name): pattern.callback
        for pattern, namespace in _iter_url_patterns()
        if namespace.split(":")[0] != "admin"
    }


def _iter_url_patterns(
    resolver: URLResolver | None = None, namespace: str = ""
) -> Iterator[tuple[URLPattern, str]]:
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _iter_url_patterns(pattern, inner)
        else:
            yield pattern, namespace


def test_every_view_that_shows_or_changes_patient_data_declares_its_audit():
    callbacks = _callbacks()
    undeclared = sorted(
        name for name, view in callbacks.items() if name not in NOT_AUDITED and not _audits(view)
    )
    assert not undeclared, f"Views that show patient data but declare no audit: {undeclared}"
    declared = sorted(name for name in NOT_AUDITED if _audits(callbacks[name]))
    assert not declared, f"Audited views listed as not audited: {declared}"


def _audits(view: Callable) -> bool:
    return getattr(view, "audit", None) is not None


@pytest.mark.parametrize("view_name", sorted(EXPECTED))
def test_each_role_gets_what_the_matrix_says(view_name, world):
    row = EXPECTED[view_name]
    failures = []
    for role in ROLES:
        kwargs = row.kwargs(world)
        if row.token_kwarg and role == "anonymous":
            kwargs[row.token_kwarg] = secrets.token_urlsafe(32)
        url = reverse(view_name, kwargs=kwargs)
        client = _client_for(role, world)
        before = AuditEvent.objects.exclude(action=Action.LOGIN).count()
        response = _request(client, row.method, url, row.data(world))
        got = _outcome(response)
        if got != row.expect[role]:
            failures.append(f"{role}: expected {row.expect[role]}, got {got}")
        events = AuditEvent.objects.exclude(action=Action.LOGIN).order_by("-id")
        signed_in = role in {"front_desk", "clinician", "administrator"}
        if view_name not in NOT_AUDITED and signed_in:
            recorded = events.count() - before
            latest = events.first()
            if recorded != 1 or latest.url_name != view_name:
                failures.append(f"{role}: {recorded} audit events for {view_name}")
            elif latest.status_code != response.status_code:
                failures.append(f"{role}: audit says {latest.status_code}")
    assert not failures, f"{row.method} {view_name}: " + "; ".join(failures)


# The admin, as one family ------------------------------------------------------------------------


def _admin_sample(world: World) -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    urls.append(reverse("admin:clinic_patient_change", args=[world.patient_a.pk]))
    return urls


@pytest.mark.parametrize("role", ["anonymous", "patient", "front_desk", "clinician"])
def test_only_administrators_reach_the_admin(role, world):
    world.front_desk.is_staff = world.clinician.is_staff = True
    world.front_desk.save()
    world.clinician.save()
    client = _client_for(role, world)
    for url in _admin_sample(world):
        assert _outcome(client.get(url)) == ADMIN_LOGIN, url


def test_administrators_reach_every_admin_list(world):
    client = _client_for("administrator", world)
    for url in _admin_sample(world):
        assert client.get(url).status_code == OK, url


# Scoping: objects are reached only through the user or link they belong to ------------------


def test_a_patient_link_shows_only_its_own_program(client, world):
    html = client.get(reverse("exercises:program", args=[world.program_a_token])).content.decode()
    assert "Alpha-note-only-for-program-A" in html
    assert "Bravo-note-only-for-program-B" not in html
    assert "Zinnwald" not in html


def test_a_revoked_or_unknown_link_shows_nobody_s_data(client, world):
    from exercises.services import program_link_revoke

    program_link_revoke(program=world.program_a)
    for token in (
        world.program_a_token,
        secrets.token_urlsafe(32),
        "x",
        world.program_b.token_hash,
    ):
        for name in ("exercises:program", "exercises:program_print"):
            response = client.get(reverse(name, args=[token]))
            assert response.status_code == MISSING, (name, token)
            html = response.content.decode()
            assert "Quillfeather" not in html
            assert "Alpha-note" not in html


def test_the_front_desk_sees_a_request_without_the_screening_answers(client, world):
    client.force_login(world.front_desk)
    html = client.get(reverse("appointments:detail", args=[world.request_a.pk])).content.decode()
    assert "Thigh-pain-reason-5520" in html
    assert "Clinical-review-note-7731" not in html
    assert "lifting_or_bending" not in html
    assert "/staff/screenings/" not in html


def test_guessing_an_id_that_does_not_exist_gives_404(world):
    """Every id-carrying page answers an unknown id with 404, never another object or a 500."""
    client = _client_for("administrator", world)
    checked = []
    for view_name, row in EXPECTED.items():
        kwargs = row.kwargs(world)
        ids = [key for key, value in kwargs.items() if isinstance(value, int)]
        if not ids:
            continue
        kwargs.update(dict.fromkeys(ids, 987654321))
        response = _request(client, row.method, reverse(view_name, kwargs=kwargs), {})
        assert response.status_code == MISSING, view_name
        checked.append(view_name)
    assert "appointments:detail" in checked
    assert "exercises:program_detail" in checked
