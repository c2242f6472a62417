from __future__ import annotations

import logging

import pytest
from django.core.exceptions import ValidationError

from clinic.tokens import hash_token
from screening.models import Screening
from screening.schema import AnswersError
from screening.scoring import MODEL_VERSION, assess
from screening.services import (
    RATE_LIMIT_COUNT,
    RateLimitedError,
    screening_review,
    screening_submit,
)
from tests.factories import ScreeningFactory, clinician

pytestmark = pytest.mark.django_db

ANSWERS = {"onset": "woke_up", "activity": "none", "numbness_tingling": True, "back_pain": True}


def test_it_stores_answers_and_the_assessment_as_computed():
    screening, token = screening_submit(answers=ANSWERS)
    screening.refresh_from_db()
    expected = assess(ANSWERS)
    assert screening.answers == ANSWERS
    assert screening.assessment == expected.to_dict()
    assert screening.category == expected.category
    assert screening.urgency == expected.urgency
    assert screening.nerve_probability == pytest.approx(expected.nerve_probability)
    assert screening.model_version == MODEL_VERSION
    assert screening.token_hash == hash_token(token)


def test_it_issues_an_unguessable_token():
    _, token = screening_submit(answers={})
    # 32 random bytes, URL-safe base64: 256 bits.
    assert len(token) >= 43
    _, other = screening_submit(answers={})
    assert other != token


def test_it_stores_the_normalised_answers():
    screening, _ = screening_submit(
        answers={"back_pain": None, "red_flags": ["constant_night_pain", "cancer_history"]}
    )
    assert screening.answers == {"red_flags": ["cancer_history", "constant_night_pain"]}


def test_it_refuses_invalid_answers_and_stores_nothing():
    with pytest.raises(AnswersError):
        screening_submit(answers={"back_pain": "yes"})
    assert not Screening.objects.exists()


def test_it_refuses_an_invalid_email():
    with pytest.raises(ValidationError):
        screening_submit(answers={}, contact_email="nope")
    assert not Screening.objects.exists()


def test_it_marks_a_screening_reviewed():
    screening = ScreeningFactory()
    reviewer = clinician()
    screening_review(screening=screening, reviewer=reviewer, note="  Called, booked.  ")
    screening.refresh_from_db()
    assert screening.reviewed_by == reviewer
    assert screening.reviewed_at is not None
    assert screening.review_note == "Called, booked."


# -- Submitting once, within the limit ---------------------------------------------------------


def test_a_token_already_stored_returns_its_screening_and_stores_nothing():
    first, token = screening_submit(answers=ANSWERS, token="t" * 43)
    again, same = screening_submit(answers={"onset": "gradual"}, contact_name="X", token=token)
    assert same == token
    assert again.pk == first.pk
    assert Screening.objects.count() == 1
    assert Screening.objects.get().contact_name == ""


def test_it_refuses_over_the_rate_limit_and_stores_nothing():
    for _ in range(RATE_LIMIT_COUNT):
        screening_submit(answers={}, submitter="s" * 64)
    with pytest.raises(RateLimitedError):
        screening_submit(answers={}, submitter="s" * 64)
    assert Screening.objects.count() == RATE_LIMIT_COUNT
    screening_submit(answers={}, submitter="o" * 64)  # another address


# -- The front desk hears of urgent screenings that left contact details -----------------------

EMERGENCY = {"onset": "gradual", "numbness_tingling": True, "red_flags": ["saddle_numbness"]}
CONTACT = {
    "contact_name": "Erin Urgent",
    "contact_email": "erin@example.org",
    "contact_phone": "+13145550142",
}


def test_it_emails_the_front_desk_after_commit_without_answers_or_contact_details(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.CLINIC_FRONT_DESK_EMAIL = "desk@clinic.example"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        screening_submit(answers=EMERGENCY, site_url="https://clinic.example/", **CONTACT)
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [email] = mailoutbox
    assert email.to == ["desk@clinic.example"]
    assert email.subject == "Call today: an online check with an emergency warning sign"
    assert (
        "A screening with an emergency warning sign left contact details: please call today."
        in email.body
    )
    assert "https://clinic.example/staff/requests/" in email.body
    text = email.subject + email.body
    for secret in ("Erin", "erin@example.org", "555", "0142", "numb", "saddle", "gradual"):
        assert secret not in text


def test_it_emails_about_a_prompt_screening_too(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        screening_submit(answers={"red_flags": ["cancer_history"]}, contact_phone="+13145550142")
    [email] = mailoutbox
    assert email.subject == "Call today: an online check with a warning sign"
    assert "please call today" in email.body


@pytest.mark.parametrize(
    ("answers", "contact"),
    [
        (EMERGENCY, {}),
        (EMERGENCY, {"contact_name": "Only A Name"}),
        ({"onset": "gradual", "red_flags": []}, CONTACT),
    ],
)
def test_it_sends_no_email_without_a_warning_sign_or_a_way_to_call(
    mailoutbox, django_capture_on_commit_callbacks, answers, contact
):
    with django_capture_on_commit_callbacks(execute=True):
        screening_submit(answers=answers, **contact)
    assert mailoutbox == []


def test_a_failing_mail_server_keeps_the_screening_and_logs_no_patient_data(
    django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.security.test_mail_failures.RefusingBackend"
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        screening, _token = screening_submit(answers=EMERGENCY, **CONTACT)
    assert Screening.objects.filter(pk=screening.pk).exists()
    [record] = [r for r in caplog.records if "call-today" in r.getMessage()]
    assert record.levelname == "ERROR"
    assert f"screening {screening.pk}" in record.getMessage()
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        for secret in ("Erin", "erin@example.org", "frontdesk@"):
            assert secret not in text
