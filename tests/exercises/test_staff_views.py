"""Clinician pages: permissions, assigning a program, links, follow-up and the flagged panel."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clinic.tokens import hash_token
from exercises.models import Exercise, HomeProgram, ProgramTemplate
from exercises.services import program_flags_refresh
from exercises.staff_views import LINKS_SESSION_KEY
from staff.views import FLAGGED_ON_STAFF_HOME
from tests.factories import (
    HomeProgramFactory,
    PatientFactory,
    ProgramItemFactory,
    SessionLogFactory,
    clinician,
    front_desk,
)

pytestmark = pytest.mark.django_db

# Every signed-in staff request: session, user, groups; the audit trail's row (savepoint,
# insert, release) and the idle-timeout session save (savepoint, update, release).
STAFF_REQUEST = 9


@pytest.fixture
def program():
    program = HomeProgramFactory(patient=PatientFactory(email="pat@example.org"))
    ProgramItemFactory(program=program)
    return program


def staff_pages(program):
    patient = program.patient
    template = ProgramTemplate.objects.first()
    return [
        reverse("staff:patient_list"),
        reverse("staff:patient_create"),
        reverse("staff:patient_detail", args=[patient.pk]),
        reverse("exercises:program_assign", args=[patient.pk]),
        reverse("exercises:program_list"),
        reverse("exercises:program_detail", args=[program.pk]),
        reverse("exercises:template_list"),
        reverse("exercises:template_create"),
        reverse("exercises:template_edit", args=[template.pk]),
        reverse("exercises:staff_exercise_list"),
        reverse("exercises:staff_exercise_create"),
        reverse("exercises:staff_exercise_edit", args=["hip-hinge"]),
        reverse("exercises:avoid_edit", args=[1]),
    ]


def staff_actions(program):
    return [
        reverse(name, args=[program.pk])
        for name in (
            "exercises:program_new_link",
            "exercises:program_revoke",
            "exercises:program_email",
            "exercises:program_follow_up",
        )
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, program):
    for url in staff_pages(program):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    for url in staff_actions(program):
        assert client.post(url).status_code == 302, url
    program.refresh_from_db()
    assert program.link_revoked_at is None


def test_the_front_desk_gets_403_everywhere(client, program):
    client.force_login(front_desk())
    for url in staff_pages(program):
        assert client.get(url).status_code == 403, url
    for url in staff_actions(program):
        assert client.post(url).status_code == 403, url


def test_clinicians_can_open_every_page(client, program):
    client.force_login(clinician())
    for url in staff_pages(program):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("<h1") == 1, url
        assert "style=" not in html, url


def test_get_is_not_allowed_on_actions(client, program):
    client.force_login(clinician())
    # GET of the new-link URL shows a link made in this session, and of the switch-off URL
    # a page that asks to confirm (both tested below).
    for url in staff_actions(program)[2:]:
        assert client.get(url).status_code == 405, url


# Assigning ---


def formset_data(rows, prefix="items"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def row(slug, order, **extra):
    return {"exercise": str(Exercise.objects.get(slug=slug).pk), "ORDER": str(order), **extra}


def test_a_clinician_assigns_from_a_template_with_one_changed_dose(client):
    patient = PatientFactory(email="pat@example.org")
    client.force_login(clinician())
    template = ProgramTemplate.objects.get(name="Hamstring strain - early")
    url = reverse("exercises:program_assign", args=[patient.pk]) + f"?template={template.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "foam-roll-quadriceps" not in page.content.decode()  # names, not slugs, are shown
    initial = page.context["formset"].initial
    rows = []
    for position, values in enumerate(initial, start=1):
        fields = {k: "" if v is None else str(v) for k, v in values.items()}
        fields["ORDER"] = str(position)
        rows.append(fields)
    rows[-1]["reps"] = "8"  # the hinge: 8 instead of 5
    rows[0]["ORDER"] = "9"  # move the first exercise to the end
    rows[1]["DELETE"] = "on"  # drop the second
    data = {
        "title": "Hamstring strain - early",
        "start_date": timezone.localdate().isoformat(),
        "end_date": "",
        "email_link": "on",
        **formset_data(rows),
    }
    response = client.post(url, data)
    program = HomeProgram.objects.get(patient=patient)
    # Post/redirect/get: refreshing the link page cannot assign the program twice.
    assert response.status_code == 302
    assert response.url == reverse("exercises:program_new_link", args=[program.pk])
    response = client.get(response.url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    # Shown once: a refresh goes back to the program (the link left the session).
    again = client.get(reverse("exercises:program_new_link", args=[program.pk]))
    assert again.status_code == 302
    assert again.url == reverse("exercises:program_detail", args=[program.pk])
    assert LINKS_SESSION_KEY not in client.session
    assert HomeProgram.objects.filter(patient=patient).count() == 1
    assert program.source_template == template
    slugs = [item.exercise.slug for item in program.items.order_by("position")]
    assert slugs == [
        "standing-hip-flexor-stretch",
        "glute-bridge",
        "hip-hinge",
        "foam-roll-quadriceps",
    ]
    assert program.items.get(exercise__slug="hip-hinge").reps == 8
    # The page shows the link once; the database holds its hash only; the email carries it.
    token = re.search(r"/program/([\w-]{40,})/", response.content.decode()).group(1)
    assert program.token_hash == hash_token(token)
    assert len(mail.outbox) == 1
    assert token in mail.outbox[0].body
    assert "<svg" in response.content.decode()


def test_a_clinician_builds_a_program_from_scratch_without_javascript(client):
    patient = PatientFactory()
    client.force_login(clinician())
    url = reverse("exercises:program_assign", args=[patient.pk])
    base = {"title": "Custom", "start_date": timezone.localdate().isoformat()}
    # "Add another exercise row" re-renders with one more row and saves nothing.
    data = {**base, **formset_data([row("hip-hinge", 1)]), "add_row": "1"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert not HomeProgram.objects.exists()
    # Blank dose fields take the library's default dose.
    data = {**base, **formset_data([row("hip-hinge", 2), row("seated-nerve-glide", 1)])}
    response = client.post(url, data)
    assert response.status_code == 302
    program = HomeProgram.objects.get()
    items = list(program.items.order_by("position"))
    assert [i.exercise.slug for i in items] == ["seated-nerve-glide", "hip-hinge"]
    assert (items[1].sets, items[1].reps, items[1].days_per_week) == (2, 5, 3)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "Add at least one exercise."),
        ([{"ORDER": "1", "sets": "2"}], "Choose an exercise, or tick Remove."),
        ([{"exercise": "999999", "ORDER": "1"}], "Select a valid choice"),
        ([{"exercise": "<b>x</b>", "ORDER": "1"}], "Select a valid choice"),
        ("reps_and_hold", "Give repetitions or a hold time, not both."),
        ("huge", "Sets must be a whole number from 1 to 10."),
        ("word", "Enter a whole number."),
    ],
)
def test_bad_programs_get_clear_messages(client, rows, message):
    patient = PatientFactory()
    client.force_login(clinician())
    if rows == "reps_and_hold":
        rows = [row("glute-bridge", 1, reps="10", hold_seconds="30")]
    elif rows == "huge":
        rows = [row("glute-bridge", 1, sets="99999999999999999999")]
    elif rows == "word":
        rows = [row("glute-bridge", 1, sets="ten")]
    data = {
        "title": "<script>alert(1)</script>",
        "start_date": timezone.localdate().isoformat(),
        **formset_data(rows),
    }
    response = client.post(reverse("exercises:program_assign", args=[patient.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert not HomeProgram.objects.exists()


def test_an_empty_post_shows_errors(client):
    patient = PatientFactory()
    client.force_login(clinician())
    response = client.post(reverse("exercises:program_assign", args=[patient.pk]), {})
    assert response.status_code == 200
    assert not HomeProgram.objects.exists()


def test_an_end_date_before_the_start_is_refused(client):
    patient = PatientFactory()
    client.force_login(clinician())
    today = timezone.localdate()
    data = {
        "title": "Dates",
        "start_date": today.isoformat(),
        "end_date": (today - timedelta(days=3)).isoformat(),
        **formset_data([row("glute-bridge", 1)]),
    }
    response = client.post(reverse("exercises:program_assign", args=[patient.pk]), data)
    assert "The end date cannot be before the start date." in response.content.decode()


# Links ---


def test_a_new_link_replaces_the_old_one(client, program):
    client.force_login(clinician())
    response = client.post(reverse("exercises:program_new_link", args=[program.pk]), follow=True)
    assert response.status_code == 200
    new = re.search(r"/program/([\w-]{40,})/", response.content.decode()).group(1)
    assert client.get(reverse("exercises:program", args=[program.token])).status_code == 404
    assert client.get(reverse("exercises:program", args=[new])).status_code == 200


def test_the_link_page_shows_only_a_link_made_in_this_session(client, program):
    client.force_login(clinician())
    url = reverse("exercises:program_new_link", args=[program.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("exercises:program_detail", args=[program.pk])
    client.post(url)
    client.post(reverse("exercises:program_revoke", args=[program.pk]))
    # A revoked link is never shown again, even to the clinician who made it.
    assert client.get(url).status_code == 302


def test_revoking_switches_the_link_off(client, program):
    client.force_login(clinician())
    response = client.post(reverse("exercises:program_revoke", args=[program.pk]))
    assert response.status_code == 302
    assert client.get(reverse("exercises:program", args=[program.token])).status_code == 404


def test_email_sends_only_the_current_link(client, program):
    client.force_login(clinician())
    url = reverse("exercises:program_email", args=[program.pk])
    client.post(url, {"token": "not-the-token"})
    assert mail.outbox == []
    response = client.post(url, {"token": program.token})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pat@example.org"]
    assert program.token in mail.outbox[0].body


def test_email_refuses_a_revoked_link(client, program):
    program.link_revoked_at = timezone.now()
    program.save()
    client.force_login(clinician())
    client.post(reverse("exercises:program_email", args=[program.pk]), {"token": program.token})
    assert mail.outbox == []


# Follow-up ---


def flagged(program, *, tingling=False):
    today = timezone.localdate()
    SessionLogFactory(program=program, logged_on=today - timedelta(days=8), pain=2)
    SessionLogFactory(program=program, logged_on=today, pain=6, tingling_spread=tingling)
    program_flags_refresh()


def test_the_staff_home_lists_flagged_programs_in_constant_queries(
    client, django_assert_num_queries
):
    user = clinician()
    client.force_login(user)
    for _ in range(3):
        program = HomeProgramFactory()
        ProgramItemFactory(program=program)
        flagged(program, tingling=True)
    calm = HomeProgramFactory(patient=PatientFactory(full_name="Calm Person"))
    SessionLogFactory(program=calm, pain=1)
    client.get(reverse("staff:home"))  # warm up
    # The staff request; COUNT and page of unreviewed warning signs; the stored flags: COUNT
    # and page of flagged programs with their patients; COUNT of those ready to progress (none
    # here, so no page to fetch); COUNT and page of measures due, and of programs to review.
    with django_assert_num_queries(STAFF_REQUEST + 9):
        response = client.get(reverse("staff:home"))
    html = response.content.decode()
    assert "Programs that need attention" in html
    assert html.count("Reported spreading tingling or numbness") == 3
    flagged_panel = html.split('id="flagged-heading"')[1].split('id="ready-heading"')[0]
    assert "Calm Person" not in flagged_panel


def test_the_staff_home_shows_the_most_recent_flags_and_links_to_the_rest(client):
    client.force_login(clinician())
    for number in range(FLAGGED_ON_STAFF_HOME + 2):
        program = HomeProgramFactory(patient=PatientFactory(full_name=f"Flagged {number:02d}"))
        flagged(program, tingling=True)
    html = client.get(reverse("staff:home")).content.decode()
    assert html.count("Reported spreading tingling or numbness") == FLAGGED_ON_STAFF_HOME
    assert f"See all {FLAGGED_ON_STAFF_HOME + 2} programs that need attention" in html
    assert reverse("exercises:flagged_programs") in html


def test_the_flagged_programs_page_lists_every_flag_page_by_page(client):
    client.force_login(clinician())
    for number in range(27):
        program = HomeProgramFactory(patient=PatientFactory(full_name=f"Flagged {number:02d}"))
        flagged(program, tingling=True)
    calm = HomeProgramFactory(patient=PatientFactory(full_name="Calm Person"))
    SessionLogFactory(program=calm, pain=1)
    url = reverse("exercises:flagged_programs")
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    names = set(re.findall(r"Flagged \d\d", first + second))
    assert len(names) == 27
    assert first.count("Reported spreading tingling or numbness") == 25
    assert "Page 1 of 2" in first
    assert "Calm Person" not in first + second


def test_no_link_to_the_rest_when_every_flag_fits(client, program):
    flagged(program, tingling=True)
    client.force_login(clinician())
    html = client.get(reverse("staff:home")).content.decode()
    assert "Reported spreading tingling or numbness" in html
    assert "program that needs attention</a></p>" not in html
    assert "programs that need attention</a></p>" not in html


def test_the_front_desk_does_not_see_the_panel(client, program):
    flagged(program, tingling=True)
    client.force_login(front_desk())
    html = client.get(reverse("staff:home")).content.decode()
    assert "Programs that need attention" not in html
    assert program.patient.full_name not in html


def test_following_up_clears_the_flag_until_a_newer_log(client, program):
    flagged(program)
    client.force_login(clinician())
    detail = reverse("exercises:program_detail", args=[program.pk])
    assert "Pain up by 2 or more points" in client.get(detail).content.decode()
    client.post(reverse("exercises:program_follow_up", args=[program.pk]))
    assert "Pain up by 2 or more points" not in client.get(detail).content.decode()
    SessionLogFactory(program=program, pain=7, logged_at=timezone.now() + timedelta(minutes=1))
    program_flags_refresh()
    assert "Pain up by 2 or more points" in client.get(detail).content.decode()


@pytest.mark.parametrize("count", [10, 120])
def test_the_program_list_keeps_constant_queries(client, django_assert_num_queries, count):
    client.force_login(clinician())
    patient = PatientFactory()
    programs = HomeProgramFactory.create_batch(count, patient=patient)
    for program in programs[:30]:
        ProgramItemFactory(program=program)
        SessionLogFactory(program=program)
    # The staff request; count, page of programs with patients, their versions, recent logs.
    with django_assert_num_queries(STAFF_REQUEST + 4):
        response = client.get(reverse("exercises:program_list"))
    assert response.status_code == 200


def test_the_program_detail_keeps_constant_queries(client, django_assert_num_queries, program):
    client.force_login(clinician())
    today = timezone.localdate()
    for n in range(60):
        SessionLogFactory(program=program, logged_on=today - timedelta(days=n % 50))
    # The staff request; program with patient and who followed up, its versions with their
    # authors, recent logs; its items with exercises; count and page of all logs (with
    # their versions and exercises).
    with django_assert_num_queries(STAFF_REQUEST + 6):
        response = client.get(reverse("exercises:program_detail", args=[program.pk]))
    assert response.status_code == 200


# Library and templates ---


def test_a_clinician_edits_an_exercise_and_gets_clear_dose_messages(client):
    client.force_login(clinician())
    url = reverse("exercises:staff_exercise_edit", args=["hip-hinge"])
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update({"hold_seconds": "30"})
    response = client.post(url, data)
    assert "Give repetitions or a hold time, not both." in response.content.decode()
    data.update({"hold_seconds": "", "reps": "6", "name": "Hip hinge"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert Exercise.objects.get(slug="hip-hinge").reps == 6


def test_a_clinician_saves_a_template(client):
    client.force_login(clinician())
    data = {
        "name": "Runner - return",
        "description": "",
        "is_active": "on",
        **formset_data([row("hip-hinge", 1, reps="10"), row("glute-bridge", 2)]),
    }
    response = client.post(reverse("exercises:template_create"), data)
    assert response.status_code == 302
    template = ProgramTemplate.objects.get(name="Runner - return")
    assert [(i.exercise.slug, i.reps) for i in template.items.all()] == [
        ("hip-hinge", 10),
        ("glute-bridge", 10),
    ]


def test_a_template_name_is_unique(client):
    client.force_login(clinician())
    data = {"name": "Sciatica - early", **formset_data([row("glute-bridge", 1)])}
    response = client.post(reverse("exercises:template_create"), data)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


# Editing a live program ---


def edit_data(client, program):
    """The edit page's form as loaded, ready to post back."""
    page = client.get(reverse("exercises:program_edit", args=[program.pk]))
    assert page.status_code == 200
    form, formset = page.context["form"], page.context["formset"]
    data = {
        "title": form.initial.get("title", program.title),
        "end_date": "",
        "note": form.initial.get("note", ""),
        "version": str(form.initial["version"]),
    }
    rows = []
    for position, values in enumerate(formset.initial, start=1):
        fields = {k: "" if v is None else str(v) for k, v in values.items()}
        fields["ORDER"] = str(position)
        rows.append(fields)
    return data, rows


def test_a_clinician_edits_a_live_program_and_the_patient_keeps_the_link(client, program):
    client.force_login(clinician())
    ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug="hip-hinge"), reps=5)
    data, rows = edit_data(client, program)
    rows[1]["reps"] = "10"
    data["note"] = "Slow and steady."
    response = client.post(
        reverse("exercises:program_edit", args=[program.pk]), {**data, **formset_data(rows)}
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.version == 2
    assert program.items.get(exercise__slug="hip-hinge").reps == 10
    detail = client.get(reverse("exercises:program_detail", args=[program.pk])).content.decode()
    assert "Saved as version 2. The patient&#x27;s link stays the same." in detail
    assert "Hip hinge (straight-leg deadlift): now 10 repetitions" in detail
    assert "Version 1" in detail
    page = client.get(reverse("exercises:program", args=[program.token])).content.decode()
    assert "now 10 repetitions" in page
    assert "Slow and steady." in page


def test_up_and_down_buttons_move_rows_without_saving(client, program):
    client.force_login(clinician())
    ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug="hip-hinge"))
    data, rows = edit_data(client, program)
    url = reverse("exercises:program_edit", args=[program.pk])
    response = client.post(url, {**data, **formset_data(rows), "move": "1:up"})
    assert response.status_code == 200
    moved = [form["exercise"].value() for form in response.context["formset"].forms]
    assert moved[:2] == [rows[1]["exercise"], rows[0]["exercise"]]
    html = response.content.decode()
    assert 'formaction="#item-0"' in html
    assert "move Hip hinge (straight-leg deadlift) up" not in html  # it is first now
    assert "move Hip hinge (straight-leg deadlift) down" in html
    program.refresh_from_db()
    assert program.version == 1
    # Saving the moved rows saves the new order.
    forms = response.context["formset"].forms
    rows = [
        {f: "" if forms[i][f].value() is None else str(forms[i][f].value()) for f in rows[0]}
        for i in range(2)
    ]
    client.post(url, {**data, **formset_data(rows)})
    assert program.items.order_by("position").first().exercise.slug == "hip-hinge"
    assert (
        "the exercises are in a new order"
        in client.get(reverse("exercises:program", args=[program.token])).content.decode()
    )


@pytest.mark.parametrize("move", ["0:up", "9:down", "x", "1:sideways", ""])
def test_odd_moves_change_nothing_and_never_fail(client, program, move):
    client.force_login(clinician())
    data, rows = edit_data(client, program)
    response = client.post(
        reverse("exercises:program_edit", args=[program.pk]),
        {**data, **formset_data(rows), "move": move},
    )
    assert response.status_code == 200


def test_two_clinicians_editing_at_once_never_lose_an_update(client, program):
    client.force_login(clinician(first_name="Ana"))
    data, rows = edit_data(client, program)
    url = reverse("exercises:program_edit", args=[program.pk])
    first = {**data, **formset_data([{**rows[0], "reps": "12"}])}
    second = {**data, **formset_data([{**rows[0], "reps": "8"}])}
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this program while you were editing it" in html
    assert "now 12 repetitions" in html  # what the other edit did
    assert response.context["form"].initial["version"] == 2
    program.refresh_from_db()
    assert (program.version, program.items.get().reps) == (2, 12)


def test_an_edit_without_changes_makes_no_version(client, program):
    client.force_login(clinician())
    data, rows = edit_data(client, program)
    response = client.post(
        reverse("exercises:program_edit", args=[program.pk]), {**data, **formset_data(rows)}
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.version == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": "abc"}, "This form is out of date or damaged."),
        ({"end_date": "2000-01-01"}, "The end date cannot be before the start date"),
        ({"title": ""}, "This field is required."),
        ({"note": "x" * 5000}, "at most 1000 characters"),
    ],
)
def test_bad_edits_get_clear_messages(client, program, change, message):
    client.force_login(clinician())
    data, rows = edit_data(client, program)
    response = client.post(
        reverse("exercises:program_edit", args=[program.pk]),
        {**data, **formset_data(rows), **change},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    program.refresh_from_db()
    assert program.version == 1


def test_a_duplicate_exercise_is_refused(client, program):
    client.force_login(clinician())
    data, rows = edit_data(client, program)
    response = client.post(
        reverse("exercises:program_edit", args=[program.pk]),
        {**data, **formset_data([rows[0], {**rows[0], "ORDER": "2"}])},
    )
    assert "Each exercise can be in the list once" in response.content.decode()


# Progression ---


def ready_program():
    today = timezone.localdate()
    program = HomeProgramFactory(start_date=today - timedelta(days=20))
    ProgramItemFactory(
        program=program, exercise=Exercise.objects.get(slug="hip-hinge"), reps=5, days_per_week=3
    )
    for days_ago in (20, 18, 16, 6, 4, 2):
        SessionLogFactory(program=program, logged_on=today - timedelta(days=days_ago), pain=2)
    program.baseline_pain, program.baseline_until = 2.0, today - timedelta(days=14)
    program.save()
    program_flags_refresh()
    program.refresh_from_db()
    return program


def test_a_clinician_applies_a_progression_in_one_click(client):
    program = ready_program()
    client.force_login(clinician())
    home = client.get(reverse("staff:home")).content.decode()
    assert "Ready to progress" in home
    assert program.patient.full_name in home
    detail = client.get(reverse("exercises:program_detail", args=[program.pk]))
    html = detail.content.decode()
    assert "Hip hinge (straight-leg deadlift): repetitions from 5 to 7" in html
    item = program.items.get()
    response = client.post(
        reverse("exercises:program_progress", args=[program.pk]),
        {"item": str(item.pk), "version": "1"},
        follow=True,
    )
    assert "Saved as version 2: Hip hinge (straight-leg deadlift): now 7 repetitions." in (
        response.content.decode()
    )
    assert program.items.get().reps == 7
    # A second click (a stale page) changes nothing more.
    response = client.post(
        reverse("exercises:program_progress", args=[program.pk]),
        {"item": str(item.pk), "version": "1"},
        follow=True,
    )
    assert "Someone else changed this program" in response.content.decode()
    assert program.items.get().reps == 7


@pytest.mark.parametrize(
    "data", [{}, {"item": "x", "version": "1"}, {"item": "1", "version": "-3"}]
)
def test_a_broken_progression_post_changes_nothing(client, data):
    program = ready_program()
    client.force_login(clinician())
    response = client.post(reverse("exercises:program_progress", args=[program.pk]), data)
    assert response.status_code == 302
    assert program.items.get().reps == 5


def test_the_ready_list_shows_programs_ready_to_progress(client):
    program = ready_program()
    client.force_login(clinician())
    html = client.get(reverse("exercises:ready_programs")).content.decode()
    assert program.patient.full_name in html
    assert "Programs ready to progress" in html


def test_the_exercise_editor_sets_a_progression_rule_and_checks_it(client):
    client.force_login(clinician())
    url = reverse("exercises:staff_exercise_edit", args=["glute-bridge"])
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    response = client.post(
        url, {**data, "progress_by": "reps", "progress_step": "", "progress_max": "99"}
    )
    html = response.content.decode()
    assert "Give a step from 1 to 29." in html
    assert "Give a maximum from 1 to 30." in html
    response = client.post(
        url, {**data, "progress_by": "reps", "progress_step": "2", "progress_max": "16"}
    )
    assert response.status_code == 302
    bridge = Exercise.objects.get(slug="glute-bridge")
    assert (bridge.progress_by, bridge.progress_step, bridge.progress_max) == ("reps", 2, 16)


def test_switching_the_link_off_asks_first_and_works_without_javascript(client, program):
    client.force_login(clinician())
    detail = client.get(reverse("exercises:program_detail", args=[program.pk])).content.decode()
    url = reverse("exercises:program_revoke", args=[program.pk])
    assert f'href="{url}"' in detail
    confirm = client.get(url)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Switch the link off?" in html
    assert f'<form method="post" action="{url}">' in html
    # Asking changes nothing: the link still works until the button is pressed.
    assert client.get(reverse("exercises:program", args=[program.token])).status_code == 200
    client.post(url)
    assert client.get(reverse("exercises:program", args=[program.token])).status_code == 404
