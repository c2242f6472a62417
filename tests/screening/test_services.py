from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from clinic.tokens import hash_token
from screening.models import Screening
from screening.schema import AnswersError
from screening.scoring import MODEL_VERSION, assess
from screening.services import screening_review, screening_submit
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
