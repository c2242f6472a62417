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
    assert "See a doctor within a few days" in content
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
    assert "See a doctor within a few days" in content
    assert "warning signs come first, so we give no estimate" in content


def test_it_shows_the_likelihood_as_a_band_with_a_rounded_number(client):
    response, content, _ = result_page(client, NERVE)
    # History 3.0 (cap) x nerve signs 5.0 (cap) = 15 on even odds: 15/16, stored as 0.938.
    assert response.context["percent"] == 95
    assert "about 95 in 100" in content
    assert "93.8" not in content
    assert "94" not in content.split("Where your answers land")[1].split("</section>")[0]
    current = content.split("result-band__step--current")[1].split("</li>")[0]
    assert "Leans nerve" in current
    assert "(your answers)" in current
    _, content, _ = result_page(client, STRAIN)
    current = content.split("result-band__step--current")[1].split("</li>")[0]
    assert "Leans strain" in current


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
    assert 'Source:\n    <a href="#ref-mkumbuzi">Mkumbuzi (Kigali pilot study)</a>' in content
    assert "judgement" not in content.split("Why: the answers")[1].split("How it works")[0]
    # The sprint story is our judgement, informed by verrall2003: never "Source: verrall2003".
    _, content, _ = result_page(client, STRAIN)
    assert 'Source:\n    <a href="#ref-verrall2003">' not in content
    assert (
        'informed by\n    <a href="#ref-verrall2003">Verrall 2003 (Am J Sports Med)</a>' in content
    )


@pytest.mark.parametrize(
    ("answers", "heading", "text"),
    [
        (
            {"back_pain": True, "red_flags": ["fever_or_infection_risk"]},
            "Get medical help today",
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
            "See a doctor within a few days, and the same day if you cannot put weight on the leg",
            "the same day if you cannot put weight on the leg",
        ),
    ],
)
def test_it_leads_with_the_rule_and_its_timeframe(client, answers, heading, text):
    _, content, _ = result_page(client, answers)
    assert f'<h2 id="alert-heading">{heading}</h2>' in content
    assert text in content
    assert "What to do now" not in content


def _main(content: str) -> str:
    return content.split('<main id="main"')[1].split("</main>")[0]


def test_an_emergency_result_leads_with_the_call_and_hides_the_likelihood(client, settings):
    settings.CLINIC_PHONE = "314-555-0100"
    settings.EMERGENCY_PHONE = "911"
    _, content, _ = result_page(client, NERVE | {"red_flags": ["saddle_numbness"]})
    main = _main(content)
    links = main.split("<a ")[1:]
    # The first action on the page is the clinic's tap-to-call button, then the emergency number.
    assert links[0].startswith('class="btn btn-lg btn-danger result-call" href="tel:3145550100"')
    assert 'href="tel:911"' in links[1]
    assert main.index("Get emergency care now") < main.index('href="tel:3145550100"')
    assert "Call 911 if you cannot get to an emergency department safely" in main
    # The request form is a secondary action; no band, number or exercises.
    request = main.split("/appointments/request/")[0].rsplit("<a ", 1)[1]
    assert "btn-outline-primary" in request
    assert "btn-lg" not in request
    assert "Leans" not in main
    assert "in 100 that your pain comes from the nerve" not in main
    assert "What to do now" not in main
    # The other answers stay readable, folded away below the action.
    assert "<details" in main
    assert main.index("<details") > main.index("Request an appointment")


def test_a_same_day_emergency_says_get_medical_help_today(client):
    _, content, _ = result_page(
        client, {"back_pain": True, "red_flags": ["fever_or_infection_risk"]}
    )
    main = _main(content)
    assert '<h2 id="alert-heading">Get medical help today</h2>' in main
    assert "urgent care clinic today" in main
    assert 'href="tel:911"' in main


def test_a_prompt_result_offers_the_clinic_call_without_the_emergency_number(client):
    _, content, _ = result_page(client, NERVE | {"red_flags": ["unexplained_weight_loss"]})
    main = _main(content)
    assert main.split("<a ")[1].startswith('class="btn btn-lg btn-primary result-call" href="tel:')
    assert 'href="tel:911"' not in main
    assert "we will try to call you today" in main
    assert "two working days" not in main
    assert "Leans" not in main


def test_the_advice_differs_by_what_the_answers_lean_to(client):
    _, strain, _ = result_page(client, STRAIN)
    _, nerve, _ = result_page(client, NERVE)
    unclear_answers = {"onset": "sudden", "numbness_tingling": True, "felt_pop": True}
    _, unclear, _ = result_page(client, unclear_answers)
    assert "Stretching pulls on the torn muscle" in strain
    assert "Walk as normally as the pain allows." in strain
    assert "First, find the cause." not in strain
    assert "First, find the cause." in nerve
    assert "only if they do not spread your symptoms" in nerve
    assert "It pulls on the irritated nerve." in nerve
    assert "What to watch for" in unclear
    assert "Get checked by a physical therapist if any of these happen" in unclear
    assert "What to watch for" not in strain + nerve
    for content in (strain, nerve, unclear):
        assert "/exercises/glute-bridge/" in content


def test_it_explains_both_may_be_present_plainly(client):
    answers = {
        "onset": "sudden",
        "activity": "sprinting",
        "numbness_tingling": True,
        "pain_below_knee": True,
    }
    _, content, _ = result_page(client, answers)
    assert "a pulled hamstring can irritate the sciatic nerve, which runs right next to it" in (
        content
    )
    current = content.split("result-band__step--current")[1].split("</li>")[0]
    assert "Can&#x27;t tell" in current


def test_it_names_the_studies_with_their_journal_and_the_figure_quoted(client):
    _, content, _ = result_page(
        client, {"slump_reproduces_pain": True, "slump_ankle_increases": True}
    )
    references = content.split("Studies behind the numbers")[1]
    assert "Mkumbuzi" in references
    assert "Kigali pilot study, n=33" in references
    assert "slump test against MRI" in references
    assert "“sens 0.80, spec 0.71, LR+ 2.8, LR- 0.28”" in references
    _, content, _ = result_page(client, NERVE)
    assert "Vroomen 2002</span> (JNNP 2002, n=274)" in content
    assert "Our clinicians' judgement, informed by" in content
