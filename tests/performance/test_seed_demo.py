from __future__ import annotations

from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max, Min

from appointments.codes import ALLOWED_TRANSITIONS, NOTE_REQUIRED_FOR
from appointments.models import AppointmentRequest, StatusChange
from clinic.models import Patient
from exercises.models import HomeProgram, SessionLog
from screening.models import Screening
from screening.schema import validate_answers
from screening.scoring import assess

pytestmark = pytest.mark.django_db

SMALL = ["--screenings=120", "--requests=80", "--patients=20"]


def seed(*args: str) -> None:
    call_command("seed_demo", *args, "--force", stdout=None)


def snapshot() -> list:
    return [
        # Not the token hashes: fresh secrets on every run, so that --add never repeats them.
        list(Screening.objects.order_by("pk").values_list("answers", "category")),
        list(AppointmentRequest.objects.order_by("pk").values_list("name", "status", "reference")),
        list(Patient.objects.order_by("pk").values_list("full_name", "email")),
    ]


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo")
    assert not Screening.objects.exists()


def test_it_runs_with_debug_on_without_force(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--screenings=3", "--requests=2", "--patients=1")
    assert Screening.objects.count() == 3


def test_it_seeds_the_volumes_asked_for():
    seed(*SMALL)
    assert Screening.objects.count() == 120
    assert AppointmentRequest.objects.count() == 80
    assert Patient.objects.count() == 20
    assert HomeProgram.objects.filter(patient__isnull=False).count() >= 20
    assert SessionLog.objects.exists()


def test_it_stores_what_the_scoring_module_computes():
    seed(*SMALL)
    for screening in Screening.objects.all():
        assessment = assess(validate_answers(screening.answers))
        assert screening.assessment == assessment.to_dict()
        assert screening.category == assessment.category
        assert screening.urgency == assessment.urgency


def test_it_varies_the_data():
    seed("--screenings=400", "--requests=200", "--patients=10")
    categories = set(Screening.objects.values_list("category", flat=True))
    assert categories == {
        "urgent_referral",
        "likely_sciatica",
        "likely_hamstring_strain",
        "uncertain",
    }
    assert set(Screening.objects.values_list("urgency", flat=True)) == {
        "emergency",
        "prompt",
        "none",
    }
    statuses = set(AppointmentRequest.objects.values_list("status", flat=True))
    assert statuses >= {"new", "contacted", "booked", "declined"}
    span = Screening.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert (span["last"] - span["first"]).days > 180


def test_its_requests_follow_the_workflow_and_carry_the_screening_urgency():
    seed(*SMALL)
    for request in AppointmentRequest.objects.select_related("screening"):
        expected = request.screening.urgency if request.screening else "none"
        assert request.urgency == expected
        changes = list(request.status_changes.order_by("changed_at", "pk"))
        statuses = ["new", *(change.to_status for change in changes)]
        assert statuses[-1] == request.status
        for before, after in pairwise(statuses):
            assert after in ALLOWED_TRANSITIONS[before]
        for change in changes:
            assert change.changed_at >= request.created_at
            if change.to_status in NOTE_REQUIRED_FOR:
                assert change.note
    assert StatusChange.objects.exists()


def test_it_is_deterministic_with_a_seed():
    seed(*SMALL, "--seed=7")
    first = snapshot()
    for model in (SessionLog, HomeProgram, AppointmentRequest, Screening, Patient):
        model.objects.all().delete()
    seed(*SMALL, "--seed=7")
    assert snapshot() == first


def test_it_leaves_existing_data_alone_unless_asked_to_add(capsys):
    seed(*SMALL)
    call_command("seed_demo", *SMALL, "--force")
    assert "not seeding" in capsys.readouterr().out
    assert Screening.objects.count() == 120

    seed("--screenings=5", "--requests=0", "--patients=0", "--add")
    assert Screening.objects.count() == 125


def test_it_adds_the_same_seed_again_without_repeating_a_link_or_a_reference():
    seed(*SMALL)
    seed(*SMALL, "--add")
    assert Screening.objects.count() == 240
    assert Screening.objects.values("token_hash").distinct().count() == 240
    programs = HomeProgram.objects.count()
    assert HomeProgram.objects.values("token_hash").distinct().count() == programs
    requests = AppointmentRequest.objects.count()
    assert AppointmentRequest.objects.values("reference").distinct().count() == requests
