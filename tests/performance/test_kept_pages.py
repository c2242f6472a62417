"""Pages kept per process by what they show (clinic.caching.render_kept, page_version)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse

from appointments.services import appointment_request_change_status
from clinic.caching import render_kept
from exercises.services import session_log_append
from screening.models import Screening
from screening.services import screening_review
from tests.factories import (
    AppointmentRequestFactory,
    HomeProgramFactory,
    ProgramItemFactory,
    ScreeningFactory,
    clinician,
    front_desk,
)

pytestmark = pytest.mark.django_db

TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STAFF_QUERIES = 9  # as in test_query_budgets: session, user, groups, audit and session saves


def csrf_tokens(html: str) -> list[str]:
    return TOKEN_FIELD.findall(html)


def test_it_gives_every_visitor_their_own_csrf_token_on_a_kept_page(
    django_assert_num_queries,
):
    start = reverse("screening:start")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html = first.get(start).content.decode()
    with django_assert_num_queries(0):
        second_html = second.get(start).content.decode()
    assert "csrf-placeholder" not in first_html + second_html
    assert csrf_tokens(first_html)
    assert csrf_tokens(second_html)
    # The token each page carries is valid for the cookie its visitor got.
    step = {"csrfmiddlewaretoken": csrf_tokens(second_html)[0], "step": "start", "action": "next"}
    assert second.post(start, step).status_code == 200
    assert first.post(start, step).status_code == 403


def test_it_renders_afresh_when_a_message_is_waiting(client):
    program = HomeProgramFactory()
    ProgramItemFactory(program=program)
    url = reverse("exercises:program", args=[program.token])
    client.get(url)
    data = {"pain": 3, "tingling_spread": "no", "comment": "Felt looser today"}
    after_post = client.post(url, data, follow=True).content.decode()
    assert "Your session is saved" in after_post
    assert "Felt looser today" in after_post
    # Shown once: the next visit neither repeats the message nor loses the new log.
    again = client.get(url).content.decode()
    assert "Your session is saved" not in again
    assert "Felt looser today" in again


def test_a_program_page_shows_a_session_logged_elsewhere_at_once(client, django_assert_num_queries):
    program = HomeProgramFactory()
    ProgramItemFactory(program=program)
    url = reverse("exercises:program", args=[program.token])
    client.get(url)
    # 1. the program by its token's hash: a revoked link stops working at once
    with django_assert_num_queries(1):
        html = client.get(url).content.decode()
    assert "A comment from the other phone" not in html
    # Logged through another server (or another tab): this process kept the page before.
    session_log_append(
        program=program,
        token=program.token,
        pain=2,
        tingling_spread=False,
        comment="A comment from the other phone",
    )
    assert "A comment from the other phone" in client.get(url).content.decode()


def test_a_stored_result_is_read_once_then_kept(client, django_assert_num_queries):
    screening = ScreeningFactory()
    url = reverse("screening:result", args=[screening.token])
    first = client.get(url)
    # 1. the screening by its token's hash: a purged result is gone at once
    with django_assert_num_queries(1):
        second = client.get(url)
    assert second.content == first.content
    Screening.objects.filter(pk=screening.pk).delete()
    assert client.get(url).status_code == 404


def test_the_queue_shows_any_change_to_its_rows_at_once(client, django_assert_num_queries):
    desk = front_desk()
    client.force_login(desk)
    url = reverse("appointments:queue")
    kept = AppointmentRequestFactory(name="Kept Person")
    assert "Kept Person" in client.get(url).content.decode()
    # STAFF + 1. COUNT  2. the page's ids and updated_at; the rows themselves are not read again
    with django_assert_num_queries(STAFF_QUERIES + 2):
        client.get(url)

    AppointmentRequestFactory(name="Newer Person")  # a new request
    html = client.get(url).content.decode()
    assert "Newer Person" in html
    assert 'badge-status">Contacted<' not in html

    appointment_request_change_status(
        request=kept, to_status="contacted", note="", changed_by=desk, expected_version=1
    )
    assert 'badge-status">Contacted<' in client.get(url).content.decode()

    # Saved outside the services (the admin does this): updated_at moves too.
    kept.refresh_from_db()
    kept.name = "Renamed Person"
    kept.save()
    html = client.get(url).content.decode()
    assert "Renamed Person" in html
    assert "Kept Person" not in html

    kept.delete()
    assert "Renamed Person" not in client.get(url).content.decode()


def test_the_screening_list_shows_new_and_reviewed_screenings_at_once(client):
    doctor = clinician()
    client.force_login(doctor)
    url = reverse("screening:staff_list")
    first = ScreeningFactory()
    assert reverse("screening:staff_detail", args=[first.pk]) in client.get(url).content.decode()
    second = ScreeningFactory()
    assert reverse("screening:staff_detail", args=[second.pk]) in client.get(url).content.decode()
    assert "Not yet" in client.get(url).content.decode()
    screening_review(screening=first, reviewer=doctor, note="")
    screening_review(screening=second, reviewer=doctor, note="")
    assert "Not yet" not in client.get(url).content.decode()


def test_a_made_up_query_string_is_rendered_but_not_kept(client):
    start = reverse("screening:start")
    client.get(start)
    before = len(caches["pages"]._cache)
    for number in range(5):
        assert client.get(start, {"x": number}).status_code == 200
    assert len(caches["pages"]._cache) == before


def test_it_keeps_a_page_per_user_and_never_for_a_post(rf: RequestFactory):
    renders = []
    first, second = front_desk(username="desk-one"), front_desk(username="desk-two")
    for method, user in [("get", first), ("get", first), ("get", second), ("post", first)]:
        request = getattr(rf, method)("/somewhere/")
        request.user = user
        render_kept(request, "404.html", lambda user=user: renders.append(user) or {})
    assert renders == [first, second, first]
