from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from screening import scoring
from screening.services import screening_submit

pytestmark = pytest.mark.django_db

STRAIN = {
    "onset": "sudden",
    "activity": "sprinting",
    "felt_pop": True,
    "bruising": True,
    "back_pain": False,
    "numbness_tingling": False,
    "pain_below_knee": False,
}
NERVE = {
    "onset": "woke_up",
    "activity": "none",
    "back_pain": True,
    "buttock_pain": True,
    "numbness_tingling": True,
    "pain_below_knee": True,
    "slump_reproduces_pain": True,
    "slump_ankle_increases": True,
}


def result_page(client, answers):
    _, token = screening_submit(answers=answers)
    response = client.get(f"/screening/result/{token}/")
    assert response.status_code == 200
    return response, response.content.decode(), token


def test_it_shows_a_strain_result_with_advice(client):
    _, content, token = result_page(client, STRAIN)
    assert "look more like a pulled hamstring muscle" in content
    assert "What to do now" in content
    assert "Do not stretch your hamstrings" in content
    for slug in ("seated-nerve-glide", "foam-roll-quadriceps", "glute-bridge", "hip-hinge"):
        assert f"/exercises/{slug}/" in content
    assert "verrall2003" in content
    assert "education, not a diagnosis" in content
    assert "When to get help fast" in content
    assert f"/appointments/request/?screening={token}" in content
    assert content.count("<h1") == 1
    assert "style=" not in content


def test_it_shows_a_nerve_result(client):
    _, content, _ = result_page(client, NERVE)
    assert "pain from the sciatic nerve" in content
    assert "Pointed toward the nerve" in content
    # The slump's value is mkumbuzi's figure; the capped cluster as a whole is judgement.
    assert "mkumbuzi" in content
    assert "Our clinicians' judgement, informed by" in content


def test_it_shows_the_emergency_message_first_instead_of_exercises(client):
    _, content, _ = result_page(client, STRAIN | {"red_flags": ["bladder_bowel_change"]})
    assert "Get emergency care now" in content
    assert content.index("Get emergency care now") < content.index("What your other answers show")
    assert "What to do now" not in content
    assert "/exercises/glute-bridge/" not in content
    assert "New trouble controlling bladder or bowels" in content
    assert "When to get help fast" in content


def test_it_shows_the_prompt_message_for_a_prompt_red_flag(client):
    _, content, _ = result_page(client, NERVE | {"red_flags": ["unexplained_weight_loss"]})
    assert "See a doctor in the next few days" in content
    assert "Get emergency care now" not in content
    assert "What to do now" not in content
    assert "Weight loss you cannot explain" in content


def test_it_explains_a_mixed_picture(client):
    mixed = STRAIN | {"numbness_tingling": True, "pain_below_knee": True}
    _, content, _ = result_page(client, mixed)
    assert "signs of both" in content
    assert "Both can happen at the same time" in content
    # Neither label is claimed, so no one-sided number or marker either.
    assert "we give no estimate" in content
    assert "Our rough estimate" not in content
    assert "<circle" not in content


def test_it_explains_too_few_answers_without_an_estimate(client):
    _, content, _ = result_page(client, {"onset": "sudden"})
    assert "We need more answers to tell." in content
    assert "so we give no estimate" in content
    assert "<circle" not in content


def test_it_gives_no_estimate_under_a_red_flag_with_few_answers(client):
    _, content, _ = result_page(client, {"red_flags": ["cancer_history"]})
    assert "See a doctor in the next few days" in content
    assert "so we give no estimate" in content


def test_it_places_the_marker_on_the_scale(client):
    response, content, _ = result_page(client, NERVE)
    # History 3.0 (cap) x nerve signs 5.0 (cap) = 15 on even odds: 15/16.
    assert response.context["percent"] == 94
    assert 'cx="289.6"' in content  # the stored probability is rounded: 0.938


def test_it_renders_the_stored_assessment_after_the_model_changes(client, monkeypatch):
    _, before, token = result_page(client, STRAIN)
    stored_version = scoring.MODEL_VERSION
    monkeypatch.setattr(scoring, "MODEL_VERSION", "2099.9")
    monkeypatch.setattr(scoring, "TABLE", dataclasses.replace(scoring.TABLE, label_lr=1000.0))
    # The new model would say something else about the same answers...
    assert scoring.assess(STRAIN).category != "likely_hamstring_strain"
    # ...but the page shows what was stored.
    after = client.get(f"/screening/result/{token}/").content.decode()
    assert after == before
    assert scoring.MODEL_VERSION not in after
    assert f"model version {stored_version}" in after


def test_it_renders_an_old_stored_shape(client):
    from tests.factories import ScreeningFactory

    screening = ScreeningFactory()
    response = client.get(f"/screening/result/{screening.token}/")
    assert response.status_code == 200
    assert "look more like a pulled hamstring muscle" in response.content.decode()


@pytest.mark.parametrize("token", ["unknown", "x" * 500, "%00", "a.b-c_d"])
def test_it_shows_a_friendly_404_for_an_unknown_token(client, token):
    response = client.get(f"/screening/result/{token}/")
    assert response.status_code == 404
    assert "We could not find this result" in response.content.decode()


def test_it_keeps_results_out_of_caches_and_search_engines(client):
    response, content, _ = result_page(client, STRAIN)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert 'name="robots" content="noindex"' in content


# Assessments exactly as model 2026.1 stored them (its own codes, words and citations).
STORED_2026_1 = json.loads((Path(__file__).parent / "stored_2026_1.json").read_text())


@pytest.mark.parametrize("name", sorted(STORED_2026_1))
def test_it_renders_assessments_stored_by_model_2026_1(client, name):
    from tests.factories import ScreeningFactory

    stored = STORED_2026_1[name]
    screening = ScreeningFactory(
        assessment=stored,
        category=stored["category"],
        urgency=stored["urgency"],
        model_version="2026.1",
    )
    response = client.get(f"/screening/result/{screening.token}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "model version 2026.1" in content
    for factor in stored["factors"]:
        assert factor["label"] in content  # its own words, as stored


def test_it_shows_old_stored_results_with_their_own_headings(client):
    from tests.factories import ScreeningFactory

    mixed = STORED_2026_1["mixed"]
    screening = ScreeningFactory(assessment=mixed, category="uncertain", model_version="2026.1")
    content = client.get(f"/screening/result/{screening.token}/").content.decode()
    assert "signs of both" in content
    assert "<circle" not in content
    emergency = STORED_2026_1["emergency"]
    screening = ScreeningFactory(
        assessment=emergency, category="urgent_referral", urgency="emergency"
    )
    content = client.get(f"/screening/result/{screening.token}/").content.decode()
    assert "Get emergency care now" in content
    assert "Pain, numbness or weakness in both legs" in content  # the old question's words
    assert "nerves at the bottom of your spine are badly squeezed" in content


def test_it_shows_both_may_be_present_after_a_sprint_with_nerve_signs(client):
    answers = {
        "onset": "sudden",
        "activity": "sprinting",
        "numbness_tingling": True,
        "pain_below_knee": True,
        "cough_sneeze_worse": True,
        "felt_pop": False,
        "bruising": False,
    }
    _, content, _ = result_page(client, answers)
    assert "both may be present" in content
    assert "look more like a pulled hamstring" not in content
    assert "<circle" not in content


def test_it_says_so_when_no_answer_points_either_way(client):
    answers = dict.fromkeys(
        ("numbness_tingling", "pain_below_knee", "cough_sneeze_worse", "back_pain", "buttock_pain"),
        False,
    )
    _, content, _ = result_page(client, answers)
    assert "do not show a clear sign of either" in content
    assert "no clear sign of either problem, so we give no estimate" in content
    assert "look more like" not in content


def test_it_writes_factor_words_that_match_each_answer(client):
    answers = NERVE | {"pain_below_knee": False, "cough_sneeze_worse": False}
    _, content, _ = result_page(client, answers)
    assert "You have numbness, tingling or pins and needles in the leg." in content
    assert "The pain stays above the knee." in content
    assert "Coughing or sneezing does not make the leg pain worse." in content
    assert "no numbness" not in content
    assert "do not have the usual nerve signs" not in content


def test_it_shows_judgement_as_judgement_and_study_figures_as_sources(client):
    # Only the slump answered: its value is mkumbuzi's printed LR+ 2.8.
    _, content, _ = result_page(
        client, {"slump_reproduces_pain": True, "slump_ankle_increases": True}
    )
    assert 'Source:\n    <a href="#ref-mkumbuzi">mkumbuzi</a>' in content
    assert "judgement" not in content.split("Why: the answers")[1].split("How it works")[0]
    # The sprint story is our judgement, informed by verrall2003: never "Source: verrall2003".
    _, content, _ = result_page(client, STRAIN)
    assert 'Source:\n    <a href="#ref-verrall2003">' not in content
    assert "informed by" in content


@pytest.mark.parametrize(
    ("answers", "heading", "text"),
    [
        (
            {"back_pain": True, "red_flags": ["fever_or_infection_risk"]},
            "See a doctor today",
            "infection near the spine",
        ),
        (
            {"back_pain": True, "red_flags": ["cancer_history", "constant_night_pain"]},
            "See a doctor within 1 to 2 days",
            "within 1 to 2 days",
        ),
        (
            {
                "onset": "sudden",
                "activity": "slip_or_splits",
                "felt_pop": True,
                "sit_bone_pain": True,
                "red_flags": [],
            },
            "See a doctor in the next few days",
            "the same day if you cannot put weight on the leg",
        ),
    ],
)
def test_it_leads_with_the_rule_and_its_timeframe(client, answers, heading, text):
    _, content, _ = result_page(client, answers)
    assert f'<h2 id="alert-heading">{heading}</h2>' in content
    assert text in content
    assert "What to do now" not in content
