"""The patient's page behind the private link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.tokens import new_token
from exercises.models import HomeProgram, SessionLog
from exercises.services import MAX_LOGS_PER_DAY
from tests.factories import HomeProgramFactory, ProgramItemFactory, SessionLogFactory

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Only-for-this-patient-4411"


@pytest.fixture
def program():
    program = HomeProgramFactory(title="Sciatica - early")
    ProgramItemFactory(program=program, note=SECRET_NOTE)
    return program


def url(token, name="exercises:program"):
    return reverse(name, args=[token])


def test_it_shows_the_exercises_dose_steps_and_cautions(client, program):
    response = client.get(url(program.token))
    html = response.content.decode()
    assert response.status_code == 200
    assert SECRET_NOTE in html
    assert "2 sets of 10 repetitions, once a day, every day" in html
    assert "Stop if tingling or numbness spreads" in html
    assert '<svg viewBox="0 0 640 260" class="chart"' in html
    assert "style=" not in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert "noindex" in response["X-Robots-Tag"]


def link_states():
    today = timezone.localdate()
    return {
        "unknown": lambda: new_token(),
        "revoked": lambda: HomeProgramFactory(link_revoked_at=timezone.now()).token,
        "expired": lambda: (
            HomeProgramFactory(
                start_date=today - timedelta(days=30), end_date=today - timedelta(days=1)
            ).token
        ),
    }


@pytest.mark.parametrize("name", ["exercises:program", "exercises:program_print"])
def test_unknown_revoked_and_expired_links_look_identical(client, name, django_assert_num_queries):
    bodies = set()
    for token_for in link_states().values():
        token = token_for()
        ProgramItemFactory(note=SECRET_NOTE)
        # 1 query: the program by token hash. Same work whichever way the link fails.
        with django_assert_num_queries(1):
            response = client.get(url(token, name))
        assert response.status_code == 404
        html = response.content.decode()
        assert "555-0100" in html  # the clinic's phone
        assert SECRET_NOTE not in html
        bodies.add(html.replace(token, "TOKEN"))
    assert len(bodies) == 1


def test_a_bad_link_cannot_log_a_session(client):
    program = HomeProgramFactory(link_revoked_at=timezone.now())
    response = client.post(url(program.token), {"pain": "3", "tingling_spread": "no"})
    assert response.status_code == 404
    assert not SessionLog.objects.exists()


def test_a_link_replaced_while_the_log_is_posted_gets_the_same_page(client, program, monkeypatch):
    from exercises import selectors, services

    found = selectors.program_for_token

    def found_then_replaced(token, *, today):
        result = found(token, today=today)
        services.program_link_reissue(program=HomeProgram.objects.get(pk=program.pk))
        return result

    monkeypatch.setattr(selectors, "program_for_token", found_then_replaced)
    response = client.post(url(program.token), {"pain": "3", "tingling_spread": "no"})
    assert response.status_code == 404
    assert "link_not_working" in [
        t.name.rsplit("/", 1)[-1].split(".")[0] for t in response.templates
    ]
    assert not SessionLog.objects.exists()


def test_logging_stores_then_confirms(client, program):
    response = client.post(
        url(program.token), {"pain": "6", "tingling_spread": "yes", "comment": "Sore after work"}
    )
    assert response.status_code == 302
    log = SessionLog.objects.get()
    assert (log.pain, log.tingling_spread, log.comment) == (6, True, "Sore after work")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Your session is saved" in html
    assert "Sore after work" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required"),
        ({"pain": "11", "tingling_spread": "no"}, "Select a valid choice"),
        ({"pain": "-1", "tingling_spread": "no"}, "Select a valid choice"),
        ({"pain": "<script>", "tingling_spread": "maybe"}, "Select a valid choice"),
        (
            {"pain": "2", "tingling_spread": "no", "comment": "x" * 5000},
            "at most 500 characters",
        ),
    ],
)
def test_hostile_input_gets_clear_messages(client, program, data, message):
    response = client.post(url(program.token), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SessionLog.objects.exists()


def test_markup_in_a_comment_is_shown_as_text(client, program):
    client.post(
        url(program.token),
        {"pain": "2", "tingling_spread": "no", "comment": "<img src=x onerror=alert(1)>"},
    )
    html = client.get(url(program.token)).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_daily_cap_is_a_message_not_an_error(client, program):
    SessionLogFactory.create_batch(MAX_LOGS_PER_DAY, program=program)
    response = client.post(url(program.token), {"pain": "2", "tingling_spread": "no"})
    assert response.status_code == 200
    assert "already logged" in response.content.decode()


@pytest.mark.parametrize("token", ["x" * 5000, "%00", "..", "<b>"])
def test_odd_tokens_get_the_friendly_page(client, token):
    response = client.get(f"/program/{token}/")
    assert response.status_code == 404


@pytest.mark.parametrize("count", [10, 100])
def test_the_page_costs_the_same_with_many_items_and_logs(client, django_assert_num_queries, count):
    program = HomeProgramFactory()
    ProgramItemFactory.create_batch(min(count, 20), program=program)
    today = timezone.localdate()
    for n in range(count):
        SessionLogFactory(program=program, logged_on=today - timedelta(days=n % 40), pain=n % 11)
    # 1 program by token hash, 2 items with their exercises, 3 recent logs.
    with django_assert_num_queries(3):
        response = client.get(url(program.token))
    assert response.status_code == 200


def test_the_print_view_has_a_qr_code_back_to_the_page(client, program):
    response = client.get(url(program.token, "exercises:program_print"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="qr-code"' in html
    assert f"http://testserver/program/{program.token}/" in html
    assert "print-handout" in html
    assert SECRET_NOTE in html
    assert "style=" not in html
