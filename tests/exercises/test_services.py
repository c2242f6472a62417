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
