from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from screening.codes import Category, Urgency
from screening.models import Screening
from screening.services import screening_submit
from tests.factories import ScreeningFactory, UserFactory, administrator, clinician, front_desk

pytestmark = pytest.mark.django_db

LIST = "/staff/screenings/"


def detail_url(screening) -> str:
    return f"/staff/screenings/{screening.pk}/"


def _pks(response) -> list[int]:
    return [screening.pk for screening in response.context["page"].object_list]


@pytest.mark.parametrize("url", [LIST, "/staff/screenings/1/"])
def test_it_sends_anonymous_visitors_to_the_login_page(client, url):
    ScreeningFactory()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("user_factory", [front_desk, UserFactory])
def test_it_refuses_staff_who_are_not_clinicians(client, user_factory):
    screening = ScreeningFactory(answers={"onset": "gradual"})
    client.force_login(user_factory())
    assert client.get(LIST).status_code == 403
    response = client.get(detail_url(screening))
    assert response.status_code == 403
    assert "gradual" not in response.content.decode()
    post = client.post(detail_url(screening), {"note": "x"})
    assert post.status_code == 403
    screening.refresh_from_db()
    assert screening.reviewed_at is None


@pytest.mark.parametrize("user_factory", [clinician, administrator])
def test_it_lets_clinicians_in(client, user_factory):
    screening = ScreeningFactory()
    client.force_login(user_factory())
    assert client.get(LIST).status_code == 200
    assert client.get(detail_url(screening)).status_code == 200


def test_it_lists_newest_first_with_red_flags_pinned_emergency_first(client):
    now = timezone.now()
    old_prompt = ScreeningFactory(urgency=Urgency.PROMPT)
    old_emergency = ScreeningFactory(urgency=Urgency.EMERGENCY)
    older = ScreeningFactory()
    newer = ScreeningFactory()
    new_prompt = ScreeningFactory(urgency=Urgency.PROMPT)
    for age, screening in enumerate([new_prompt, newer, older, old_emergency, old_prompt]):
        Screening.objects.filter(pk=screening.pk).update(created_at=now - timedelta(days=age))
    client.force_login(clinician())
    response = client.get(LIST)
    assert _pks(response) == [old_emergency.pk, new_prompt.pk, old_prompt.pk, newer.pk, older.pk]


def test_it_filters_by_category(client):
    sciatica = ScreeningFactory(category=Category.LIKELY_SCIATICA)
    ScreeningFactory(category=Category.LIKELY_HAMSTRING_STRAIN)
    client.force_login(clinician())
    response = client.get(LIST, {"category": "likely_sciatica"})
    assert _pks(response) == [sciatica.pk]


def test_it_filters_by_date_range(client):
    now = timezone.now()
    inside = ScreeningFactory()
    before = ScreeningFactory()
    after = ScreeningFactory()
    Screening.objects.filter(pk=inside.pk).update(created_at=now - timedelta(days=5))
    Screening.objects.filter(pk=before.pk).update(created_at=now - timedelta(days=20))
    Screening.objects.filter(pk=after.pk).update(created_at=now + timedelta(days=5))
    client.force_login(clinician())
    response = client.get(
        LIST,
        {
            "date_from": (now - timedelta(days=10)).date().isoformat(),
            "date_to": now.date().isoformat(),
        },
    )
    assert _pks(response) == [inside.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"category": "nonsense"},
        {"date_from": "yesterday"},
        {"date_from": "2025-02-30"},
        {"date_from": "2025-03-01", "date_to": "2025-01-01"},
        {"page": "999"},
        {"page": "-1"},
        {"page": "x" * 1000},
        {"category": "<script>"},
    ],
)
def test_it_never_fails_on_bad_filters(client, params):
    ScreeningFactory()
    client.force_login(clinician())
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_it_paginates_25_per_page_keeping_the_filters(client):
    ScreeningFactory.create_batch(30, category=Category.UNCERTAIN)
    client.force_login(clinician())
    response = client.get(LIST, {"category": "uncertain"})
    assert len(_pks(response)) == 25
    assert "category=uncertain&amp;page=2" in response.content.decode()
    second = client.get(LIST, {"category": "uncertain", "page": 2})
    assert len(_pks(second)) == 5


@pytest.mark.parametrize("rows", [10, 100])
def test_it_lists_with_a_constant_number_of_queries(client, django_assert_num_queries, rows):
    reviewer = clinician()
    for number in range(rows):
        ScreeningFactory(
            urgency=[Urgency.NONE, Urgency.PROMPT, Urgency.EMERGENCY][number % 3],
            reviewed_by=reviewer if number % 2 else None,
            reviewed_at=timezone.now() if number % 2 else None,
        )
    client.force_login(reviewer)
    # 1 session, 2 user, 3 the user's groups (roles), 4 COUNT for the paginator, 5 the page of
    # screenings joined with their reviewer, 6-8 audit event (savepoint, insert, release), 9-11
    # session save (savepoint, update, release).
    with django_assert_num_queries(11):
        response = client.get(LIST, {"category": "likely_hamstring_strain"})
    assert response.status_code == 200
    assert len(_pks(response)) == min(rows, 25)


def test_it_never_loads_answers_on_the_list(client):
    ScreeningFactory(answers={"onset": "woke_up"})
    client.force_login(clinician())
    response = client.get(LIST)
    screening = response.context["page"].object_list[0]
    assert "answers" in screening.get_deferred_fields()


def test_it_shows_answers_in_words_and_factors(client):
    screening, _ = screening_submit(
        answers={"onset": "woke_up", "back_pain": True, "red_flags": ["cancer_history"]},
        contact_name="Sam Lee",
        contact_phone="+13145550199",
    )
    client.force_login(clinician())
    content = client.get(detail_url(screening)).content.decode()
    assert "How did the pain start?" in content
    assert "I woke up with it" in content
    assert "Do you have low back pain too?" in content
    assert "Cancer now or in the past" in content
    assert "Pointed toward the nerve" in content
    assert "Sam Lee" in content
    assert "(314) 555-0199" in content
    assert "tel:+13145550199" in content
    assert content.count("<h1") == 1


def test_it_lists_linked_appointment_requests(client):
    from appointments.models import AppointmentRequest

    screening = ScreeningFactory()
    request = AppointmentRequest.objects.create(
        reference="ABCDEFGH",
        name="Sam",
        email="sam@example.com",
        contact_method="email",
        reason="thigh",
        consent=True,
        screening=screening,
    )
    client.force_login(clinician())
    response = client.get(detail_url(screening))
    assert response.context["appointment_requests"] == [request]
    assert f"/staff/requests/{request.pk}/" in response.content.decode()


def test_it_saves_a_review_note_and_mark(client):
    screening = ScreeningFactory()
    user = clinician()
    client.force_login(user)
    response = client.post(detail_url(screening), {"note": "Called the patient."})
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.review_note == "Called the patient."
    assert screening.reviewed_by == user
    assert screening.reviewed_at is not None
    page = client.get(detail_url(screening)).content.decode()
    assert f"Reviewed by {user.username}:" in page


def test_it_refuses_a_too_long_note(client):
    screening = ScreeningFactory()
    client.force_login(clinician())
    response = client.post(detail_url(screening), {"note": "x" * 6000})
    assert response.status_code == 200
    assert response.context["form"].errors
    screening.refresh_from_db()
    assert screening.reviewed_at is None


def test_it_returns_404_for_an_unknown_screening(client):
    client.force_login(clinician())
    assert client.get("/staff/screenings/999999/").status_code == 404


def test_it_takes_a_constant_number_of_queries_on_the_detail(client, django_assert_num_queries):
    screening = ScreeningFactory()
    client.force_login(clinician())
    # 1 session, 2 user, 3 groups, 4 the screening with its reviewer and patient, 5 its
    # appointment requests, 6-8 audit event, 9-11 session save.
    with django_assert_num_queries(11):
        assert client.get(detail_url(screening)).status_code == 200


def test_it_links_the_staff_home_to_the_list(client):
    client.force_login(clinician())
    assert LIST in client.get("/staff/").content.decode()


def test_it_keeps_the_filters_it_understood(client):
    sciatica = ScreeningFactory(category=Category.LIKELY_SCIATICA)
    ScreeningFactory(category=Category.UNCERTAIN)
    client.force_login(clinician())
    response = client.get(LIST, {"category": "likely_sciatica", "date_from": "nonsense"})
    assert _pks(response) == [sciatica.pk]
    content = response.content.decode()
    assert "Some filters were not understood" in content
    assert 'value="nonsense"' not in content


def _warning_signs(content: str) -> str:
    """The text of the "Warning signs" entry of the detail page."""
    return content.split("Warning signs</dt><dd>")[1].split("</dd>")[0]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"onset": "gradual"}, "Not answered"),
        ({"onset": "gradual", "red_flags": []}, "None of these"),
        ({"red_flags": ["cancer_history"]}, "Cancer now or in the past"),
    ],
)
def test_it_tells_unanswered_warning_signs_from_none(client, answers, expected):
    screening, _ = screening_submit(answers=answers)
    client.force_login(clinician())
    content = client.get(detail_url(screening)).content.decode()
    assert expected in _warning_signs(content)
    if "red_flags" not in answers:
        assert "None" not in _warning_signs(content)
        assert "<td>Not answered</td>" in content


def test_it_does_not_call_an_old_empty_warning_signs_answer_none(client):
    # Model 2026.1 stored [] whether the patient skipped the question or ticked nothing.
    screening = ScreeningFactory(answers={"red_flags": []}, model_version="2026.1")
    client.force_login(clinician())
    content = client.get(detail_url(screening)).content.decode()
    assert "None ticked (older form, may be skipped)" in _warning_signs(content)


def test_it_names_the_rule_and_when_for_a_combination(client):
    screening, _ = screening_submit(
        answers={"back_pain": True, "red_flags": ["fever_or_infection_risk"]}
    )
    client.force_login(clinician())
    content = client.get(detail_url(screening)).content.decode()
    entry = _warning_signs(content)
    assert "Emergency" in entry
    assert "Infection risk with back pain or night pain" in entry
    assert "When: Today." in entry


def test_the_answers_table_of_an_old_screening_does_not_say_none_of_these(client):
    screening = ScreeningFactory(answers={"red_flags": []}, model_version="2026.1")
    client.force_login(clinician())
    content = client.get(detail_url(screening)).content.decode()
    table = content.split('class="table table-sm screening-answers"')[1]
    assert "<td>None ticked (older form, may be skipped)</td>" in table
    assert "<td>None of these</td>" not in table


def test_an_emergency_shows_no_estimate_and_the_patient_s_action(client):
    screening, _ = screening_submit(
        answers={"numbness_tingling": True, "back_pain": True, "red_flags": ["saddle_numbness"]}
    )
    client.force_login(clinician())
    content = client.get(detail_url(screening)).content.decode()
    assert "<dd>No estimate: warning signs come first</dd>" in content
    assert "<dt>Patient was told</dt><dd>Get emergency care now</dd>" in content
    assert "%" not in content.split('class="screening-facts"')[1].split("</dl>")[0]
    # The list says the same.
    row = client.get(LIST).content.decode().split("<tbody>")[1]
    assert "No estimate: warning signs come first" in row
    assert "%" not in row


def test_it_shows_the_same_band_as_the_patient(client):
    screening, _ = screening_submit(
        answers={"numbness_tingling": True, "pain_below_knee": True, "back_pain": True}
    )
    client.force_login(clinician())
    content = client.get(detail_url(screening)).content.decode()
    assert "<dd>Leans nerve: about 80 in 100 for the nerve</dd>" in content
    assert "<dd>Your answers look more like pain from the sciatic nerve (sciatica).</dd>" in content
    row = client.get(LIST).content.decode().split("<tbody>")[1]
    assert "Leans nerve, about 80 in 100" in row


@pytest.mark.parametrize(
    ("urgency", "contact", "marked"),
    [
        (Urgency.EMERGENCY, {"contact_phone": "+13145550142"}, True),
        (Urgency.PROMPT, {"contact_email": "sam@example.com"}, True),
        (Urgency.EMERGENCY, {"contact_name": "Only A Name"}, False),
        (Urgency.NONE, {"contact_phone": "+13145550142"}, False),
    ],
)
def test_it_marks_urgent_screenings_with_contact_details_to_call_today(
    client, urgency, contact, marked
):
    screening = ScreeningFactory(urgency=urgency, **contact)
    client.force_login(clinician())
    row = client.get(LIST).content.decode().split("<tbody>")[1]
    assert ("Call today" in row) is marked
    assert ("Call today" in client.get(detail_url(screening)).content.decode()) is marked


def test_the_call_today_marker_goes_once_the_screening_is_reviewed(client):
    screening = ScreeningFactory(urgency=Urgency.EMERGENCY, contact_phone="+13145550142")
    client.force_login(clinician())
    client.post(detail_url(screening), {"note": "Called: going to the emergency department."})
    assert "Call today" not in client.get(LIST).content.decode().split("<tbody>")[1]
    assert "badge-call" not in client.get(detail_url(screening)).content.decode()
