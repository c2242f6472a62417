from __future__ import annotations

import dataclasses
import json

import pytest

from screening import scoring
from screening.codes import EMERGENCY_RED_FLAGS, PROMPT_RED_FLAGS, Category, Urgency
from screening.schema import validate_answers
from screening.scoring import JUDGEMENT, assess

# A full, neutral-ish history that alone leaves the category to the item under test.
STRAIN_PICTURE = {
    "onset": "sudden",
    "activity": "sprinting",
    "back_pain": False,
    "buttock_pain": False,
    "numbness_tingling": False,
    "pain_below_knee": False,
    "felt_pop": True,
    "bruising": True,
    "resisted_knee_bend_pain": True,
}
NERVE_PICTURE = {
    "onset": "woke_up",
    "activity": "none",
    "back_pain": True,
    "buttock_pain": True,
    "numbness_tingling": True,
    "pain_below_knee": True,
    "felt_pop": False,
    "bruising": False,
}


def score(**answers):
    return assess(validate_answers(answers))


def factor(assessment, code):
    matches = [f for f in assessment.factors if f.code == code]
    return matches[0] if matches else None


def test_it_starts_from_the_prior_with_no_answers():
    assessment = score()
    assert assessment.nerve_probability == pytest.approx(scoring.TABLE.prior)
    assert assessment.factors == ()
    assert assessment.category == Category.UNCERTAIN
    assert assessment.reason == "too_few_answers"


def test_it_calls_a_clear_strain_picture_a_strain():
    assessment = score(**STRAIN_PICTURE)
    assert assessment.category == Category.LIKELY_HAMSTRING_STRAIN
    assert assessment.urgency == Urgency.NONE


def test_it_calls_a_clear_nerve_picture_sciatica():
    assessment = score(**NERVE_PICTURE)
    assert assessment.category == Category.LIKELY_SCIATICA


# Each item, answered alone, moves the odds the documented way.
@pytest.mark.parametrize(
    ("answers", "code", "direction"),
    [
        ({"onset": "sudden", "activity": "sprinting"}, "onset", "strain"),
        ({"onset": "sudden", "activity": "kicking_or_overstretching"}, "onset", "strain"),
        ({"onset": "sudden", "activity": "fall_or_blow"}, "onset", "strain"),
        ({"onset": "sudden", "activity": "lifting_or_bending"}, "onset", "nerve"),
        ({"onset": "gradual"}, "onset", "nerve"),
        ({"onset": "woke_up", "activity": "none"}, "onset", "nerve"),
        ({"onset": "woke_up", "activity": "sprinting"}, "onset", "strain"),
        ({"activity": "sprinting"}, "onset", "strain"),
        ({"numbness_tingling": True}, "nerve_symptoms", "nerve"),
        ({"numbness_tingling": False}, "nerve_symptoms", "strain"),
        ({"pain_below_knee": True}, "nerve_symptoms", "nerve"),
        ({"pain_below_knee": False}, "nerve_symptoms", "strain"),
        ({"cough_sneeze_worse": True}, "nerve_symptoms", "nerve"),
        ({"cough_sneeze_worse": False}, "nerve_symptoms", "strain"),
        ({"back_pain": True, "leg_pain_worse_than_back": True}, "nerve_symptoms", "nerve"),
        ({"back_pain": True, "leg_pain_worse_than_back": False}, "nerve_symptoms", "strain"),
        ({"back_pain": True}, "back_buttock", "nerve"),
        ({"back_pain": False}, "back_buttock", "strain"),
        ({"buttock_pain": True}, "back_buttock", "nerve"),
        ({"buttock_pain": False}, "back_buttock", "strain"),
        ({"worse_sitting": True}, "back_buttock", "nerve"),
        ({"worse_sitting": False}, "back_buttock", "strain"),
        ({"felt_pop": True}, "strain_signs", "strain"),
        ({"felt_pop": False}, "strain_signs", "nerve"),
        ({"bruising": True}, "strain_signs", "strain"),
        ({"bruising": False}, "strain_signs", "nerve"),
        ({"resisted_knee_bend_pain": True}, "strain_signs", "strain"),
        ({"resisted_knee_bend_pain": False}, "strain_signs", "nerve"),
        ({"slump_reproduces_pain": False}, "slump", "strain"),
        ({"slump_reproduces_pain": True, "slump_ankle_increases": True}, "slump", "nerve"),
        ({"slump_reproduces_pain": True, "slump_neck_eases": True}, "slump", "nerve"),
        ({"pain_now": 7}, "pain_now", "neutral"),
    ],
)
def test_it_moves_each_factor_the_documented_way(answers, code, direction):
    assessment = score(**answers)
    found = factor(assessment, code)
    assert found is not None
    assert found.direction == direction
    # Compared with the same answers without the item under test (the last one); onset and
    # activity form one factor, compared with the prior.
    if code == "onset":
        before = scoring.TABLE.prior
    else:
        before = score(**dict(list(answers.items())[:-1])).nerve_probability
    if direction == "nerve":
        assert assessment.nerve_probability > before
    elif direction == "strain":
        assert assessment.nerve_probability < before
    else:
        assert assessment.nerve_probability == pytest.approx(before)


def test_it_tells_waking_sore_after_sprints_from_waking_sore_for_no_reason():
    after_sprints = score(onset="woke_up", activity="sprinting")
    no_reason = score(onset="woke_up", activity="none")
    assert after_sprints.nerve_probability < scoring.TABLE.prior < no_reason.nerve_probability


def test_it_ignores_leg_worse_than_back_without_back_pain():
    assert factor(score(leg_pain_worse_than_back=True), "nerve_symptoms") is None
    assert factor(score(back_pain=False, leg_pain_worse_than_back=True), "nerve_symptoms") is None


def test_it_counts_correlated_nerve_symptoms_once():
    all_yes = score(
        numbness_tingling=True,
        pain_below_knee=True,
        cough_sneeze_worse=True,
        back_pain=True,
        leg_pain_worse_than_back=True,
    )
    cluster = scoring.TABLE.clusters["nerve_symptoms"]
    assert factor(all_yes, "nerve_symptoms").likelihood_ratio == cluster.lr_ceiling
    all_no = score(numbness_tingling=False, pain_below_knee=False, cough_sneeze_worse=False)
    assert factor(all_no, "nerve_symptoms").likelihood_ratio >= cluster.lr_floor


def test_it_counts_the_slump_strongly_only_with_differentiation():
    strong = factor(score(slump_reproduces_pain=True, slump_ankle_increases=True), "slump")
    no_change = factor(
        score(slump_reproduces_pain=True, slump_ankle_increases=False, slump_neck_eases=False),
        "slump",
    )
    not_done = factor(score(slump_reproduces_pain=True), "slump")
    assert strong.likelihood_ratio >= 3
    assert no_change.likelihood_ratio == 1.0
    assert no_change.direction == "neutral"
    assert 1.0 <= not_done.likelihood_ratio < 1.5


def test_it_ignores_differentiation_without_the_patients_own_pain():
    assert factor(score(slump_ankle_increases=True, slump_neck_eases=True), "slump") is None
    negative = factor(score(slump_reproduces_pain=False, slump_ankle_increases=True), "slump")
    assert negative.direction == "strain"


@pytest.mark.parametrize("code", sorted(EMERGENCY_RED_FLAGS))
def test_it_sends_emergency_red_flags_to_urgent_referral(code):
    assessment = score(**STRAIN_PICTURE, red_flags=[code])
    assert assessment.category == Category.URGENT_REFERRAL
    assert assessment.urgency == Urgency.EMERGENCY
    assert assessment.red_flags == (code,)
    assert assessment.reason == "red_flag"


@pytest.mark.parametrize("code", sorted(PROMPT_RED_FLAGS))
def test_it_sends_prompt_red_flags_to_urgent_referral(code):
    assessment = score(**NERVE_PICTURE, red_flags=[code])
    assert assessment.category == Category.URGENT_REFERRAL
    assert assessment.urgency == Urgency.PROMPT


def test_it_lets_emergency_win_over_prompt():
    assessment = score(red_flags=["cancer_history", "progressive_weakness"])
    assert assessment.urgency == Urgency.EMERGENCY
    assert assessment.red_flags == ("progressive_weakness", "cancer_history")


def test_it_never_blends_red_flags_into_the_probability():
    without = score(**NERVE_PICTURE)
    with_flag = score(**NERVE_PICTURE, red_flags=["saddle_numbness"])
    assert with_flag.nerve_probability == without.nerve_probability
    assert with_flag.factors == without.factors


def test_it_treats_an_empty_red_flag_list_as_no_red_flag():
    assessment = score(**STRAIN_PICTURE, red_flags=[])
    assert assessment.urgency == Urgency.NONE
    assert assessment.category == Category.LIKELY_HAMSTRING_STRAIN


def test_it_calls_strong_nerve_and_strain_signs_together_mixed():
    assessment = score(
        **STRAIN_PICTURE
        | {"numbness_tingling": True, "pain_below_knee": True, "slump_reproduces_pain": True}
        | {"slump_ankle_increases": True}
    )
    assert assessment.category == Category.UNCERTAIN
    assert assessment.reason == "mixed"


def test_it_calls_one_strain_sign_after_a_sprint_strong():
    assessment = score(
        onset="sudden",
        activity="sprinting",
        felt_pop=True,
        numbness_tingling=True,
        pain_below_knee=True,
        back_pain=False,
        buttock_pain=False,
    )
    assert assessment.reason == "mixed"


def test_it_does_not_call_weak_signs_mixed():
    # One strain sign without a high-force start, and a single nerve symptom.
    assessment = score(**NERVE_PICTURE | {"felt_pop": True, "pain_below_knee": False})
    assert assessment.reason != "mixed"


def test_it_lets_red_flags_win_over_the_mixed_rule():
    mixed = STRAIN_PICTURE | {"numbness_tingling": True, "pain_below_knee": True}
    assert score(**mixed).reason == "mixed"
    assessment = score(**mixed, red_flags=["fever_or_infection_risk"])
    assert assessment.category == Category.URGENT_REFERRAL


def test_it_stays_uncertain_with_too_few_answers():
    # A strong strain answer, but only four items answered.
    assessment = score(onset="sudden", activity="sprinting", felt_pop=True, bruising=True)
    assert assessment.nerve_probability <= scoring.TABLE.strain_threshold
    assert assessment.category == Category.UNCERTAIN
    assert assessment.reason == "too_few_answers"
    assert assessment.answered_items == 4


def test_it_does_not_count_unsure_onset_as_an_answer():
    assert score(onset="unsure").answered_items == 0
    assert score(onset="unsure").factors == ()


def test_it_does_not_count_pain_or_red_flags_as_answers():
    assert score(pain_now=5, red_flags=[]).answered_items == 0


def test_it_caps_the_probability():
    low = score(**STRAIN_PICTURE, slump_reproduces_pain=False, cough_sneeze_worse=False)
    high = score(
        **NERVE_PICTURE,
        cough_sneeze_worse=True,
        worse_sitting=True,
        slump_reproduces_pain=True,
        slump_ankle_increases=True,
        resisted_knee_bend_pain=False,
    )
    assert low.nerve_probability == scoring.TABLE.floor
    assert high.nerve_probability == scoring.TABLE.ceiling


def _with_table(monkeypatch, **changes):
    monkeypatch.setattr(scoring, "TABLE", dataclasses.replace(scoring.TABLE, **changes))


def test_it_uses_the_sciatica_threshold(monkeypatch):
    answers = validate_answers(NERVE_PICTURE)
    probability = assess(answers).nerve_probability
    _with_table(monkeypatch, sciatica_threshold=probability)
    assert assess(answers).category == Category.LIKELY_SCIATICA
    _with_table(monkeypatch, sciatica_threshold=probability + 0.001)
    assert assess(answers).category == Category.UNCERTAIN


def test_it_uses_the_strain_threshold(monkeypatch):
    answers = validate_answers(STRAIN_PICTURE | {"felt_pop": None, "bruising": None})
    probability = assess(answers).nerve_probability
    _with_table(monkeypatch, strain_threshold=probability)
    assert assess(answers).category == Category.LIKELY_HAMSTRING_STRAIN
    _with_table(monkeypatch, strain_threshold=probability - 0.001)
    assert assess(answers).category == Category.UNCERTAIN


def test_it_reports_the_model_version(monkeypatch):
    assert score().model_version == scoring.MODEL_VERSION
    monkeypatch.setattr(scoring, "MODEL_VERSION", "next")
    assert score().model_version == "next"


def test_it_serialises_to_plain_json():
    data = score(**NERVE_PICTURE, slump_reproduces_pain=True, red_flags=["cancer_history"])
    data = data.to_dict()
    assert json.loads(json.dumps(data)) == data
    expected_keys = {"category", "nerve_probability", "urgency", "red_flags", "factors"}
    assert expected_keys | {"model_version"} <= set(data)
    first = data["factors"][0]
    assert set(first) == {"code", "likelihood_ratio", "direction", "citations", "label", "answers"}


# The keys of the accuracy table in clinical-evidence.md.
EVIDENCE_KEYS = {
    "majlesi2008",
    "urban2015",
    "mkumbuzi",
    "deville2000",
    "vanderwindt2010",
    "vroomen2002",
    "mistry2020",
    "konstantinou2012",
    "stynes2018",
    "verrall2003",
    "turl1998",
    "kuilart2005",
    "heiderscheit2010",
    "zeren2006",
    "martin2014",
    "hopayian2010",
    "cacchio2012",
}


def test_it_traces_every_value_to_a_citation_key():
    keys: set[str] = set()
    table = scoring.TABLE
    keys.update(citation for _, citation, _ in table.onset.values())
    for cluster in table.clusters.values():
        keys.update(cluster.citations)
        keys.update(item.citation for item in cluster.items.values())
    for _, citations, _ in table.slump.values():
        keys.update(citations)
    keys.discard(JUDGEMENT)
    assert keys
    assert keys <= EVIDENCE_KEYS


def test_it_lists_citations_without_the_judgement_marker():
    citations = score(**NERVE_PICTURE, slump_reproduces_pain=True).citations
    assert "mistry2020" in citations
    assert JUDGEMENT not in citations
    assert len(citations) == len(set(citations))


def test_it_assesses_a_batch_in_order():
    results = scoring.assess_all([STRAIN_PICTURE, NERVE_PICTURE, {}])
    assert [result["category"] for result in results] == [
        Category.LIKELY_HAMSTRING_STRAIN,
        Category.LIKELY_SCIATICA,
        Category.UNCERTAIN,
    ]


def test_it_names_the_index_and_key_of_a_bad_batch_item():
    with pytest.raises(scoring.ItemAnswersError) as error:
        scoring.assess_all([{}, {}, {"back_pain": "yes"}])
    assert error.value.index == 2
    assert error.value.key == "back_pain"
    assert str(error.value) == "item 2, key 'back_pain': must be true or false"


def test_it_names_the_index_of_a_batch_item_that_is_not_an_object():
    with pytest.raises(scoring.ItemAnswersError) as error:
        scoring.assess_all([{}, 7])
    assert str(error.value) == "item 1: answers must be a JSON object"


def test_it_says_whether_enough_items_were_answered_even_under_a_red_flag():
    assert score(onset="sudden", red_flags=["cancer_history"]).enough_answers is False
    assert score(**STRAIN_PICTURE, red_flags=["cancer_history"]).enough_answers is True


def test_it_counts_only_the_answers_that_moved_the_model():
    result = score(
        # Four answers that count ...
        numbness_tingling=True,
        pain_below_knee=True,
        cough_sneeze_worse=True,
        buttock_pain=True,
        # ... and four that tell nothing on their own.
        onset="unsure",
        leg_pain_worse_than_back=True,  # without back pain
        slump_ankle_increases=True,  # without the slump's first question
        slump_neck_eases=True,
    )
    assert result.answered_items == 4
    assert result.category == Category.UNCERTAIN
    assert result.reason == "too_few_answers"


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"numbness_tingling": True}, "nerve_symptoms"),
        (
            {
                "slump_reproduces_pain": True,
                "slump_ankle_increases": True,
            },
            "slump",
        ),
    ],
)
def test_it_marks_our_own_values_as_judgement(answers, code):
    factor = next(f for f in score(**answers).factors if f.code == code)
    assert JUDGEMENT in factor.citations
