"""The patient's page behind the private link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.tokens import new_token
from exercises.models import HomeProgram, SessionLog
from exercises.services import MAX_LOGS_PER_DAY
from tests.factories import (
    HomeProgramFactory,
    PatientFactory,
    ProgramItemFactory,
    SessionLogFactory,
)

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
    assert '<svg viewBox="0 0 360 230" class="chart"' in html
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
    # 1 program by token hash, 2 items with their exercises, 3 versions, 4 recent logs,
    # 5 the avoid list.
    with django_assert_num_queries(5):
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


# The patient page on a phone, the answer to a log, what changed ----------------------------


def test_the_log_form_is_one_tap_from_the_top_and_the_scale_is_one_labelled_fieldset(
    client, program
):
    html = client.get(url(program.token)).content.decode()
    assert html.index('href="#log"') < html.index('id="exercise-1"')
    scale = html[html.index('class="pain-scale') : html.index("</fieldset>")]
    assert "<legend" in scale
    for value in range(11):
        assert f'<label for="id_pain_{value}">{value}</label>' in scale


def test_the_avoid_list_is_on_the_page_and_the_handout(client, program):
    for name in ("exercises:program", "exercises:program_print"):
        html = client.get(url(program.token, name)).content.decode()
        assert "Avoid for now" in html
        assert "Stretching the hamstrings" in html
        assert "Foam rolling on the sore or injured spot" in html


def test_day_one_shows_no_percentage_and_no_weeks_before_the_start(client):
    program = HomeProgramFactory(start_date=timezone.localdate())
    ProgramItemFactory(program=program)
    html = client.get(url(program.token)).content.decode()
    assert ">0%<" not in html
    assert "Week 1 of your program: 0 of 7 planned sessions done." in html
    assert html.count('<tr><th scope="row">Week ') == 1


def test_a_calm_log_is_thanked(client, program):
    response = client.post(url(program.token), {"pain": "2", "tingling_spread": "no"}, follow=True)
    html = response.content.decode()
    assert "Thank you. Your session is saved." in html
    assert "Stop the exercise that made it worse" not in html


def test_spreading_tingling_shows_the_advice_to_stop_and_call_at_once(client, program):
    exercise = program.items.get().exercise
    response = client.post(
        url(program.token),
        {"pain": "3", "tingling_spread": "yes", "provoking_exercise": str(exercise.pk)},
    )
    log = SessionLog.objects.get()
    assert response["Location"] == url(program.token) + f"?saved={log.pk}#answer"
    html = client.get(response["Location"]).content.decode()
    answer = html[html.index('id="answer"') :]
    assert html.index('id="answer"') < html.index('id="exercise-1"')
    assert "Stop the exercise that made it worse, and call us" in answer
    assert f"Stop doing this exercise for now: <strong>{exercise.name}</strong>" in answer
    assert 'href="tel:5550100"' in answer
    assert log.alerts == ["tingling_spread"]
    assert log.provoking_exercise == exercise
    program.refresh_from_db()
    assert program.flags == ["tingling_spread"]


def test_high_pain_without_a_named_exercise_asks_to_stop_the_one_that_made_it_worse(
    client, program
):
    response = client.post(url(program.token), {"pain": "9", "tingling_spread": "no"}, follow=True)
    html = response.content.decode()
    assert "You told us your pain was 9 out of 10." in html
    assert "If you are not sure which one, stop them all for now." in html


def test_the_answer_is_only_for_this_program_and_today(client, program):
    other = SessionLogFactory(pain=9, alerts=["pain_spike"])
    old = SessionLogFactory(
        program=program,
        pain=9,
        alerts=["pain_spike"],
        logged_on=timezone.localdate() - timedelta(days=1),
    )
    for saved in (other.pk, old.pk, "junk", "-1"):
        html = client.get(url(program.token), {"saved": saved}).content.decode()
        assert 'id="answer"' not in html


def test_an_unknown_provoking_exercise_is_refused(client, program):
    response = client.post(
        url(program.token), {"pain": "3", "tingling_spread": "no", "provoking_exercise": "99999"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not SessionLog.objects.exists()


def test_the_patient_sees_what_changed_with_the_same_link(client):
    from exercises import services
    from exercises.models import Exercise

    hinge = Exercise.objects.get(slug="hip-hinge")
    bridge = Exercise.objects.get(slug="glute-bridge")
    assigned = services.home_program_assign(
        patient=PatientFactory(),
        title="Hinge",
        start_date=timezone.localdate(),
        end_date=None,
        items=[services.ItemInput(hinge, 2, 5, None, 1, 3)],
        created_by=None,
    )
    services.home_program_edit(
        program=assigned.program,
        expected_version=1,
        title="Hinge",
        end_date=None,
        note="Keep your back flat.",
        items=[
            services.ItemInput(hinge, 2, 10, None, 1, 3),
            services.ItemInput(bridge, 2, 10, None, 1, 5),
        ],
        edited_by=None,
    )
    html = client.get(url(assigned.token)).content.decode()
    day = timezone.localdate().strftime("%-d %b")
    assert f"Changed on {day}:" in html
    hinge_change = "Hip hinge (straight-leg deadlift): now 10 repetitions"
    assert f"{hinge_change}; Glute bridge with a pelvic tilt added" in html
    assert "Keep your back flat." in html
    assert "2 sets of 10 repetitions" in html


def test_today_shows_one_exercise_at_a_time_with_next_and_previous(
    client, django_assert_num_queries
):
    from exercises.models import Exercise

    program = HomeProgramFactory()
    ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug="glute-bridge"))
    ProgramItemFactory(
        program=program,
        exercise=Exercise.objects.get(slug="kneeling-hip-flexor-stretch"),
        reps=None,
        hold_seconds=30,
    )
    today = url(program.token, "exercises:program_today")
    # 1 the program by its token's hash  2 its items with their exercises
    with django_assert_num_queries(2):
        first = client.get(today).content.decode()
    assert "Exercise 1 of 2" in first
    assert "Glute bridge with a pelvic tilt" in first
    assert 'href="?step=2"' in first
    assert "Previous exercise" not in first
    second = client.get(today, {"step": "2"}).content.decode()
    assert "Kneeling hip flexor stretch" in second
    assert "Hold for 30 seconds each time." in second  # without JavaScript, the words stay
    assert 'data-hold-seconds="30"' in second
    assert "/static/exercises/hold-timer." in second
    assert 'href="?step=1"' in second
    assert f"{url(program.token)}#log" in second
    for junk in ("0", "99", "x", "-5"):
        assert client.get(today, {"step": junk}).status_code == 200
    assert "<script>" not in second
