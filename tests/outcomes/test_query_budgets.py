"""Query budgets of the outcome and reminder pages: the same count with 2 or 26 check-ins.

Staff requests add the nine queries every signed-in staff request runs (session, user, groups;
the audit event and the session update, each in a savepoint): tests/performance lists them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CheckInFactory, HomeProgramFactory, OutcomeTrackFactory, clinician

pytestmark = pytest.mark.django_db

STAFF = 9


@pytest.fixture
def program():
    program = HomeProgramFactory(start_date=timezone.localdate() - timedelta(days=400))
    OutcomeTrackFactory(program=program)
    return program


def add_checkins(program, count: int) -> None:
    for weeks in range(count):
        CheckInFactory(
            program=program,
            taken_on=timezone.localdate() - timedelta(days=14 * weeks),
            lefs_total=30 + weeks % 40,
        )


def test_the_clinician_s_outcome_page_runs_a_fixed_number_of_queries(
    client, program, django_assert_num_queries
):
    client.force_login(clinician())
    url = reverse("outcomes:program_outcomes", args=[program.pk])
    # 1. the program with its patient  2. its track with its baseline
    # 3. its sittings with who recorded them
    add_checkins(program, 1)
    with django_assert_num_queries(STAFF + 3):
        assert client.get(url).status_code == 200
    add_checkins(program, 25)
    with django_assert_num_queries(STAFF + 3):
        assert client.get(url).status_code == 200


def test_the_patient_s_check_in_page_runs_a_fixed_number_of_queries(
    client, program, django_assert_num_queries
):
    url = reverse("outcomes:checkin", args=[program.token])
    # 1. the program by its link's hash  2. its sittings  3. its track
    add_checkins(program, 1)
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200
    add_checkins(program, 25)
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


def test_the_patient_s_reminder_page_runs_a_fixed_number_of_queries(
    client, program, django_assert_num_queries
):
    # 1. the program by its link's hash  2. its active subscription
    with django_assert_num_queries(2):
        assert client.get(reverse("reminders:page", args=[program.token])).status_code == 200
