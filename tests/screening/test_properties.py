"""Properties of the scoring that hold for every answer set, checked with hypothesis.

No database: the scoring is a pure function of validated answers.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from screening.codes import EMERGENCY_RED_FLAGS, RedFlag
from screening.schema import BOOLEAN_KEYS, Activity, Onset, Walking, validate_answers
from screening.scoring import TABLE, assess

# Toward the nerve is up: a strain label, then "uncertain", then a sciatica label.
RANK = {"likely_hamstring_strain": 0, "uncertain": 1, "likely_sciatica": 2}
NERVE_SYMPTOMS = ("numbness_tingling", "pain_below_knee", "cough_sneeze_worse")
STRAIN_SIGNS = ("felt_pop", "bruising", "resisted_knee_bend_pain")
HIGH_FORCE = {"sprinting", "kicking_or_overstretching", "slip_or_splits"}

answer_sets = st.fixed_dictionaries(
    {
        "onset": st.sampled_from([None, *Onset.values]),
        "activity": st.sampled_from([None, *Activity.values]),
        "walking": st.sampled_from([None, *Walking.values]),
        "pain_now": st.none() | st.integers(0, 10),
        "red_flags": st.none() | st.lists(st.sampled_from(RedFlag.values), unique=True),
    }
    | {key: st.sampled_from([None, True, False]) for key in BOOLEAN_KEYS}
).map(lambda raw: validate_answers({k: v for k, v in raw.items() if v is not None}))
# Without red flags or the answers that can make a red-flag rule fire on their own.
likelihood_sets = answer_sets.map(
    lambda a: {k: v for k, v in a.items() if k not in {"red_flags", "walking", "sit_bone_pain"}}
)

nerve_signs = st.sampled_from([*NERVE_SYMPTOMS, "leg_pain_worse_than_back", "slump"])


def with_nerve_sign(answers: dict, sign: str) -> dict:
    changed = dict(answers)
    if sign == "slump":
        changed |= {"slump_reproduces_pain": True, "slump_ankle_increases": True}
    elif sign == "leg_pain_worse_than_back":
        changed |= {"back_pain": True, "leg_pain_worse_than_back": True}
    else:
        changed[sign] = True
    return validate_answers(changed)


def is_nerve_sign_present(answers: dict) -> bool:
    slump = answers.get("slump_reproduces_pain") is True and (
        answers.get("slump_ankle_increases") is True or answers.get("slump_neck_eases") is True
    )
    leg_worse = answers.get("back_pain") is True and answers.get("leg_pain_worse_than_back")
    return slump or bool(leg_worse) or any(answers.get(key) is True for key in NERVE_SYMPTOMS)


def nerve_symptom_count(answers: dict) -> int:
    count = sum(1 for key in NERVE_SYMPTOMS if answers.get(key) is True)
    return count + (
        answers.get("back_pain") is True and answers.get("leg_pain_worse_than_back") is True
    )


@settings(max_examples=600, deadline=None)
@given(answers=likelihood_sets, sign=nerve_signs)
def test_adding_a_nerve_sign_never_moves_the_category_toward_strain(answers, sign):
    before = assess(answers)
    after = assess(with_nerve_sign(answers, sign))
    assert RANK[after.category] >= RANK[before.category]
    assert after.nerve_probability >= before.nerve_probability


@settings(max_examples=600, deadline=None)
@given(answers=likelihood_sets, sign=st.sampled_from(STRAIN_SIGNS))
def test_adding_a_strain_sign_never_moves_the_category_toward_sciatica(answers, sign):
    before = assess(answers)
    after = assess(validate_answers(answers | {sign: True}))
    assert RANK[after.category] <= RANK[before.category]
    assert after.nerve_probability <= before.nerve_probability


@settings(max_examples=600, deadline=None)
@given(answers=answer_sets)
def test_no_strain_label_without_a_strain_sign_or_a_hard_effort(answers):
    assessment = assess(answers)
    if assessment.category == "likely_hamstring_strain":
        strain_sign = any(answers.get(key) is True for key in STRAIN_SIGNS)
        hard_effort = answers.get("onset") == "sudden" and answers.get("activity") in HIGH_FORCE
        assert strain_sign or hard_effort
        assert nerve_symptom_count(answers) < 2


@settings(max_examples=600, deadline=None)
@given(answers=answer_sets)
def test_no_sciatica_label_without_a_nerve_sign(answers):
    if assess(answers).category == "likely_sciatica":
        assert is_nerve_sign_present(answers)


@settings(max_examples=500, deadline=None)
@given(answers=answer_sets, flag=st.sampled_from(sorted(EMERGENCY_RED_FLAGS)))
def test_any_emergency_flag_gives_urgent_referral_and_emergency(answers, flag):
    flags = sorted({*answers.get("red_flags", ()), flag})
    assessment = assess(validate_answers(answers | {"red_flags": flags}))
    assert assessment.category == "urgent_referral"
    assert assessment.urgency == "emergency"
    assert assessment.reason == "red_flag"


@settings(max_examples=500, deadline=None)
@given(answers=answer_sets)
def test_red_flags_never_change_the_likelihood(answers):
    without = {k: v for k, v in answers.items() if k != "red_flags"}
    with_flags = assess(answers)
    assert with_flags.nerve_probability == assess(without).nerve_probability
    assert with_flags.factors == assess(without).factors
    assert TABLE.floor <= with_flags.nerve_probability <= TABLE.ceiling


@settings(max_examples=500, deadline=None)
@given(answers=answer_sets, order=st.randoms(use_true_random=False))
@example(answers={}, order=None)
def test_same_input_same_output(answers, order):
    keys = list(answers)
    if order is not None:
        order.shuffle(keys)
    shuffled = validate_answers({key: answers[key] for key in keys})
    assert assess(answers) == assess(answers)
    assert assess(shuffled).to_dict() == assess(answers).to_dict()


CLUSTER_ITEMS = {
    key: item
    for cluster in (TABLE.history, TABLE.nerve, TABLE.strain)
    for key, item in cluster.items.items()
}


@settings(max_examples=500, deadline=None)
@given(answers=answer_sets)
def test_factor_words_match_the_answers(answers):
    for factor in assess(answers).factors:
        for key, label in factor.details:
            if key in CLUSTER_ITEMS:
                item = CLUSTER_ITEMS[key]
                assert label == (item.label_yes if answers[key] else item.label_no)
            if answers.get(key) is True:
                assert " no " not in f" {label} "
                assert "not" not in label
