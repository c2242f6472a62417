"""The patient's check-in page and the clinician's outcome pages."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.models import CheckIn, OutcomeTrack
from tests.factories import (
    CheckInFactory,
    HomeProgramFactory,
    OutcomeTrackFactory,
    clinician,
    front_desk,
)

pytestmark = pytest.mark.django_db


def form_data(*, lefs: int = 2, pain: int = 6, psfs=(3, 3, 3), activities=None) -> dict:
    data = {f"lefs_{number}": str(lefs) for number in range(1, 21)}
    data["pain"] = str(pain)
    for number, rating in enumerate(psfs, start=1):
        data[f"psfs_{number}"] = str(rating)
    for number, name in enumerate(activities or (), start=1):
        data[f"activity_{number}"] = name
    return data


@pytest.fixture
def program():
    return HomeProgramFactory()


def url(program) -> str:
    return reverse("outcomes:checkin", args=[program.token])


def test_the_first_check_in_asks_for_activities_and_stores_the_baseline(client, program):
    page = client.get(url(program))
    html = page.content.decode()
    assert page.status_code == 200
    assert "This is your first check-in" in html
    assert "Extreme difficulty or unable to perform activity" in html
    assert 'name="activity_1"' in html
    assert page["X-Robots-Tag"] == "noindex"
    assert "no-store" in page["Cache-Control"]

    response = client.post(
        url(program), form_data(activities=["Walking", "Stairs", "Sitting at work"])
    )
    assert response.status_code == 302
    checkin = CheckIn.objects.get(program=program)
    assert checkin.is_baseline
    assert checkin.lefs_total == 40
    assert checkin.recorded_by is None
    done = client.get(response["Location"]).content.decode()
    assert "Thank you. Your answers are saved." in done
    next_due = timezone.localdate() + timedelta(days=14)
    assert f"Your next check-in is on {next_due:%A}, {next_due:%B} {next_due.day}" in done


def test_missing_answers_come_back_with_messages_and_nothing_is_stored(client, program):
    data = form_data(activities=["Walking", "", ""])
    del data["lefs_7"]
    response = client.post(url(program), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some answers are missing" in html
    assert "Choose an answer." in html
    assert "Name an activity." in html
    assert not CheckIn.objects.exists()


def test_an_extra_activity_needs_both_its_name_and_its_rating(client, program):
    data = form_data(activities=["Walking", "Stairs", "Sitting", "Gardening"])
    response = client.post(url(program), data)
    assert "Choose how well you can do it." in response.content.decode()
    data = form_data(activities=["Walking", "Stairs", "Sitting"], psfs=(3, 3, 3, 5))
    response = client.post(url(program), data)
    assert "Name the activity you rated." in response.content.decode()
    data = form_data(activities=["Walking", "Stairs", "Sitting", "Gardening"], psfs=(3, 3, 3, 5))
    assert client.post(url(program), data).status_code == 302
    assert CheckIn.objects.get().psfs_activities == ["Walking", "Stairs", "Sitting", "Gardening"]


def test_a_due_check_in_rates_the_baseline_activities_by_name(client, program):
    OutcomeTrackFactory(program=program, next_due_on=timezone.localdate())
    html = client.get(url(program)).content.decode()
    assert "It is time for your check-in" in html
    assert "Walking to the bus" in html
    assert 'name="activity_1"' not in html
    assert client.post(url(program), form_data(lefs=3)).status_code == 302
    assert OutcomeTrack.objects.get(program=program).latest.lefs_total == 60


def test_before_it_is_due_the_page_says_when_and_a_post_changes_nothing(client, program):
    OutcomeTrackFactory(program=program, next_due_on=timezone.localdate() + timedelta(days=3))
    html = client.get(url(program)).content.decode()
    assert "Your next check-in is on" in html
    assert "<form" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert client.post(url(program), form_data()).status_code == 302
    assert CheckIn.objects.count() == 1


def test_unknown_revoked_and_expired_links_get_the_same_not_working_page(client, program):
    from exercises.services import program_link_revoke

    expired = HomeProgramFactory(end_date=timezone.localdate() - timedelta(days=1))
    revoked = HomeProgramFactory()
    program_link_revoke(program=revoked)
    bodies = set()
    for token in (secrets.token_urlsafe(32), expired.token, revoked.token):
        response = client.get(reverse("outcomes:checkin", args=[token]))
        assert response.status_code == 404
        assert response["X-Robots-Tag"] == "noindex"
        bodies.add(response.content)
        assert (
            client.post(reverse("outcomes:checkin", args=[token]), form_data()).status_code == 404
        )
    assert len(bodies) == 1
    assert b"This link does not work" in bodies.pop()


def test_the_clinician_sees_scores_over_time_against_the_mcid(client, program):
    today = timezone.localdate()
    base = CheckInFactory(
        program=program, is_baseline=True, taken_on=today - timedelta(days=28), lefs_total=30
    )
    CheckInFactory(program=program, taken_on=today - timedelta(days=14), lefs_total=35)
    latest = CheckInFactory(program=program, taken_on=today, lefs_total=42, pain=2)
    OutcomeTrackFactory(program=program, baseline=base, latest=latest)
    client.force_login(clinician())
    response = client.get(reverse("outcomes:program_outcomes", args=[program.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg viewBox="0 0 360 220"' in html
    assert "LEFS score at each check-in" in html
    assert "+12" in html  # 30 -> 42
    assert "Meaningful improvement" in html
    assert "+5" in html  # 30 -> 35
    assert "No meaningful change" in html
    assert "Walking to the bus" in html


def test_a_program_without_a_baseline_offers_to_record_it(client, program):
    client.force_login(clinician())
    html = client.get(reverse("outcomes:program_outcomes", args=[program.pk])).content.decode()
    assert "No baseline yet." in html
    assert "Record the baseline with the patient" in html


def test_a_clinician_records_the_baseline_with_the_patient(client, program):
    therapist = clinician()
    client.force_login(therapist)
    record = reverse("outcomes:record_checkin", args=[program.pk])
    assert client.get(record).status_code == 200
    response = client.post(record, form_data(activities=["Walking", "Stairs", "Sitting"]))
    assert response.status_code == 302
    assert CheckIn.objects.get().recorded_by == therapist
    page = client.get(response["Location"]).content.decode()
    assert "The check-in is saved." in page


def test_marking_a_program_reviewed_clears_the_mark(client, program):
    OutcomeTrackFactory(
        program=program, review_since=timezone.localdate(), review_reason="no_change_at_4_weeks"
    )
    client.force_login(clinician())
    page = client.get(reverse("outcomes:program_outcomes", args=[program.pk])).content.decode()
    assert "Needs review" in page
    response = client.post(reverse("outcomes:review_done", args=[program.pk]))
    assert response.status_code == 302
    track = OutcomeTrack.objects.get(program=program)
    assert track.review_since is None
    assert track.reviewed_at is not None


def test_the_front_desk_sees_no_outcomes(client, program):
    client.force_login(front_desk())
    assert client.get(reverse("outcomes:program_outcomes", args=[program.pk])).status_code == 403
