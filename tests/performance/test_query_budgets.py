"""Query budgets: every list and detail page runs a fixed number of queries, however many rows.

Each test loads its page with 10 rows, then with 1,000 (bulk-inserted by seed_demo's Seeder),
and asserts the same exact count both times. The expected queries are listed in each test.

Every signed-in staff request also runs these (STAFF_BEFORE + STAFF_AFTER):
  before the view: 1. session  2. user  3. the user's group names (clinic.roles, once a request)
  after the view:  4-6. audit event INSERT (in a savepoint: SAVEPOINT, INSERT, RELEASE; in
                        production, outside any transaction, the INSERT alone)
                   7-9. session UPDATE (in a savepoint too; a transaction in production): at
                        most once a minute (clinic.middleware.IdleSessionMiddleware); the tests
                        count it on every request, the worst case
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appointments.models import AppointmentRequest
from clinic.models import Patient
from demo.seeding import Seeder
from exercises.models import Exercise, HomeProgram, SessionLog
from exercises.services import program_link_reissue, session_log_append
from outcomes.models import OutcomeTrack
from outcomes.scoring import REVIEW_NO_CHANGE
from screening.models import Screening
from screening.questionnaire import STATE_COOKIE
from screening.services import screening_submit
from tests.factories import HomeProgramFactory, clinician, front_desk, questionnaire_state

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 1000
STAFF = 9  # the nine queries of every staff request, listed above

NERVE_ANSWERS = {
    "onset": "gradual",
    "back_pain": True,
    "numbness_tingling": True,
    "pain_below_knee": True,
    "red_flags": [],
}


class World:
    """Grows the database by kind of row, through seed_demo's bulk Seeder."""

    def __init__(self, staff: list) -> None:
        self.seeder = Seeder(random.Random(8), now=timezone.now())
        self.seeder.clinicians = self.seeder.front_desk = staff

    def screenings(self, count: int) -> list[Screening]:
        return self.seeder.create_screenings(count, [])

    def requests(self, count: int) -> None:
        screenings = self.screenings(count)
        self.seeder.create_requests(count, screenings, self.patients(count // 10 + 1))

    def patients(self, count: int, *, programs: bool = False, log_days: int = 7) -> list[Patient]:
        patients = self.seeder.create_patients(count)
        if programs:
            self.seeder.create_programs(patients, log_days=log_days)
        return patients

    def logs(self, program: HomeProgram, count: int) -> None:
        """`count` logs spread over the program's last four weeks."""
        now = timezone.now()
        version = program.versions.get(number=program.version)
        SessionLog.objects.bulk_create(
            SessionLog(
                program=program,
                version=version,
                logged_at=now - timedelta(minutes=40 * i),
                logged_on=timezone.localdate(now - timedelta(minutes=40 * i)),
                pain=i % 10,
                tingling_spread=False,
                comment="Fine." if i % 3 else "",
            )
            for i in range(count)
        )


@pytest.fixture
def doctor():
    return clinician()


@pytest.fixture
def desk():
    return front_desk()


@pytest.fixture
def world(doctor, desk):
    return World([doctor, desk])


@pytest.fixture
def program(world):
    """A running program of a seeded patient, with a known link token."""
    patient = world.patients(1, programs=True)[0]
    program = HomeProgram.objects.filter(patient=patient).latest("start_date")
    program.end_date = None
    program.save(update_fields=["end_date"])
    program.token = program_link_reissue(program=program)
    return program


def load(client, url: str, *, status: int = 200, method: str = "get", data=None):
    response = getattr(client, method)(url, data or {})
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    assert response.status_code == status, url
    return response


def assert_constant(client, url, expected, grow, django_assert_num_queries, **kwargs) -> None:
    """The page runs `expected` queries with SMALL rows and again after growing to LARGE."""
    grow(SMALL)
    with django_assert_num_queries(expected):
        load(client, url, **kwargs)
    grow(LARGE - SMALL)
    with django_assert_num_queries(expected):
        load(client, url, **kwargs)


# -- public pages ------------------------------------------------------------------------------


def test_it_serves_the_home_page_without_queries(client, world, django_assert_num_queries):
    assert_constant(client, reverse("home"), 0, world.requests, django_assert_num_queries)


def test_it_serves_the_questionnaire_steps_without_queries(
    client, world, django_assert_num_queries
):
    # The answers so far travel in a signed cookie: no session, no database.
    start = reverse("screening:start")
    assert_constant(client, start, 0, world.screenings, django_assert_num_queries)
    client.cookies[STATE_COOKIE] = questionnaire_state(NERVE_ANSWERS, upto="symptoms")
    symptoms = reverse("screening:step", args=["symptoms"])
    with django_assert_num_queries(0):
        load(client, symptoms)
    with django_assert_num_queries(0):
        load(client, symptoms, method="post", data={"action": "next"}, status=302)


def test_it_stores_a_submission_in_constant_queries(client, world, django_assert_num_queries):
    contact = reverse("screening:step", args=["contact"])
    state = questionnaire_state(NERVE_ANSWERS)
    world.screenings(LARGE)
    # 1. is this state's result stored already? (the token's hash)  2. SAVEPOINT (a transaction
    # in production)  [PostgreSQL: the advisory lock on the address]  3. COUNT of this
    # address's screenings in the last hour  4. INSERT the screening  5. RELEASE
    expected = 6 if connection.vendor == "postgresql" else 5
    client.cookies[STATE_COOKIE] = state
    with django_assert_num_queries(expected):
        load(client, contact, method="post", data={"action": "next"}, status=302)
    # A replay of the same POST: 1. the token's hash finds the stored screening; nothing else.
    client.cookies[STATE_COOKIE] = state
    with django_assert_num_queries(1):
        load(client, contact, method="post", data={"action": "next"}, status=302)


def test_it_serves_a_stored_result_in_one_query(client, world, django_assert_num_queries):
    _screening, token = screening_submit(answers=NERVE_ANSWERS)
    url = reverse("screening:result", args=[token])
    # 1. the screening by its token's hash (only the columns the page needs)
    assert_constant(client, url, 1, world.screenings, django_assert_num_queries)


def test_it_serves_the_exercise_library_in_two_queries(client, world, django_assert_num_queries):
    # 1. exercises  2. what to avoid
    assert_constant(
        client, reverse("exercises:library"), 2, world.requests, django_assert_num_queries
    )


def test_it_serves_an_exercise_page_in_one_query(client, world, django_assert_num_queries):
    slug = Exercise.objects.order_by("pk").first().slug
    # 1. the exercise by slug
    assert_constant(
        client,
        reverse("exercises:detail", args=[slug]),
        1,
        world.requests,
        django_assert_num_queries,
    )


@pytest.mark.parametrize("page", ["exercises:program", "exercises:program_print"])
def test_it_serves_a_program_page_in_five_queries(
    page, client, world, program, django_assert_num_queries
):
    url = reverse(page, args=[program.token])
    # 1. the program by its token's hash  2. its items with their exercises
    # 3. its versions (what changed, the note, each week's rhythm)
    # 4. its logs of the last seven weeks (chart, adherence, history)  5. the avoid list
    assert_constant(client, url, 5, lambda n: world.logs(program, n), django_assert_num_queries)


def test_it_serves_the_today_view_in_two_queries(client, world, program, django_assert_num_queries):
    url = reverse("exercises:program_today", args=[program.token])
    # 1. the program by its token's hash  2. its items with their exercises
    assert_constant(client, url, 2, lambda n: world.logs(program, n), django_assert_num_queries)


def test_it_serves_the_appointment_form_without_queries(client, world, django_assert_num_queries):
    url = reverse("appointments:request")
    assert_constant(client, url, 0, world.requests, django_assert_num_queries)


def test_it_reads_the_carried_screening_in_one_query(client, world, django_assert_num_queries):
    _screening, token = screening_submit(answers=NERVE_ANSWERS)
    url = reverse("appointments:request") + f"?screening={token}"
    # 1. the screening by its token's hash
    assert_constant(client, url, 1, world.screenings, django_assert_num_queries)


# -- staff pages -------------------------------------------------------------------------------


def test_it_serves_the_screening_list_in_constant_queries(
    client, world, doctor, django_assert_num_queries
):
    client.force_login(doctor)
    # STAFF + 1. COUNT for the paginator  2. one page of screenings with their reviewers
    assert_constant(
        client,
        reverse("screening:staff_list"),
        STAFF + 2,
        world.screenings,
        django_assert_num_queries,
    )


def test_it_serves_a_screening_detail_in_constant_queries(
    client, world, doctor, django_assert_num_queries
):
    client.force_login(doctor)
    world.requests(SMALL)
    screening = AppointmentRequest.objects.filter(screening__isnull=False).first().screening
    url = reverse("screening:staff_detail", args=[screening.pk])
    # STAFF + 1. the screening with its reviewer and patient  2. its appointment requests
    assert_constant(client, url, STAFF + 2, world.requests, django_assert_num_queries)


def test_it_serves_the_request_queue_in_constant_queries(
    client, world, desk, django_assert_num_queries
):
    client.force_login(desk)
    # STAFF + 1. COUNT for the paginator  2. one page of requests with their screening's
    # category (a join, no answers)  3. the screenings to call today (at most 21, without
    # their answers; the seeded screenings include urgent ones with contact details)
    assert_constant(
        client,
        reverse("appointments:queue"),
        STAFF + 3,
        world.requests,
        django_assert_num_queries,
    )


def test_it_serves_a_request_detail_in_constant_queries(
    client, world, desk, django_assert_num_queries
):
    client.force_login(desk)
    world.requests(SMALL)
    request = AppointmentRequest.objects.filter(status="contacted").first()
    url = reverse("appointments:detail", args=[request.pk])
    # STAFF + 1. the request with its screening, patient and clinician  2. its history with who
    # changed it  3. the clinicians to book with
    assert_constant(client, url, STAFF + 3, world.requests, django_assert_num_queries)


def test_it_exports_the_queue_in_constant_queries(client, world, desk, django_assert_num_queries):
    client.force_login(desk)
    # STAFF + 1. all requests with their screening's category, streamed in chunks
    assert_constant(
        client,
        reverse("appointments:export"),
        STAFF + 1,
        world.requests,
        django_assert_num_queries,
    )


def test_it_serves_the_patient_list_in_constant_queries(
    client, world, doctor, django_assert_num_queries
):
    client.force_login(doctor)
    # STAFF + 1. COUNT for the paginator  2. one page of patients with their program counts
    assert_constant(
        client,
        reverse("staff:patient_list"),
        STAFF + 2,
        lambda n: world.patients(n, programs=True, log_days=0),
        django_assert_num_queries,
    )


def test_it_serves_a_patient_detail_in_constant_queries(
    client, world, doctor, program, django_assert_num_queries
):
    client.force_login(doctor)
    url = reverse("staff:patient_detail", args=[program.patient_id])
    # STAFF + 1. the patient  2. their programs  3. the programs' versions (each week's
    # rhythm)  4. their recent logs  5. the patient's appointment requests  6. the patient's
    # screenings
    assert_constant(
        client, url, STAFF + 6, lambda n: world.logs(program, n), django_assert_num_queries
    )


def test_it_serves_the_program_list_in_constant_queries(
    client, world, doctor, django_assert_num_queries
):
    client.force_login(doctor)
    # STAFF + 1. COUNT  2. one page of programs with their patients  3. their versions
    # (each week's rhythm)  4. their recent logs
    assert_constant(
        client,
        reverse("exercises:program_list"),
        STAFF + 4,
        lambda n: world.patients(n, programs=True),
        django_assert_num_queries,
    )


def test_it_serves_the_program_follow_up_in_constant_queries(
    client, world, doctor, program, django_assert_num_queries
):
    client.force_login(doctor)
    url = reverse("exercises:program_detail", args=[program.pk])
    # STAFF + 1. the program with its patient and who followed up  2. its versions with
    # their authors  3. its recent logs  4. its items with their exercises  5. COUNT of all
    # its logs  6. one page of them with their versions and the exercises named
    assert_constant(
        client, url, STAFF + 6, lambda n: world.logs(program, n), django_assert_num_queries
    )


def test_it_serves_the_program_editor_in_constant_queries(
    client, world, doctor, program, django_assert_num_queries
):
    client.force_login(doctor)
    url = reverse("exercises:program_edit", args=[program.pk])
    # STAFF + 1. the program with its patient  2. the exercises offered  3. its current
    # version (the note)  4. its items
    assert_constant(
        client, url, STAFF + 4, lambda n: world.logs(program, n), django_assert_num_queries
    )


def test_it_serves_the_front_desk_worklist_in_constant_queries(
    client, world, desk, django_assert_num_queries
):
    client.force_login(desk)
    # STAFF + 1. the screenings to call today  2. COUNT of open requests  3. COUNT of the
    # overdue ones  4. the first ten, the longest waiting first
    assert_constant(
        client, reverse("staff:home"), STAFF + 4, world.requests, django_assert_num_queries
    )


@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # The clinician's worklist: 1. COUNT of unreviewed warning signs (capped)  2. the first
        # ten  3. COUNT of the flagged programs (capped)  4. the first ten with their patients
        # 5. and 6. the same for the programs ready to progress  7. COUNT of measures due
        # 8. the first ten with their patients  9. COUNT of programs to review  10. the first
        # ten with what they show
        ("staff:home", 10),
        # 1. COUNT (capped)  2. one page of 25 with their patients
        ("exercises:flagged_programs", 2),
        ("exercises:ready_programs", 2),
    ],
)
def test_it_serves_the_flagged_programs_in_constant_queries(
    page, queries, client, world, doctor, program, django_assert_num_queries
):
    """The stored flags, read through their partial indexes: no flag is worked out here."""
    client.force_login(doctor)
    session_log_append(program=program, token=program.token, pain=4, tingling_spread=True)
    # Stored as the services would for a program ready to progress (tested in
    # tests/exercises/test_stored_flags.py): the page only reads the index.
    HomeProgramFactory(ready_to_progress_at=timezone.now())
    assert_constant(
        client,
        reverse(page),
        STAFF + queries,
        lambda n: world.patients(n, programs=True, log_days=14),
        django_assert_num_queries,
    )


@pytest.mark.parametrize("page", ["outcomes:measures_due", "outcomes:review_list"])
def test_it_serves_the_outcome_worklists_in_constant_queries(
    page, client, world, doctor, django_assert_num_queries
):
    # 1. COUNT (capped)  2. one page of 25 with what its rows show (JOINs)
    client.force_login(doctor)

    def grow(count: int) -> None:
        programs = HomeProgram.objects.filter(patient__in=world.patients(count, programs=True))
        world.seeder.create_outcomes(programs)
        # Every track marked, as a sitting with little change marks it.
        OutcomeTrack.objects.filter(program__in=programs).update(
            review_since=timezone.localdate(), review_reason=REVIEW_NO_CHANGE
        )

    assert_constant(client, reverse(page), STAFF + 2, grow, django_assert_num_queries)
    assert 'class="worklist"' in load(client, reverse(page)).content.decode()  # rows shown


@pytest.mark.parametrize(
    ("page", "grow", "role"),
    [
        ("screening:staff_list", lambda world: world.screenings(LARGE), "doctor"),
        ("appointments:queue", lambda world: world.requests(LARGE), "desk"),
        ("staff:patient_list", lambda world: world.patients(LARGE), "doctor"),
        (
            "exercises:program_list",
            lambda world: world.patients(LARGE // 4, programs=True),
            "doctor",
        ),
    ],
)
def test_a_deep_page_past_the_counted_rows_costs_what_the_first_page_costs(
    page, grow, role, request, client, world, monkeypatch, django_assert_num_queries
):
    """Past COUNT_CAP the count stops and pages go on with Next: page 12 runs the queries of
    page 1 (the capped COUNT, the page), not a count of every row."""
    monkeypatch.setattr("clinic.pagination.COUNT_CAP", 100)
    client.force_login(request.getfixturevalue(role))
    grow(world)
    url = reverse(page)
    with CaptureQueriesContext(connection) as first:
        load(client, url)
    with django_assert_num_queries(len(first.captured_queries)) as deep:
        response = load(client, url + "?page=12")
    counts = [
        query["sql"] for query in deep.captured_queries if query["sql"].startswith("SELECT COUNT(")
    ]
    assert len(counts) == 1
    assert "LIMIT 101" in counts[0]
    assert response.context["page"].paginator.capped
    assert response.context["page"].number == 12
    assert len(response.context["page"].object_list) > 0
