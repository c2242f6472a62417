from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.services import patient_create
from clinic.tokens import hash_token
from exercises import services
from exercises.models import Exercise, HomeProgram, ProgramTemplate, SessionLog
from tests.factories import HomeProgramFactory, PatientFactory, clinician

pytestmark = pytest.mark.django_db


def item(slug="glute-bridge", **dose):
    exercise = Exercise.objects.get(slug=slug)
    fields = {
        "sets": exercise.sets,
        "reps": exercise.reps,
        "hold_seconds": exercise.hold_seconds,
        "times_per_day": exercise.times_per_day,
        "days_per_week": exercise.days_per_week,
        **dose,
    }
    return services.ItemInput(exercise=exercise, note="", **fields)


def assign(patient=None, items=None, **kwargs):
    return services.home_program_assign(
        patient=patient or PatientFactory(),
        title=kwargs.pop("title", "Sciatica - early"),
        start_date=kwargs.pop("start_date", timezone.localdate()),
        end_date=kwargs.pop("end_date", None),
        items=items if items is not None else [item(), item("hip-hinge")],
        created_by=kwargs.pop("created_by", None),
        **kwargs,
    )


def test_patient_create_requires_email_or_phone():
    with pytest.raises(ValidationError) as caught:
        patient_create(
            full_name="Sam Reed", email="", phone="", date_of_birth=None, created_by=None
        )
    assert caught.value.error_dict["__all__"][0].code == "no_contact"


def test_patient_create_stores_a_clean_record():
    user = clinician()
    patient = patient_create(
        full_name="  Sam Reed ",
        email="sam@example.org",
        phone="",
        date_of_birth=None,
        created_by=user,
    )
    assert (patient.full_name, patient.created_by) == ("Sam Reed", user)


def test_assign_stores_the_program_items_in_order_and_only_the_token_hash():
    assigned = assign(items=[item("hip-hinge"), item("glute-bridge", reps=12)])
    program = HomeProgram.objects.get()
    assert program.token_hash == hash_token(assigned.token)
    assert assigned.token not in program.token_hash
    assert len(assigned.token) >= 43  # 256 random bits, URL-safe
    items = list(program.items.order_by("position"))
    assert [i.exercise.slug for i in items] == ["hip-hinge", "glute-bridge"]
    assert items[1].reps == 12


def test_assign_is_all_or_nothing():
    bad = item("glute-bridge", hold_seconds=30)  # reps and hold together
    with pytest.raises(ValidationError):
        assign(items=[item(), bad])
    assert not HomeProgram.objects.exists()


def test_assign_needs_an_exercise():
    with pytest.raises(ValidationError) as caught:
        assign(items=[])
    assert caught.value.code == "no_items"


def test_assign_refuses_an_end_before_the_start():
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        assign(start_date=today, end_date=today - timedelta(days=1))
    assert "end_date" in caught.value.error_dict


def test_the_seeded_templates_exist_with_valid_doses():
    names = set(ProgramTemplate.objects.values_list("name", flat=True))
    assert {
        "Sciatica - early",
        "Hamstring strain - early",
        "Unsure or mixed - gentle start",
    } <= names
    for template in ProgramTemplate.objects.all():
        assert template.items.count() >= 3
        for template_item in template.items.all():
            template_item.full_clean()


def test_template_save_replaces_the_items():
    template = ProgramTemplate.objects.get(name="Sciatica - early")
    services.program_template_save(template=template, items=[item("hip-hinge", reps=8)])
    assert [(i.exercise.slug, i.reps) for i in template.items.all()] == [("hip-hinge", 8)]


def test_reissuing_the_link_retires_the_old_one():
    assigned = assign()
    new = services.program_link_reissue(program=assigned.program)
    assigned.program.refresh_from_db()
    assert assigned.program.token_hash == hash_token(new)
    assert not HomeProgram.objects.filter(token_hash=hash_token(assigned.token)).exists()


def test_reissuing_switches_a_revoked_program_back_on():
    program = HomeProgramFactory()
    services.program_link_revoke(program=program)
    assert not program.link_is_usable(timezone.localdate())
    services.program_link_reissue(program=program)
    assert program.link_is_usable(timezone.localdate())


def test_the_link_expires_after_the_end_date():
    today = timezone.localdate()
    program = HomeProgramFactory(end_date=today)
    assert program.link_is_usable(today)
    assert not program.link_is_usable(today + timedelta(days=1))


def test_email_sends_the_link_to_the_patient():
    assigned = assign(patient=PatientFactory(email="pat@example.org"))
    services.program_link_email(program=assigned.program, link="https://x.example/program/abc/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@example.org"]
    assert "https://x.example/program/abc/" in message.body
    assert "&amp;" not in message.body


def test_email_needs_an_address():
    assigned = assign(patient=PatientFactory(email="", phone="314-555-0101"))
    with pytest.raises(ValidationError) as caught:
        services.program_link_email(program=assigned.program, link="https://x.example/")
    assert caught.value.code == "no_email"
    assert mail.outbox == []


def test_log_append_stores_the_row_with_the_local_day():
    program = HomeProgramFactory()
    log = services.session_log_append(
        program=program, token=program.token, pain=4, tingling_spread=True, comment=" ok "
    )
    stored = SessionLog.objects.get()
    assert stored.pk == log.pk
    assert (stored.pain, stored.tingling_spread, stored.comment) == (4, True, "ok")
    assert stored.logged_on == timezone.localdate()


@pytest.mark.parametrize("pain", [-1, 11])
def test_log_append_refuses_pain_outside_0_to_10(pain):
    program = HomeProgramFactory()
    with pytest.raises(ValidationError):
        services.session_log_append(
            program=program, token=program.token, pain=pain, tingling_spread=False
        )
    assert not SessionLog.objects.exists()


def test_log_append_refuses_a_revoked_link():
    program = HomeProgramFactory(link_revoked_at=timezone.now())
    with pytest.raises(ValidationError) as caught:
        services.session_log_append(
            program=program, token=program.token, pain=1, tingling_spread=False
        )
    assert caught.value.code == "link_unusable"


def test_log_append_refuses_a_link_replaced_since_the_page_was_loaded():
    program = HomeProgramFactory()
    old_token = program.token
    services.program_link_reissue(program=HomeProgram.objects.get(pk=program.pk))
    with pytest.raises(ValidationError) as caught:
        services.session_log_append(program=program, token=old_token, pain=1, tingling_spread=False)
    assert caught.value.code == "link_unusable"
    assert not SessionLog.objects.exists()


def test_log_append_caps_logs_per_day():
    program = HomeProgramFactory()
    for _ in range(services.MAX_LOGS_PER_DAY):
        services.session_log_append(
            program=program, token=program.token, pain=1, tingling_spread=False
        )
    with pytest.raises(ValidationError) as caught:
        services.session_log_append(
            program=program, token=program.token, pain=1, tingling_spread=False
        )
    assert caught.value.code == "too_many_logs"


def test_follow_up_records_who_and_when():
    user = clinician()
    program = HomeProgramFactory()
    services.program_follow_up(program=program, user=user)
    program.refresh_from_db()
    assert program.followed_up_by == user
    assert program.followed_up_at is not None


# Versions: editing a live program ------------------------------------------------------------


def test_assign_writes_the_first_version_with_a_snapshot_and_the_note():
    assigned = assign(items=[item("hip-hinge")], note="Go gently.")
    version = assigned.program.versions.get()
    assert (version.number, version.kind, version.note) == (1, "assigned", "Go gently.")
    assert version.items[0]["name"] == "Hip hinge (straight-leg deadlift)"
    assert (version.times_per_day, version.days_per_week) == (1, 3)


def edit(program, expected=1, items=None, note="", **kwargs):
    return services.home_program_edit(
        program=program,
        expected_version=expected,
        title=kwargs.pop("title", program.title),
        end_date=kwargs.pop("end_date", program.end_date),
        note=note,
        items=items if items is not None else [item("hip-hinge", reps=10), item()],
        edited_by=kwargs.pop("edited_by", None),
        **kwargs,
    )


def test_an_edit_makes_a_new_version_and_keeps_the_link_and_the_old_version():
    assigned = assign(items=[item("hip-hinge")])
    program = assigned.program
    version = edit(program)
    program.refresh_from_db()
    assert (program.version, version.number) == (2, 2)
    assert program.token_hash == hash_token(assigned.token)
    assert [c["kind"] for c in version.changes] == ["dose", "added"]
    assert program.versions.get(number=1).items[0]["reps"] == 5
    assert [(i.exercise.slug, i.reps) for i in program.items.order_by("position")] == [
        ("hip-hinge", 10),
        ("glute-bridge", 10),
    ]


def test_a_log_stays_tied_to_the_version_it_was_done_under():
    assigned = assign(items=[item("hip-hinge")])
    program = assigned.program
    first = services.session_log_append(
        program=program, token=assigned.token, pain=2, tingling_spread=False
    )
    edit(program)
    second = services.session_log_append(
        program=program, token=assigned.token, pain=2, tingling_spread=False
    )
    assert (first.version.number, second.version.number) == (1, 2)


def test_a_stale_edit_is_refused_and_saves_nothing():
    program = assign(items=[item("hip-hinge")]).program
    edit(program, expected=1)
    with pytest.raises(services.StaleVersion) as caught:
        edit(program, expected=1, items=[item("glute-bridge")])
    assert caught.value.current == 2
    program.refresh_from_db()
    assert program.version == 2
    assert program.versions.count() == 2


def test_an_edit_that_changes_nothing_is_refused():
    program = assign(items=[item("hip-hinge")]).program
    with pytest.raises(ValidationError) as caught:
        edit(program, items=[item("hip-hinge")])
    assert caught.value.code == "no_change"
    assert program.versions.count() == 1


def test_an_exercise_can_be_in_a_program_once():
    program = assign(items=[item("hip-hinge")]).program
    with pytest.raises(ValidationError) as caught:
        edit(program, items=[item("hip-hinge"), item("hip-hinge", reps=8)])
    assert caught.value.code == "duplicate_exercise"


def test_an_unchanged_dose_keeps_its_start_day():
    program = assign(items=[item("hip-hinge")], start_date=timezone.localdate() - timedelta(days=9))
    program = program.program
    edit(program, items=[item("hip-hinge"), item()])
    hinge = program.items.get(exercise__slug="hip-hinge")
    bridge = program.items.get(exercise__slug="glute-bridge")
    assert hinge.dose_since == program.start_date
    assert bridge.dose_since == timezone.localdate()


# Logging: the advice a log calls for ----------------------------------------------------------


def test_a_log_with_spreading_tingling_or_high_pain_stores_the_advice_and_the_exercise():
    assigned = assign(items=[item("hip-hinge")])
    hinge = Exercise.objects.get(slug="hip-hinge")
    calm = services.session_log_append(
        program=assigned.program, token=assigned.token, pain=3, tingling_spread=False
    )
    assert calm.alerts == []
    worse = services.session_log_append(
        program=assigned.program,
        token=assigned.token,
        pain=6,
        tingling_spread=True,
        provoking_exercise=hinge,
    )
    assert worse.alerts == ["pain_spike", "tingling_spread"]  # 6 is 3 above the usual 3
    assert worse.provoking_exercise == hinge
    assigned.program.refresh_from_db()
    assert assigned.program.flags == ["pain_spike", "tingling_spread"]
    assert assigned.program.flagged_at is not None


# Progression -------------------------------------------------------------------------------


def ready_program():
    """A hinge program whose last week was full and pain-free after a settled baseline."""
    from tests.factories import SessionLogFactory

    today = timezone.localdate()
    assigned = assign(items=[item("hip-hinge")], start_date=today - timedelta(days=20))
    program = assigned.program
    for days_ago in (20, 18, 16, 6, 4, 2):
        SessionLogFactory(program=program, logged_on=today - timedelta(days=days_ago), pain=2)
    services._store_baseline(program)
    program.save()
    services.program_flags_refresh()
    program.refresh_from_db()
    return program


def test_a_progression_is_applied_as_a_new_version_by_a_clinician():
    program = ready_program()
    assert program.ready_to_progress_at is not None
    hinge = program.items.get()
    user = clinician()
    version = services.program_progression_apply(
        program=program, expected_version=1, item_id=hinge.pk, applied_by=user
    )
    assert (version.number, version.kind, version.created_by) == (2, "progressed", user)
    assert program.items.get().reps == 7
    assert version.changes == [
        {"kind": "dose", "name": hinge.exercise.name, "fields": {"reps": 7, "hold_seconds": None}}
    ]
    program.refresh_from_db()
    assert program.ready_to_progress_at is None  # the new dose waits a week


def test_a_progression_applied_twice_is_refused_the_second_time():
    program = ready_program()
    hinge = program.items.get()
    services.program_progression_apply(
        program=program, expected_version=1, item_id=hinge.pk, applied_by=None
    )
    with pytest.raises(services.StaleVersion):
        services.program_progression_apply(
            program=program, expected_version=1, item_id=hinge.pk, applied_by=None
        )
    new_hinge = program.items.get()
    with pytest.raises(ValidationError) as caught:
        services.program_progression_apply(
            program=program, expected_version=2, item_id=new_hinge.pk, applied_by=None
        )
    assert caught.value.code == "no_suggestion"
