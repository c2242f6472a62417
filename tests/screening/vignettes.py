"""Clinical vignettes written from the literature, with the results a clinician would accept.

Each vignette was written from the evidence (``clinical-evidence.md``, keys as in the model)
before it was run against the model, and says why its accepted results are the right ones.
Where a clinician could accept more than one category, all of them are listed: the table
checks that the model never says something a clinician would not, not one exact output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STRAIN = "likely_hamstring_strain"
SCIATICA = "likely_sciatica"
UNCERTAIN = "uncertain"
URGENT = "urgent_referral"
EMERGENCY = "emergency"
PROMPT = "prompt"
NONE = "none"

NO_NERVE_SIGNS = {
    "numbness_tingling": False,
    "pain_below_knee": False,
    "cough_sneeze_worse": False,
    "back_pain": False,
    "buttock_pain": False,
}
SPRINT = {"onset": "sudden", "activity": "sprinting"}
STRAIN_SIGNS = {"felt_pop": True, "bruising": True, "resisted_knee_bend_pain": True}
NONE_OF_THESE = {"red_flags": []}


@dataclass(frozen=True)
class Vignette:
    name: str
    answers: dict
    categories: frozenset[str]
    urgencies: frozenset[str]
    why: str
    timeframe: str | None = None
    reasons: frozenset[str] = field(default=frozenset())


def v(name, answers, categories, urgencies, why, *, timeframe=None, reasons=()):
    return Vignette(
        name,
        answers,
        frozenset(categories),
        frozenset(urgencies),
        why,
        timeframe,
        frozenset(reasons),
    )


VIGNETTES: list[Vignette] = [
    # -- Hamstring strains ------------------------------------------------------------------
    v(
        "sprinter_with_every_strain_sign",
        SPRINT | STRAIN_SIGNS | NO_NERVE_SIGNS | {"slump_reproduces_pain": False} | NONE_OF_THESE,
        {STRAIN},
        {NONE},
        "Sudden onset in a sprint, pop, bruising, pain on resisted knee bending, slump negative, "
        "no nerve sign: heiderscheit2010's strain column; 82% of such athletes have an MRI "
        "strain (verrall2003).",
    ),
    v(
        "footballer_kicking_with_a_pop",
        {"onset": "sudden", "activity": "kicking_or_overstretching", "felt_pop": True}
        | {"resisted_knee_bend_pain": True, "numbness_tingling": False, "pain_below_knee": False},
        {STRAIN},
        {NONE},
        "A kick with a pop and pain on resisted knee bending (zeren2006) and no nerve sign.",
    ),
    v(
        "sprinter_without_a_pop",
        SPRINT
        | {"felt_pop": False, "bruising": False, "resisted_knee_bend_pain": True}
        | NO_NERVE_SIGNS,
        {STRAIN, UNCERTAIN},
        {NONE},
        "Not every strain pops or bruises (heiderscheit2010: bruising 'likely', not certain); "
        "pain on resisted knee bending after a sprint still points to the muscle (zeren2006).",
    ),
    v(
        "sprint_and_a_pop_only",
        SPRINT | {"felt_pop": True},
        {STRAIN, UNCERTAIN},
        {NONE},
        "The typical story with one local sign; few answers, so a strain or 'not clear'.",
    ),
    v(
        "woke_up_sore_after_sprints",
        {"onset": "woke_up", "activity": "sprinting", "resisted_knee_bend_pain": True}
        | NO_NERVE_SIGNS,
        {STRAIN, UNCERTAIN},
        {NONE},
        "Soreness the morning after hard running is muscular (the clinic's teaching: "
        "'woke up sore after sprints' is not 'woke up sore for no reason'); never sciatica.",
    ),
    v(
        "blow_to_the_thigh_with_bruising",
        {"onset": "sudden", "activity": "fall_or_blow", "bruising": True}
        | {"resisted_knee_bend_pain": True, "numbness_tingling": False},
        {STRAIN, UNCERTAIN},
        {NONE},
        "A hit to the thigh bruises the muscle (a contusion): a local muscle injury, not the "
        "nerve.",
    ),
    v(
        "slip_into_the_splits_with_a_pop_but_no_sit_bone_pain",
        {"onset": "sudden", "activity": "slip_or_splits", "felt_pop": True}
        | {"sit_bone_pain": False, "bruising": True}
        | NO_NERVE_SIGNS,
        {STRAIN},
        {NONE},
        "A strain from overstretching, with bruising, but the pain is not at the sit bone: no "
        "avulsion pattern (clinical-evidence.md special pathways).",
    ),
    # -- Sciatica -----------------------------------------------------------------------------
    v(
        "classic_sciatica",
        {"onset": "gradual", "activity": "none", "back_pain": True}
        | {"leg_pain_worse_than_back": True, "pain_below_knee": True, "numbness_tingling": True}
        | {"cough_sneeze_worse": True, "felt_pop": False, "bruising": False}
        | NONE_OF_THESE,
        {SCIATICA},
        {NONE},
        "Leg worse than back, pain below the knee, numbness, cough: the history that predicts "
        "nerve-root compression (vroomen2002, stynes2018, konstantinou2012, mistry2020).",
    ),
    v(
        "woke_up_with_nerve_pain_and_a_positive_slump",
        {"onset": "woke_up", "activity": "none", "back_pain": True, "buttock_pain": True}
        | {"numbness_tingling": True, "pain_below_knee": True}
        | {"slump_reproduces_pain": True, "slump_ankle_increases": True},
        {SCIATICA},
        {NONE},
        "Waking up with it for no reason, back and buttock pain, nerve symptoms and a slump "
        "changed by the ankle (majlesi2008, urban2015, mkumbuzi).",
    ),
    v(
        "sudden_while_lifting",
        {"onset": "sudden", "activity": "lifting_or_bending", "back_pain": True}
        | {"pain_below_knee": True, "numbness_tingling": True},
        {SCIATICA},
        {NONE},
        "Lifting is a common disc trigger; back pain with numbness and pain below the knee.",
    ),
    v(
        "slump_and_pain_below_the_knee",
        {"onset": "gradual", "pain_below_knee": True}
        | {"slump_reproduces_pain": True, "slump_neck_eases": True},
        {SCIATICA, UNCERTAIN},
        {NONE},
        "urban2015: a positive slump with pain below the knee had specificity 1.00 (n=21); "
        "few answers otherwise.",
    ),
    v(
        "deep_gluteal_nerve_pain",
        {"onset": "gradual", "activity": "none", "buttock_pain": True, "back_pain": False}
        | {"numbness_tingling": True, "worse_sitting": True}
        | {"slump_reproduces_pain": True, "slump_ankle_increases": True},
        {SCIATICA, UNCERTAIN},
        {NONE},
        "Buttock pain worse on sitting with nerve signs: the nerve, perhaps in the buttock "
        "(hopayian2010, martin2014); the check cannot tell where, but never a strain.",
    ),
    v(
        "runner_with_slow_onset_nerve_pain",
        {"onset": "gradual", "activity": "sprinting", "back_pain": True}
        | {"numbness_tingling": True, "pain_below_knee": True, "felt_pop": False},
        {SCIATICA, UNCERTAIN},
        {NONE},
        "Coming on slowly around running is no strain story; back pain with nerve symptoms.",
    ),
    v(
        "numbness_alone",
        {"numbness_tingling": True},
        {UNCERTAIN},
        {NONE},
        "One nerve symptom and nothing else: too little to name a cause.",
        reasons={"too_few_answers"},
    ),
    # -- The cases --------------------------------------------------------------------
    v(
        "sprint_then_tingling_to_the_foot",
        SPRINT
        | {"numbness_tingling": True, "pain_below_knee": True, "cough_sneeze_worse": True}
        | {"felt_pop": False, "bruising": False},
        {UNCERTAIN, SCIATICA},
        {NONE},
        "Tingling to the foot, pain below the knee and on coughing with no strain sign: the "
        "nerve is involved, whatever the sprint (a strain can irritate the nerve too). Never "
        "'likely strain' (model 2026.1 said strain at p 0.19).",
    ),
    v(
        "five_no_answers",
        NO_NERVE_SIGNS,
        {UNCERTAIN},
        {NONE},
        "Five 'no' answers and no mechanism: absence of nerve signs is not a sign of a strain "
        "(model 2026.1 said strain at p 0.11).",
        reasons={"no_positive_evidence"},
    ),
    v(
        "recurrent_strainer_whose_slump_changes_with_the_head",
        SPRINT | {"felt_pop": True, "slump_reproduces_pain": True, "slump_neck_eases": True},
        {UNCERTAIN},
        {NONE},
        "turl1998: the slump was positive in 57% of rugby players with recurrent strains and in "
        "no controls: the nerve takes part. Neither label alone; never 'likely strain'.",
    ),
    v(
        "recurrent_strainer_whose_slump_changes_with_the_ankle_no_pop",
        SPRINT | {"slump_reproduces_pain": True, "slump_ankle_increases": True, "bruising": False},
        {UNCERTAIN},
        {NONE},
        "A hard effort and a differentiated slump: both may be present (turl1998, the clinic's "
        "teaching that a strain can tension the nerve).",
        reasons={"both_may_be_present"},
    ),
    # -- Mixed pictures -------------------------------------------------------------------
    v(
        "pop_and_bruising_with_numbness_below_the_knee",
        SPRINT
        | {"felt_pop": True, "bruising": True}
        | {"numbness_tingling": True, "pain_below_knee": True},
        {UNCERTAIN},
        {NONE},
        "Strong local strain signs with strong nerve signs: a mixed picture; neither label "
        "(clinical-evidence.md modelling guidance).",
        reasons={"mixed"},
    ),
    v(
        "strain_signs_and_a_differentiated_slump_without_a_hard_effort",
        {"onset": "gradual", "felt_pop": True, "bruising": True}
        | {"slump_reproduces_pain": True, "slump_ankle_increases": True},
        {UNCERTAIN},
        {NONE},
        "Two strain signs and a slump changed by the ankle: mixed.",
    ),
    # -- The slump's limits -----------------------------------------------------------------
    v(
        "strain_with_an_undifferentiated_slump",
        SPRINT
        | STRAIN_SIGNS
        | NO_NERVE_SIGNS
        | {"slump_reproduces_pain": True, "slump_ankle_increases": False}
        | {"slump_neck_eases": False},
        {STRAIN},
        {NONE},
        "Own pain in the slump without change from ankle or head is weak either way "
        "(kuilart2005: 36% of symptom-free people feel the thigh in the slump).",
    ),
    v(
        "strain_with_slump_symptoms_that_are_not_the_own_pain",
        SPRINT
        | STRAIN_SIGNS
        | NO_NERVE_SIGNS
        | {"slump_reproduces_pain": False, "slump_ankle_increases": True},
        {STRAIN},
        {NONE},
        "A stretch felt in the slump without the patient's own pain does not count (kuilart2005).",
    ),
    v(
        "tight_hamstrings_only",
        {"onset": "gradual", "slump_reproduces_pain": True, "slump_ankle_increases": False},
        {UNCERTAIN},
        {NONE},
        "A slump that brings on pain without differentiation and a slow onset: nothing to go "
        "on (kuilart2005).",
    ),
    # -- Sitting and the sit bone ---------------------------------------------------------
    v(
        "sore_tendon_at_the_sit_bone",
        {"onset": "gradual", "activity": "sprinting", "sit_bone_pain": True}
        | {"worse_sitting": True, "resisted_knee_bend_pain": True}
        | {"numbness_tingling": False, "pain_below_knee": False},
        {UNCERTAIN, STRAIN},
        {NONE},
        "Sit-bone pain worse on sitting is the hallmark of proximal hamstring tendinopathy "
        "(cacchio2012): never sciatica from sitting pain, and no avulsion without an injury.",
    ),
    v(
        "sitting_and_buttock_pain_only",
        {"worse_sitting": True, "buttock_pain": True},
        {UNCERTAIN},
        {NONE},
        "hopayian2010 reports these as frequent in piriformis syndrome, not as LRs; sitting "
        "pain also goes with the tendon: not enough for a label.",
    ),
    # -- Too few answers --------------------------------------------------------------------
    v("nothing_answered", {}, {UNCERTAIN}, {NONE}, "No answers: no guess."),
    v(
        "only_the_pain_score",
        {"pain_now": 8},
        {UNCERTAIN},
        {NONE},
        "How much it hurts does not tell the two apart.",
    ),
    v(
        "only_a_sudden_start",
        {"onset": "sudden"},
        {UNCERTAIN},
        {NONE},
        "A sudden start alone, without what happened, is one answer.",
    ),
    v(
        "warning_signs_skipped_with_a_strain_picture",
        SPRINT | STRAIN_SIGNS | NO_NERVE_SIGNS,
        {STRAIN},
        {NONE},
        "Skipped warning signs are not red flags (and are shown to staff as 'not answered').",
    ),
    # -- Emergency red flags (Finucane 2020, Dionne 2019, NICE NG59) ------------------------
    v(
        "saddle_numbness_with_a_strain_picture",
        SPRINT | STRAIN_SIGNS | {"red_flags": ["saddle_numbness"]},
        {URGENT},
        {EMERGENCY},
        "Saddle numbness: possible cauda equina; red flags always win over the likelihood.",
        timeframe="now",
    ),
    v(
        "hard_to_start_peeing",
        {"onset": "gradual", "back_pain": True, "red_flags": ["bladder_bowel_trouble"]},
        {URGENT},
        {EMERGENCY},
        "Difficulty starting or stopping urine, reduced feeling when passing urine: early "
        "cauda equina signs (Dionne 2019, NICE NG59).",
        timeframe="now",
    ),
    v(
        "new_sexual_dysfunction",
        {"back_pain": True, "pain_below_knee": True, "red_flags": ["new_sexual_problems"]},
        {URGENT},
        {EMERGENCY},
        "New sexual dysfunction with back and leg pain: an early cauda equina sign.",
        timeframe="now",
    ),
    v(
        "numbness_in_both_legs",
        {"numbness_tingling": True, "red_flags": ["bilateral_nerve_symptoms"]},
        {URGENT},
        {EMERGENCY},
        "Nerve symptoms in both legs: the cauda equina flag (Finucane 2020).",
        timeframe="now",
    ),
    v(
        "sore_both_legs_after_sprints_is_not_an_emergency",
        {"onset": "woke_up", "activity": "sprinting", "resisted_knee_bend_pain": True}
        | NO_NERVE_SIGNS
        | NONE_OF_THESE,
        {STRAIN, UNCERTAIN},
        {NONE},
        "Both legs sore after training is muscle soreness: the both-legs question now asks "
        "about numbness, tingling or weakness only (clinical-evidence.md), so this patient "
        "ticks nothing.",
    ),
    v(
        "worsening_weakness",
        {"onset": "gradual", "red_flags": ["progressive_weakness"]},
        {URGENT},
        {EMERGENCY},
        "Worsening weakness (foot drop, leg giving way): same day.",
        timeframe="now",
    ),
    v(
        "emergency_and_prompt_signs_together",
        {"red_flags": ["saddle_numbness", "cancer_history"]},
        {URGENT},
        {EMERGENCY},
        "The most urgent sign decides.",
        timeframe="now",
    ),
    v(
        "emergency_sign_with_a_mixed_picture",
        SPRINT
        | {"felt_pop": True, "numbness_tingling": True, "pain_below_knee": True}
        | {"red_flags": ["progressive_weakness"]},
        {URGENT},
        {EMERGENCY},
        "Red flags are never blended into the likelihood.",
    ),
    v(
        "old_answer_file_with_pain_in_both_legs",
        {"red_flags": ["bilateral_leg_symptoms"]},
        {URGENT},
        {EMERGENCY},
        "The retired both-legs code (model 2026.1 asked about pain, numbness or weakness) still "
        "scores as an emergency: its answer cannot be reread.",
    ),
    # -- Combinations (Finucane 2020, NICE NG234, Henschke 2013, Downie 2013) ---------------
    v(
        "fever_with_back_pain",
        {"back_pain": True, "pain_below_knee": True, "red_flags": ["fever_or_infection_risk"]},
        {URGENT},
        {EMERGENCY},
        "Fever with back pain: possible spinal infection, same day (Finucane 2020).",
        timeframe="today",
    ),
    v(
        "injecting_drugs_with_constant_night_pain",
        {"back_pain": False, "red_flags": ["fever_or_infection_risk", "constant_night_pain"]},
        {URGENT},
        {EMERGENCY},
        "Infection risk with constant night pain: same day (Finucane 2020).",
        timeframe="today",
    ),
    v(
        "fever_without_back_or_night_pain",
        {"back_pain": False, "red_flags": ["fever_or_infection_risk"]},
        {URGENT},
        {PROMPT},
        "A fever alone with thigh pain: a doctor within days.",
        timeframe="within_days",
    ),
    v(
        "past_cancer_with_weight_loss_and_new_back_pain",
        {"back_pain": True, "red_flags": ["cancer_history", "unexplained_weight_loss"]},
        {URGENT},
        {PROMPT},
        "NICE NG234: suspected spinal metastases, MRI within a week; a doctor within 1-2 days "
        "(Henschke 2013: cancer history raises the probability from 0.3% to 4.6%).",
        timeframe="within_1_2_days",
    ),
    v(
        "past_cancer_with_night_pain_back_pain_and_numbness",
        {"back_pain": True, "numbness_tingling": True}
        | {"red_flags": ["cancer_history", "constant_night_pain"]},
        {URGENT},
        {EMERGENCY},
        "NICE NG234: with neurological symptoms, within 24 hours.",
        timeframe="today",
    ),
    v(
        "past_cancer_alone",
        {"back_pain": False, "red_flags": ["cancer_history"]},
        {URGENT},
        {PROMPT},
        "A history of cancer alone: a doctor within days (Henschke 2013).",
        timeframe="within_days",
    ),
    v(
        "steroids_and_a_bad_fall",
        {"onset": "sudden", "activity": "fall_or_blow"}
        | {"red_flags": ["significant_trauma", "osteoporosis_or_steroids"]},
        {URGENT},
        {PROMPT},
        "Downie 2013: long-term steroids, post-test probability of fracture about 33%.",
        timeframe="within_days",
    ),
    # -- Suspected proximal hamstring avulsion ------------------------------------------------
    v(
        "water_skier_pulled_into_the_splits",
        {"onset": "sudden", "activity": "slip_or_splits", "felt_pop": True}
        | {"sit_bone_pain": True, "bruising": True, "walking": "limping"}
        | NONE_OF_THESE,
        {URGENT},
        {PROMPT},
        "A pop high up in forced hip flexion with the knee straight, sit-bone pain, bruising, "
        "trouble walking: orthopaedic review within days, repair is best early "
        "(clinical-evidence.md special pathways).",
        timeframe="within_days",
    ),
    v(
        "avulsion_pattern_cannot_bear_weight",
        {"onset": "sudden", "activity": "kicking_or_overstretching", "felt_pop": True}
        | {"sit_bone_pain": True, "walking": "cannot_bear_weight"}
        | NONE_OF_THESE,
        {URGENT},
        {PROMPT},
        "The same, unable to put weight on the leg: the same day.",
        timeframe="today",
    ),
    v(
        "proximal_sprint_strain_walking_normally",
        SPRINT
        | {"felt_pop": True, "sit_bone_pain": True, "bruising": False, "walking": "normal"}
        | NO_NERVE_SIGNS
        | NONE_OF_THESE,
        {STRAIN, UNCERTAIN},
        {NONE},
        "A pop high up in a sprint without bruising, forced stretch or trouble walking: a "
        "strain; the safety net covers the rest.",
    ),
]
