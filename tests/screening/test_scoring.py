from __future__ import annotations

import dataclasses
import json
import math

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
    assert assessment.warning_signs == "not_answered"
    assert assessment.timeframe == "none"


def test_it_puts_the_label_thresholds_symmetric_around_the_prior_in_log_odds():
    table = scoring.TABLE
    logit = lambda p: math.log(p / (1 - p))  # noqa: E731
    above = logit(table.sciatica_threshold) - logit(table.prior)
    below = logit(table.prior) - logit(table.strain_threshold)
    assert above == pytest.approx(below)
    assert above == pytest.approx(math.log(table.label_lr))


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
        ({"onset": "sudden", "activity": "sprinting"}, "history", "strain"),
        ({"onset": "sudden", "activity": "kicking_or_overstretching"}, "history", "strain"),
        ({"onset": "sudden", "activity": "slip_or_splits"}, "history", "strain"),
        ({"onset": "sudden", "activity": "fall_or_blow"}, "history", "strain"),
        ({"onset": "sudden", "activity": "lifting_or_bending"}, "history", "nerve"),
        ({"onset": "gradual"}, "history", "nerve"),
        ({"onset": "woke_up", "activity": "none"}, "history", "nerve"),
        ({"onset": "woke_up", "activity": "sprinting"}, "history", "strain"),
        ({"activity": "sprinting"}, "history", "strain"),
        ({"back_pain": True}, "history", "nerve"),
        ({"back_pain": False}, "history", "strain"),
        ({"buttock_pain": True}, "history", "nerve"),
        ({"buttock_pain": False}, "history", "strain"),
        ({"numbness_tingling": True}, "nerve_signs", "nerve"),
        ({"numbness_tingling": False}, "nerve_signs", "strain"),
        ({"pain_below_knee": True}, "nerve_signs", "nerve"),
        ({"pain_below_knee": False}, "nerve_signs", "strain"),
        ({"cough_sneeze_worse": True}, "nerve_signs", "nerve"),
        ({"cough_sneeze_worse": False}, "nerve_signs", "strain"),
        ({"back_pain": True, "leg_pain_worse_than_back": True}, "nerve_signs", "nerve"),
        ({"back_pain": True, "leg_pain_worse_than_back": False}, "nerve_signs", "strain"),
        ({"slump_reproduces_pain": False}, "nerve_signs", "strain"),
        ({"slump_reproduces_pain": True, "slump_ankle_increases": True}, "nerve_signs", "nerve"),
        ({"slump_reproduces_pain": True, "slump_neck_eases": True}, "nerve_signs", "nerve"),
        ({"felt_pop": True}, "strain_signs", "strain"),
        ({"felt_pop": False}, "strain_signs", "nerve"),
        ({"bruising": True}, "strain_signs", "strain"),
        ({"bruising": False}, "strain_signs", "nerve"),
        ({"resisted_knee_bend_pain": True}, "strain_signs", "strain"),
        ({"resisted_knee_bend_pain": False}, "strain_signs", "nerve"),
        # Sitting pain goes with the nerve and with a sore tendon at the sit bone (cacchio2012).
        ({"worse_sitting": True}, "worse_sitting", "neutral"),
        ({"worse_sitting": False}, "worse_sitting", "neutral"),
        ({"pain_now": 7}, "pain_now", "neutral"),
    ],
)
def test_it_moves_each_factor_the_documented_way(answers, code, direction):
    assessment = score(**answers)
    found = factor(assessment, code)
    assert found is not None
    assert found.direction == direction
    # Compared with the same answers without the item under test (the last one); the onset
    # story (onset and activity) is compared with the prior.
    if "onset" in answers or "activity" in answers:
        before = scoring.TABLE.prior
    else:
        before = score(**dict(list(answers.items())[:-1])).nerve_probability
    if direction == "nerve":
        assert assessment.nerve_probability > before
    elif direction == "strain":
        assert assessment.nerve_probability < before
    else:
        assert assessment.nerve_probability == pytest.approx(before)


@pytest.mark.parametrize("key", ["sit_bone_pain", "walking"])
def test_it_asks_some_questions_for_safety_only(key):
    value = "limping" if key == "walking" else True
    assessment = score(**{key: value})
    assert assessment.factors == ()
    assert assessment.nerve_probability == pytest.approx(scoring.TABLE.prior)
    assert assessment.answered_items == 0


def test_it_tells_waking_sore_after_sprints_from_waking_sore_for_no_reason():
    after_sprints = score(onset="woke_up", activity="sprinting")
    no_reason = score(onset="woke_up", activity="none")
    assert after_sprints.nerve_probability < scoring.TABLE.prior < no_reason.nerve_probability


def test_it_ignores_leg_worse_than_back_without_back_pain():
    assert factor(score(leg_pain_worse_than_back=True), "nerve_signs") is None
    assert factor(score(back_pain=False, leg_pain_worse_than_back=True), "nerve_signs") is None


def test_it_counts_the_whole_nerve_cluster_once_slump_included():
    all_yes = score(
        numbness_tingling=True,
        pain_below_knee=True,
        cough_sneeze_worse=True,
        back_pain=True,
        leg_pain_worse_than_back=True,
        slump_reproduces_pain=True,
        slump_ankle_increases=True,
    )
    cluster = scoring.TABLE.nerve
    assert [f.code for f in all_yes.factors] == ["history", "nerve_signs"]
    assert factor(all_yes, "nerve_signs").likelihood_ratio == cluster.ceiling.lr
    all_no = score(
        numbness_tingling=False,
        pain_below_knee=False,
        cough_sneeze_worse=False,
        slump_reproduces_pain=False,
    )
    assert factor(all_no, "nerve_signs").likelihood_ratio == cluster.floor.lr


def test_it_counts_back_and_buttock_pain_inside_the_history_cap():
    assessment = score(onset="woke_up", activity="none", back_pain=True, buttock_pain=True)
    assert [f.code for f in assessment.factors] == ["history"]
    assert factor(assessment, "history").likelihood_ratio == scoring.TABLE.history.ceiling.lr


def test_it_keeps_the_slump_within_the_published_range():
    value, _label = scoring.TABLE.slump["differentiated"]
    # mkumbuzi LR+ 2.8, urban2015 LR+ 3.0.
    assert 2.8 <= value.lr <= 3.0
    assert value.basis == scoring.STUDY


def test_it_counts_the_slump_only_with_own_pain_and_a_change():
    strong = factor(score(slump_reproduces_pain=True, slump_ankle_increases=True), "nerve_signs")
    no_change = factor(
        score(slump_reproduces_pain=True, slump_ankle_increases=False, slump_neck_eases=False),
        "nerve_signs",
    )
    not_done = factor(score(slump_reproduces_pain=True), "nerve_signs")
    assert strong.likelihood_ratio == 2.8
    assert no_change.likelihood_ratio == 1.0
    assert no_change.direction == "neutral"
    assert not_done.likelihood_ratio == 1.0
    assert score(slump_reproduces_pain=True).informative_answers == 0


def test_it_ignores_differentiation_without_the_patients_own_pain():
    assert factor(score(slump_ankle_increases=True, slump_neck_eases=True), "nerve_signs") is None
    negative = factor(score(slump_reproduces_pain=False, slump_ankle_increases=True), "nerve_signs")
    assert negative.direction == "strain"
    assert negative.answers == (("slump_reproduces_pain", False),)


@pytest.mark.parametrize("code", sorted(EMERGENCY_RED_FLAGS))
def test_it_sends_emergency_red_flags_to_urgent_referral(code):
    assessment = score(**STRAIN_PICTURE, red_flags=[code])
    assert assessment.category == Category.URGENT_REFERRAL
    assert assessment.urgency == Urgency.EMERGENCY
    assert assessment.red_flags == (code,)
    assert assessment.reason == "red_flag"


@pytest.mark.parametrize("code", sorted(PROMPT_RED_FLAGS))
def test_it_sends_prompt_red_flags_to_urgent_referral(code):
    # Without back pain: with it, a fever or a past cancer can escalate (see the combinations).
    assessment = score(**NERVE_PICTURE | {"back_pain": False}, red_flags=[code])
    assert assessment.category == Category.URGENT_REFERRAL
    assert assessment.urgency == Urgency.PROMPT
    assert assessment.timeframe == "within_days"
    assert assessment.rules == ("prompt_sign",)


INFECTION = "fever_or_infection_risk"
CANCER = "cancer_history"
AVULSION = {
    "onset": "sudden",
    "activity": "slip_or_splits",
    "felt_pop": True,
    "sit_bone_pain": True,
}


@pytest.mark.parametrize(
    ("answers", "urgency", "timeframe", "rule"),
    [
        # Infection risk with back pain or constant night pain: possible spinal infection.
        (
            {"back_pain": True, "red_flags": [INFECTION]},
            "emergency",
            "today",
            "spinal_infection",
        ),
        (
            {"red_flags": [INFECTION, "constant_night_pain"]},
            "emergency",
            "today",
            "spinal_infection",
        ),
        # Past cancer with weight loss or night pain and new back pain (NICE NG234).
        (
            {"back_pain": True, "red_flags": [CANCER, "unexplained_weight_loss"]},
            "prompt",
            "within_1_2_days",
            "cancer_with_back_pain",
        ),
        (
            {"back_pain": True, "red_flags": [CANCER, "constant_night_pain"]},
            "prompt",
            "within_1_2_days",
            "cancer_with_back_pain",
        ),
        # ... and with nerve symptoms in the leg: NG234's 24 hours.
        (
            {
                "back_pain": True,
                "numbness_tingling": True,
                "red_flags": [CANCER, "unexplained_weight_loss"],
            },
            "emergency",
            "today",
            "cancer_with_nerve_symptoms",
        ),
        # Suspected proximal hamstring avulsion, and the same day without weight on the leg.
        (AVULSION, "prompt", "within_days", "suspected_avulsion"),
        (
            AVULSION | {"walking": "cannot_bear_weight"},
            "prompt",
            "today",
            "cannot_bear_weight",
        ),
    ],
)
def test_it_escalates_combinations(answers, urgency, timeframe, rule):
    assessment = score(**answers)
    assert assessment.category == Category.URGENT_REFERRAL
    assert assessment.reason == "red_flag"
    assert assessment.urgency == urgency
    assert assessment.timeframe == timeframe
    assert assessment.rules[0] == rule


@pytest.mark.parametrize(
    "answers",
    [
        {"red_flags": ["fever_or_infection_risk"], "back_pain": False},
        {"red_flags": ["cancer_history", "unexplained_weight_loss"], "back_pain": False},
        {"red_flags": ["cancer_history"], "back_pain": True},
    ],
)
def test_it_keeps_single_prompt_signs_within_days(answers):
    assessment = score(**answers)
    assert assessment.urgency == Urgency.PROMPT
    assert assessment.timeframe == "within_days"


def test_it_does_not_suspect_an_avulsion_without_sit_bone_pain():
    assessment = score(**STRAIN_PICTURE | {"sit_bone_pain": False, "walking": "limping"})
    assert assessment.rules == ()
    assert assessment.category == Category.LIKELY_HAMSTRING_STRAIN


@pytest.mark.parametrize("code", ["bilateral_leg_symptoms", "bladder_bowel_change"])
def test_it_still_scores_retired_warning_signs_as_emergencies(code):
    assert score(red_flags=[code]).urgency == Urgency.EMERGENCY


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
    # Strain-leaning odds, but only one answer points to a strain: the story of the onset.
    only_the_story = score(
        onset="sudden", activity="sprinting", numbness_tingling=False, pain_below_knee=False
    )
    assert only_the_story.nerve_probability <= scoring.TABLE.strain_threshold
    assert only_the_story.category == Category.UNCERTAIN
    assert only_the_story.reason == "too_few_answers"
    assert only_the_story.enough_answers is False


def test_it_labels_two_answers_that_point_the_same_way():
    assessment = score(bruising=True, resisted_knee_bend_pain=True)
    assert assessment.category == Category.LIKELY_HAMSTRING_STRAIN
    assert assessment.informative_answers == 2


def test_it_needs_positive_evidence_for_a_label():
    # Five "no" answers: no sign of either, whatever the odds say.
    five_no = score(
        numbness_tingling=False,
        pain_below_knee=False,
        cough_sneeze_worse=False,
        back_pain=False,
        buttock_pain=False,
    )
    assert five_no.category == Category.UNCERTAIN
    assert five_no.reason == "no_positive_evidence"
    assert five_no.informative_answers == 0
    assert five_no.answered_items == 5
    # Nerve-leaning odds from the history and "no" strain signs, but no nerve sign.
    no_nerve_sign = score(
        onset="gradual",
        activity="none",
        back_pain=True,
        buttock_pain=True,
        felt_pop=False,
        bruising=False,
        resisted_knee_bend_pain=False,
    )
    assert no_nerve_sign.nerve_probability >= scoring.TABLE.sciatica_threshold
    assert no_nerve_sign.category == Category.UNCERTAIN
    assert no_nerve_sign.reason == "no_positive_evidence"


def test_it_calls_nerve_signs_after_a_sprint_both_may_be_present():
    assessment = score(
        onset="sudden",
        activity="sprinting",
        numbness_tingling=True,
        pain_below_knee=True,
        cough_sneeze_worse=True,
        felt_pop=False,
        bruising=False,
    )
    assert assessment.category == Category.UNCERTAIN
    assert assessment.reason == "both_may_be_present"


def test_it_does_not_count_unsure_onset_as_an_answer():
    assert score(onset="unsure").answered_items == 0
    assert score(onset="unsure").factors == ()


def test_it_does_not_count_pain_or_red_flags_as_answers():
    assert score(pain_now=5, red_flags=[]).answered_items == 0


def test_it_caps_the_probability():
    low = score(**STRAIN_PICTURE, slump_reproduces_pain=False, cough_sneeze_worse=False)
    assert (scoring.TABLE.floor, scoring.TABLE.ceiling) == (0.05, 0.95)
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


def _total_lr(assessment) -> float:
    return math.prod(f.likelihood_ratio for f in assessment.factors)


def test_it_uses_the_label_threshold_for_sciatica(monkeypatch):
    answers = validate_answers(NERVE_PICTURE)
    total = _total_lr(assess(answers))
    _with_table(monkeypatch, label_lr=total)
    assert assess(answers).category == Category.LIKELY_SCIATICA
    _with_table(monkeypatch, label_lr=total * 1.001)
    assert assess(answers).category == Category.UNCERTAIN
    assert assess(answers).reason == "in_between"


def test_it_uses_the_label_threshold_for_strain(monkeypatch):
    answers = validate_answers(STRAIN_PICTURE | {"felt_pop": None, "bruising": None})
    total = _total_lr(assess(answers))
    _with_table(monkeypatch, label_lr=1 / total)
    assert assess(answers).category == Category.LIKELY_HAMSTRING_STRAIN
    _with_table(monkeypatch, label_lr=1 / total * 1.001)
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
    assert set(first) == {
        "code",
        "likelihood_ratio",
        "direction",
        "citations",
        "label",
        "answers",
        "basis",
        "details",
    }
    new_fields = {"likelihood_reason", "informative_answers", "rules", "timeframe"}
    assert new_fields | {"warning_signs"} <= set(data)
    assert data["rules"] == ["prompt_sign"]
    assert data["warning_signs"] == "ticked"


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
# The red-flag sources named in clinical-evidence.md.
RED_FLAG_KEYS = {
    "finucane2020",
    "dionne2019",
    "nice_ng59",
    "nice_ng234",
    "henschke2013",
    "downie2013",
}


def _table_values():
    table = scoring.TABLE
    yield from (value for value, _label in table.story.values())
    yield from (value for value, _label in table.slump.values())
    for cluster in (table.history, table.nerve, table.strain):
        yield cluster.floor
        yield cluster.ceiling
        for item in cluster.items.values():
            yield item.yes
            yield item.no


def test_it_traces_every_value_to_a_citation_key():
    keys: set[str] = set()
    for value in _table_values():
        assert value.basis in {scoring.STUDY, scoring.CLINICIANS}
        keys.update(value.citations)
    assert keys
    assert keys <= EVIDENCE_KEYS
    for rule in scoring.RULES.values():
        assert rule.sources
        assert set(rule.sources) <= RED_FLAG_KEYS | {JUDGEMENT}


def test_it_cites_a_study_as_the_source_only_for_its_printed_figure():
    studies = [value for value in _table_values() if value.basis == scoring.STUDY]
    # The one study figure: the slump's LR+ 2.8, as printed by mkumbuzi.
    assert studies == [scoring.Value(2.8, scoring.STUDY, ("mkumbuzi",))]
    story, _label = scoring.TABLE.story[("sudden", "high_force")]
    assert story.basis == scoring.CLINICIANS  # verrall2003 cannot give an onset LR


def test_it_lists_citations_without_the_judgement_marker():
    citations = score(
        **NERVE_PICTURE, slump_reproduces_pain=True, slump_ankle_increases=True
    ).citations
    assert "mistry2020" in citations  # the nerve cluster at its cap
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
        # Two answers that count ...
        numbness_tingling=True,
        buttock_pain=False,
        # ... and five that tell nothing on their own.
        onset="unsure",
        leg_pain_worse_than_back=True,  # without back pain
        slump_ankle_increases=True,  # without the slump's first question
        slump_neck_eases=True,
        worse_sitting=True,  # neutral
    )
    assert result.answered_items == 2
    assert result.informative_answers == 1
    assert result.category == Category.UNCERTAIN
    assert result.reason == "too_few_answers"


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"numbness_tingling": True}, "nerve_signs"),
        ({"onset": "sudden", "activity": "sprinting"}, "history"),
        ({"bruising": True}, "strain_signs"),
        # The slump's figure is a study's, but capped with other answers the cluster is ours.
        (
            {"slump_reproduces_pain": True, "slump_ankle_increases": True, "pain_below_knee": True},
            "nerve_signs",
        ),
    ],
)
def test_it_marks_our_own_values_as_judgement(answers, code):
    found = factor(score(**answers), code)
    assert found.basis == scoring.CLINICIANS
    assert found.citations[0] == JUDGEMENT


def test_it_marks_a_study_figure_as_a_study():
    found = factor(score(slump_reproduces_pain=True, slump_neck_eases=True), "nerve_signs")
    assert found.basis == scoring.STUDY
    assert found.citations == ("mkumbuzi",)


def test_it_writes_each_answer_in_words_that_match_it():
    assessment = score(numbness_tingling=True, pain_below_knee=False, cough_sneeze_worse=True)
    details = dict(factor(assessment, "nerve_signs").details)
    assert details == {
        "numbness_tingling": "You have numbness, tingling or pins and needles in the leg.",
        "pain_below_knee": "The pain stays above the knee.",
        "cough_sneeze_worse": "Coughing or sneezing makes the leg pain worse.",
    }


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, "not_answered"),
        ({"red_flags": []}, "none"),
        ({"red_flags": ["cancer_history"]}, "ticked"),
    ],
)
def test_it_records_whether_the_warning_signs_were_answered(answers, expected):
    assert score(**answers).warning_signs == expected
