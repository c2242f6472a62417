"""Strain-versus-sciatica scoring: validated answers in, a frozen Assessment out (model 2027.1).

Two separate parts, never blended:

1. Red-flag rules (`red_flag_rules`): single warning signs and combinations of answers that
   route to medical care whatever the likelihood. Any rule that fires makes the category
   ``urgent_referral``; an emergency rule makes the urgency ``emergency``.
2. A likelihood-ratio (odds) model of "nerve (sciatica)" against "hamstring strain". No study
   compares the two directly (``clinical-evidence.md``), so almost every value is our
   clinicians' JUDGEMENT, anchored to neighbouring studies. Each value says which it is:
   ``STUDY`` when the number is a figure printed in the cited source (quoted next to it), or
   ``JUDGEMENT`` with the studies that informed it. Every factor of an assessment carries its
   `basis`, so the page never shows a judgement as a study's finding.

Correlated answers are grouped into three clusters that each count once (their product is
clamped): the history (how it started, back and buttock pain), the nerve signs (numbness or
tingling, pain below the knee, cough or sneeze, leg worse than back, the slump self-test) and
the local strain signs (pop, bruising, pain on resisted knee bending). A label needs positive
evidence for it, not only the absence of the other's signs (see `_likelihood_category`).

All numbers live in ``TABLE``: revise them there, update docs/screening-model.md and bump
``MODEL_VERSION``. Stored assessments keep the version, codes and text they were made with.

Pure module: no ORM, no request. A likelihood ratio (LR) above 1 points to the nerve, below 1
to a muscle strain. Unanswered items are neutral (LR 1) and produce no factor.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from screening.codes import (
    EMERGENCY_RED_FLAGS,
    PROMPT_RED_FLAGS,
    Category,
    Reason,
    RedFlag,
    RedFlagRule,
    Timeframe,
    Urgency,
    WarningSigns,
)
from screening.schema import DISCRIMINATING_KEYS, AnswersError, validate_answers

MODEL_VERSION = "2027.1"

NERVE = "nerve"
STRAIN = "strain"
NEUTRAL = "neutral"
# In a factor's citations, marks a value that is our clinicians' judgement (kept from 2026.1,
# whose stored factors use it); the factor's `basis` says the same in words.
JUDGEMENT = "JUDGEMENT"
# A factor's basis: a figure printed in the cited study, or our clinicians' judgement.
STUDY = "study"
CLINICIANS = "judgement"

# Plain strings, looked up once: enum attribute access is slow in a loop of 100,000.
_URGENT_REFERRAL = Category.URGENT_REFERRAL.value
_LIKELY_SCIATICA = Category.LIKELY_SCIATICA.value
_LIKELY_STRAIN = Category.LIKELY_HAMSTRING_STRAIN.value
_UNCERTAIN = Category.UNCERTAIN.value
_EMERGENCY = Urgency.EMERGENCY.value
_PROMPT = Urgency.PROMPT.value
_NO_URGENCY = Urgency.NONE.value


def gettext_noop(message: str) -> str:
    """Mark a label for translation (makemessages finds this name); the page translates it."""
    return message


class Value(NamedTuple):
    """One number of the model and where it comes from."""

    lr: float
    basis: str  # STUDY or CLINICIANS
    # STUDY: the study that prints the figure. CLINICIANS: the studies that informed it.
    citations: tuple[str, ...] = ()


def judged(lr: float, *informed_by: str) -> Value:
    return Value(lr, CLINICIANS, informed_by)


class Item(NamedTuple):
    """A yes/no answer inside a cluster: its value and its words for each answer."""

    yes: Value
    no: Value
    label_yes: str
    label_no: str


@dataclass(frozen=True, slots=True)
class Cluster:
    """Correlated answers that reflect one thing: their LRs multiply, then the product is
    clamped to [floor, ceiling] so that the cluster as a whole counts once."""

    label: str
    floor: Value
    ceiling: Value
    items: dict[str, Item]


@dataclass(frozen=True, slots=True)
class ModelTable:
    """Every number of the model, in one place."""

    # Probability that back-of-thigh pain comes from the nerve before any answer.
    prior: float
    # The shown probability never goes beyond these.
    floor: float
    ceiling: float
    # A label needs the answers together to multiply the prior odds by at least this much
    # (sciatica) or by at most its inverse (strain): symmetric around the prior in log-odds.
    label_lr: float
    # A label needs at least this many answers pointing its way (a "yes", or the story of
    # how it started): "no" and "not sure" answers are not evidence for a label.
    min_support: int
    # Fewer answered items than this (yes or no) is "too few answers" rather than "no
    # positive evidence" when nothing points either way.
    min_answered: int
    history: Cluster
    # How it started, by (onset, activity group); None = not answered or not sure.
    story: dict[tuple[str | None, str | None], tuple[Value, str]]
    nerve: Cluster
    slump: dict[str, tuple[Value, str]]
    strain: Cluster

    @property
    def sciatica_threshold(self) -> float:
        """The nerve probability at which the label "likely sciatica" becomes possible."""
        return _probability(_odds(self.prior) * self.label_lr)

    @property
    def strain_threshold(self) -> float:
        """The nerve probability at or below which "likely strain" becomes possible."""
        return _probability(_odds(self.prior) / self.label_lr)


def _odds(probability: float) -> float:
    return probability / (1.0 - probability)


def _probability(odds: float) -> float:
    return odds / (1.0 + odds)


# Activity answers grouped by what they mean for the thigh.
HIGH_FORCE = "high_force"
_ACTIVITY_GROUP = {
    "sprinting": HIGH_FORCE,
    "kicking_or_overstretching": HIGH_FORCE,
    "slip_or_splits": HIGH_FORCE,
    "lifting_or_bending": "lifting",
    "fall_or_blow": "blow",
    "other": "no_event",
    "none": "no_event",
}

TABLE = ModelTable(
    # JUDGEMENT: even odds. We have no figure for the mix of people who use this check.
    # verrall2003 ("82% MRI-confirmed strains" in 83 athletes hurt during sport) describes only
    # people hurt in a hard effort, which the story item below already counts: using it for the
    # prior too would count the onset twice (model 2026.1 raised the prior for gradual pain and
    # then counted gradual onset again).
    prior=0.5,
    # JUDGEMENT: a questionnaire without an examination never claims more than 95 in 100
    # (clinical-evidence.md: "cap the posterior, for example between 3% and 97%").
    floor=0.05,
    ceiling=0.95,
    # JUDGEMENT: thresholds symmetric around the prior in log-odds, so that neither label is
    # easier to reach than the other (2026.1 needed a total LR <= 0.8 for strain but >= 4.3
    # for sciatica, and called strain three times as often). A factor of 4 either way is
    # more than any single cluster can give except at its cap (nerve signs 5.0, strain signs
    # 1/5), so a label takes agreement between at least two clusters, or one cluster at its
    # strongest. With the even prior: sciatica from 80 in 100, strain at 20 in 100 or below.
    label_lr=4.0,
    min_support=2,  # JUDGEMENT: one answer alone never makes a label.
    min_answered=3,  # JUDGEMENT
    # -- History: how it started, back pain, buttock pain. One cluster, one cap. -------------
    history=Cluster(
        label=gettext_noop("How it started, and back or buttock pain (counted together):"),
        # JUDGEMENT: the history alone moves the odds at most 3 times either way; a story
        # is remembered and told, not examined.
        floor=judged(1 / 3),
        ceiling=judged(3.0),
        items={
            # JUDGEMENT: low back pain with leg pain is part of every sciatica history
            # (stynes2018 and vroomen2002 use it; neither prints an LR for it).
            "back_pain": Item(
                judged(1.6, "stynes2018", "vroomen2002"),
                judged(0.8, "stynes2018", "vroomen2002"),
                gettext_noop("You have low back pain too."),
                gettext_noop("You have no low back pain."),
            ),
            # JUDGEMENT: hopayian2010 lists buttock pain in piriformis syndrome as a frequency,
            # not an LR. Weak: a high hamstring injury also hurts near the buttock.
            "buttock_pain": Item(
                judged(1.3, "hopayian2010"),
                judged(0.9, "hopayian2010"),
                gettext_noop("You have pain in the buttock on the same side."),
                gettext_noop("You have no pain in the buttock."),
            ),
        },
    ),
    # The story's values are all JUDGEMENT (the clinic's teaching: "strains usually come from
    # high-force events with a sudden onset; gradual onset, or waking up sore, points more to
    # the nerve"). verrall2003 enrolled only athletes hurt in sport, so no onset LR can come
    # from it; it only tells us that among them strains are the rule (82%). With the even
    # prior, a sudden start in a hard effort alone lands at 25 in 100 for the nerve.
    story={
        ("sudden", HIGH_FORCE): (
            judged(1 / 3, "verrall2003"),
            gettext_noop(
                "It started suddenly during a hard effort: sprinting, kicking, a big "
                "stretch or a slip into the splits."
            ),
        ),
        ("sudden", "lifting"): (
            judged(1.5),
            gettext_noop("It started suddenly while lifting or bending, a common back trigger."),
        ),
        ("sudden", "blow"): (
            judged(0.8),
            gettext_noop("It started suddenly with a fall or a hit to the leg."),
        ),
        ("sudden", "no_event"): (
            judged(1.0),
            gettext_noop("It started suddenly, but not during a hard effort."),
        ),
        ("sudden", None): (judged(0.8), gettext_noop("It started suddenly.")),
        ("gradual", HIGH_FORCE): (
            # Slowly, around running or kicking: a sore tendon or the nerve; no lean.
            judged(1.0),
            gettext_noop("It came on slowly, around hard efforts like sprinting or kicking."),
        ),
        ("gradual", "lifting"): (
            judged(1.5),
            gettext_noop("It came on slowly, around lifting or bending."),
        ),
        ("gradual", "blow"): (
            judged(1.2),
            gettext_noop("It came on slowly after a fall or a hit."),
        ),
        ("gradual", "no_event"): (
            judged(1.5),
            gettext_noop("It came on slowly, without a hard effort."),
        ),
        ("gradual", None): (judged(1.3), gettext_noop("It came on slowly.")),
        ("woke_up", HIGH_FORCE): (
            judged(0.8),
            gettext_noop("You woke up sore after a hard effort, like after a hard workout."),
        ),
        ("woke_up", "lifting"): (
            judged(1.5),
            gettext_noop("You woke up with it after lifting or bending."),
        ),
        ("woke_up", "blow"): (
            judged(1.0),
            gettext_noop("You woke up with it after a fall or a hit."),
        ),
        ("woke_up", "no_event"): (
            judged(1.5),
            gettext_noop("You woke up with it for no clear reason."),
        ),
        ("woke_up", None): (judged(1.3), gettext_noop("You woke up with it.")),
        (None, HIGH_FORCE): (
            judged(0.5, "verrall2003"),
            gettext_noop(
                "It started around a hard effort: sprinting, kicking, a big stretch or a slip."
            ),
        ),
        (None, "lifting"): (
            judged(1.3),
            gettext_noop("It started around lifting or bending."),
        ),
        (None, "blow"): (judged(0.8), gettext_noop("It started after a fall or a hit.")),
        (None, "no_event"): (
            judged(1.2),
            gettext_noop("It started without a hard effort."),
        ),
    },
    # -- Nerve signs: one irritated nerve shows itself in several ways. One cluster, one cap. -
    nerve=Cluster(
        label=gettext_noop("Signs of an irritated nerve (counted together, once):"),
        # JUDGEMENT, informed by mistry2020 (8-item history cluster: "LR+ 3.6, LR- 0.35") and
        # urban2015 (slump with pain below the knee: "spec 1.00, LR+ 11.9", n=21). The floor is
        # mistry2020's LR- 0.35 applied to our cluster. The ceiling, 5, is above mistry2020's
        # 3.6 because the cluster also holds the slump with differentiation, and far below
        # urban2015's 11.9 from 21 people.
        floor=judged(0.35, "mistry2020"),
        ceiling=judged(5.0, "mistry2020", "urban2015"),
        items={
            # JUDGEMENT: vroomen2002 lists numbness in the history that predicts nerve-root
            # compression ("history alone AUC 0.80") but prints no LR for it.
            "numbness_tingling": Item(
                judged(1.8, "vroomen2002"),
                judged(0.8, "vroomen2002"),
                gettext_noop("You have numbness, tingling or pins and needles in the leg."),
                gettext_noop("You have no numbness or tingling in the leg."),
            ),
            # JUDGEMENT: konstantinou2012 found pain below the knee the best single item
            # ("AUC 0.67"); a yes/no item with an AUC of 0.67 has an LR+ of roughly 1.5 to 2.
            "pain_below_knee": Item(
                judged(1.6, "konstantinou2012"),
                judged(0.7, "konstantinou2012"),
                gettext_noop("The pain goes below the knee."),
                gettext_noop("The pain stays above the knee."),
            ),
            # JUDGEMENT: in vroomen2002's history, without an LR of its own.
            "cough_sneeze_worse": Item(
                judged(1.5, "vroomen2002"),
                judged(0.9, "vroomen2002"),
                gettext_noop("Coughing or sneezing makes the leg pain worse."),
                gettext_noop("Coughing or sneezing does not make the leg pain worse."),
            ),
            # JUDGEMENT: a predictor in stynes2018 and vroomen2002, without an LR of its own.
            # Only counted with back pain: without it the leg is trivially worse.
            "leg_pain_worse_than_back": Item(
                judged(1.3, "stynes2018", "vroomen2002"),
                judged(0.9, "stynes2018", "vroomen2002"),
                gettext_noop("The leg pain is worse than the back pain."),
                gettext_noop("The leg pain is not worse than the back pain."),
            ),
        },
    ),
    # The slump self-test, inside the nerve cluster, by outcome. It counts only with the
    # patient's own pain AND a change with differentiation: kuilart2005 ("provoked thigh
    # symptoms in 36% of symptom-free people") and turl1998 ("slump positive in 57% of"
    # rugby players with recurrent strains): the slump alone does not rule out a strain.
    slump={
        # STUDY: mkumbuzi, slump against MRI: "sens 0.80, spec 0.71, LR+ 2.8" (urban2015
        # prints LR+ 3.0; majlesi2008's 4.9 rests on specificities one appraisal swaps).
        "differentiated": (
            Value(2.8, STUDY, ("mkumbuzi",)),
            gettext_noop(
                "In the sitting test your own pain came on, and it changed when you moved your "
                "ankle or your head. The hamstring is not attached to either, so this points to "
                "the nerve."
            ),
        ),
        # JUDGEMENT: own pain without a change from ankle or head decides nothing.
        "no_change": (
            judged(1.0, "kuilart2005", "turl1998"),
            gettext_noop(
                "The sitting test brought on your pain, but moving your ankle or head did not "
                "change it. This does not tell a strain from the nerve, so it does not count."
            ),
        ),
        "not_differentiated": (
            judged(1.0, "kuilart2005", "turl1998"),
            gettext_noop(
                "The sitting test brought on your pain, but the ankle and head checks were not "
                "done. Without them it does not count."
            ),
        ),
        # JUDGEMENT: published LR- 0.13 (urban2015), 0.19 (majlesi2008), 0.28 (mkumbuzi) are
        # for a clinician's test; done alone at home the test misses more, so weaker here.
        "negative": (
            judged(0.5, "urban2015", "majlesi2008", "mkumbuzi"),
            gettext_noop(
                "The sitting test did not bring on your pain. This points a little away from "
                "the nerve."
            ),
        ),
    },
    # -- Local signs of a torn muscle. One cluster, one cap. ----------------------------------
    strain=Cluster(
        label=gettext_noop("Signs of a torn muscle (counted together):"),
        # JUDGEMENT: at most 5 times toward a strain (the mirror of the nerve cluster's cap)
        # and 2 times toward the nerve when all three are "no".
        floor=judged(0.2),
        ceiling=judged(2.0),
        items={
            # JUDGEMENT: the clinic's teaching (a strain is a sudden event); no study figure.
            "felt_pop": Item(
                judged(0.5),
                judged(1.2),
                gettext_noop("You felt a pop or a sudden grab in the thigh when it started."),
                gettext_noop("You did not feel a pop or a sudden grab when it started."),
            ),
            # JUDGEMENT: heiderscheit2010 is an expert table ("strain: bruising likely;
            # referred: no bruising"), without figures.
            "bruising": Item(
                judged(0.4, "heiderscheit2010"),
                judged(1.1, "heiderscheit2010"),
                gettext_noop("There is bruising on the back of the thigh."),
                gettext_noop("There is no bruising on the back of the thigh."),
            ),
            # JUDGEMENT: zeren2006 reports resisted knee bending "sens about 0.57, spec 1.00"
            # (unblinded; do not use 100% as an LR). Assuming spec 0.85 instead: LR+ 3.8 for a
            # strain (0.26 here) and LR- 0.51 (1.97 toward the nerve); softened to 0.3 and 1.5
            # because the patient does the test alone.
            "resisted_knee_bend_pain": Item(
                judged(0.3, "zeren2006"),
                judged(1.5, "zeren2006"),
                gettext_noop("It hurts in the thigh when you bend the knee against resistance."),
                gettext_noop("It does not hurt when you bend the knee against resistance."),
            ),
        },
    ),
)

# Sitting pain is neutral (JUDGEMENT): it goes with deep-gluteal nerve pain (hopayian2010:
# "buttock pain, sciatic-notch tenderness, worse with sitting") and is the hallmark of a sore
# hamstring tendon at the sit bone (cacchio2012, proximal hamstring tendinopathy).
_SITTING_VALUE = judged(1.0, "hopayian2010", "cacchio2012")
_SITTING_LABELS = {
    True: gettext_noop(
        "It is worse when you sit. That happens with the nerve and with a sore hamstring tendon "
        "at the sit bone, so it does not count either way."
    ),
    False: gettext_noop(
        "It is not worse when you sit. That does not tell a strain from the nerve, so it does "
        "not count."
    ),
}
_PAIN_VALUE = judged(1.0)
_PAIN_LABEL = gettext_noop("How much it hurts does not tell a strain from the nerve.")


# -- Red-flag rules -------------------------------------------------------------------------

_EMERGENCY_CODES = frozenset(code.value for code in EMERGENCY_RED_FLAGS)
_PROMPT_CODES = frozenset(code.value for code in PROMPT_RED_FLAGS)
_CANCER = RedFlag.CANCER_HISTORY.value
_WEIGHT_LOSS = RedFlag.UNEXPLAINED_WEIGHT_LOSS.value
_NIGHT_PAIN = RedFlag.CONSTANT_NIGHT_PAIN.value
_INFECTION = RedFlag.FEVER_OR_INFECTION_RISK.value
_WALKING_TROUBLE = frozenset({"limping", "cannot_bear_weight"})
_TIMEFRAME_ORDER = (
    Timeframe.NOW.value,
    Timeframe.TODAY.value,
    Timeframe.WITHIN_1_2_DAYS.value,
    Timeframe.WITHIN_DAYS.value,
    Timeframe.NONE.value,
)


class Rule(NamedTuple):
    """A red-flag rule: what it asks for, how urgent, by when, and its sources."""

    code: str
    urgency: str
    timeframe: str
    sources: tuple[str, ...]


# Sources: clinical-evidence.md, "Red flags" and "Combinations and special pathways".
RULES: dict[str, Rule] = {
    # Possible cauda equina or severe nerve compression: saddle numbness; new bladder, bowel or
    # sexual change (early signs: hard to start or stop urine, reduced feeling when passing
    # urine, new sexual dysfunction); nerve symptoms or weakness in BOTH legs (not sore legs
    # after training); worsening weakness. "Flags specific when present, insensitive when
    # absent" (Dionne 2019). Emergency, same day (Finucane 2020, Dionne 2019, NICE NG59).
    "cauda_equina": Rule(
        RedFlagRule.CAUDA_EQUINA.value,
        _EMERGENCY,
        Timeframe.NOW.value,
        ("finucane2020", "dionne2019", "nice_ng59"),
    ),
    # Infection risk (fever, IV drug use, immunosuppression) together with back pain or
    # constant night pain: same-day assessment for a possible spinal infection (Finucane 2020,
    # clinical reasoning over single flags).
    "spinal_infection": Rule(
        RedFlagRule.SPINAL_INFECTION.value, _EMERGENCY, Timeframe.TODAY.value, ("finucane2020",)
    ),
    # Cancer history with weight loss or night pain and new back pain, plus nerve symptoms in
    # the leg (numbness or tingling, pain below the knee, trouble walking): NICE NG234, "MRI
    # within 24 h with neurological symptoms". Henschke 2013: a history of cancer raises the
    # probability of spinal malignancy "from 0.3% to 4.6%".
    "cancer_with_nerve_symptoms": Rule(
        RedFlagRule.CANCER_WITH_NERVE_SYMPTOMS.value,
        _EMERGENCY,
        Timeframe.TODAY.value,
        ("nice_ng234", "henschke2013", "finucane2020"),
    ),
    # Cancer history with weight loss or night pain and new back pain: urgent imaging pathway
    # (NICE NG234: "MRI within a week"); we ask for a doctor within 1-2 days so that the
    # week can be kept (Henschke 2013, Finucane 2020).
    "cancer_with_back_pain": Rule(
        RedFlagRule.CANCER_WITH_BACK_PAIN.value,
        _PROMPT,
        Timeframe.WITHIN_1_2_DAYS.value,
        ("nice_ng234", "henschke2013", "finucane2020"),
    ),
    # JUDGEMENT: not being able to put weight on the leg needs a doctor the same day
    # (a fracture or a tendon torn off the bone must not wait). No study figure.
    "cannot_bear_weight": Rule(
        RedFlagRule.CANNOT_BEAR_WEIGHT.value, _PROMPT, Timeframe.TODAY.value, (JUDGEMENT,)
    ),
    # Suspected proximal hamstring avulsion (clinical-evidence.md, special pathways: "a pop
    # high up during forced hip flexion with the knee straight (splits, water-skiing, a slip),
    # bruising, sit-bone pain, difficulty walking. Orthopaedic review within days: repair is
    # best done early (weeks)"). The exact combination asked for is our JUDGEMENT.
    "suspected_avulsion": Rule(
        RedFlagRule.SUSPECTED_AVULSION.value, _PROMPT, Timeframe.WITHIN_DAYS.value, (JUDGEMENT,)
    ),
    # Any other prompt sign: cancer history (Henschke 2013), unexplained weight loss, fever or
    # infection risk, significant trauma, osteoporosis or long-term steroids (Downie 2013:
    # "long-term steroids post-test probability of fracture about 33%"), constant night pain
    # (Finucane 2020). A doctor within days.
    "prompt_sign": Rule(
        RedFlagRule.PROMPT_SIGN.value,
        _PROMPT,
        Timeframe.WITHIN_DAYS.value,
        ("henschke2013", "downie2013", "finucane2020"),
    ),
}


def red_flag_rules(answers: Mapping) -> tuple[Rule, ...]:
    """The red-flag rules the answers fire, most urgent first; empty when none."""
    flags = set(answers.get("red_flags") or ())
    back_pain = answers.get("back_pain") is True
    walking = answers.get("walking")
    fired: list[Rule] = []
    # Prompt signs that a combination below already explains (and escalates).
    explained: set[str] = set()
    if flags & _EMERGENCY_CODES:
        fired.append(RULES["cauda_equina"])
    if _INFECTION in flags and (back_pain or _NIGHT_PAIN in flags):
        fired.append(RULES["spinal_infection"])
        explained |= {_INFECTION, _NIGHT_PAIN} & flags
    if _CANCER in flags and back_pain and flags & {_WEIGHT_LOSS, _NIGHT_PAIN}:
        nerve_symptoms = (
            answers.get("numbness_tingling") is True
            or answers.get("pain_below_knee") is True
            or walking in _WALKING_TROUBLE
        )
        rule = "cancer_with_nerve_symptoms" if nerve_symptoms else "cancer_with_back_pain"
        fired.append(RULES[rule])
        explained |= {_CANCER, _WEIGHT_LOSS, _NIGHT_PAIN} & flags
    if walking == "cannot_bear_weight":
        fired.append(RULES["cannot_bear_weight"])
    if _suspected_avulsion(answers):
        fired.append(RULES["suspected_avulsion"])
    if (flags & _PROMPT_CODES) - explained:
        fired.append(RULES["prompt_sign"])
    fired.sort(key=lambda rule: _TIMEFRAME_ORDER.index(rule.timeframe))
    return tuple(fired)


def needs_emergency_care(answers: Mapping) -> bool:
    """Whether a red-flag rule of the emergency tier fires (a sign or a combination)."""
    return any(rule.urgency == _EMERGENCY for rule in red_flag_rules(answers))


def _suspected_avulsion(answers: Mapping) -> bool:
    """Pain at the sit bone after a sudden injury, with a sign that it was a big one."""
    if answers.get("sit_bone_pain") is not True:
        return False
    activity = answers.get("activity")
    forced_stretch = activity in {"slip_or_splits", "kicking_or_overstretching"}
    injury = answers.get("felt_pop") is True or (
        answers.get("onset") == "sudden" and _ACTIVITY_GROUP.get(activity) == HIGH_FORCE
    )
    severe = (
        forced_stretch
        or answers.get("bruising") is True
        or answers.get("walking") in _WALKING_TROUBLE
    )
    return injury and severe


# -- The assessment -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Factor:
    """One answered item or cluster and how it moved the odds."""

    code: str
    likelihood_ratio: float
    direction: str
    # CLINICIANS: JUDGEMENT first, then the studies that informed the value. STUDY: the
    # studies that print the value.
    citations: tuple[str, ...]
    label: str
    answers: tuple[tuple[str, Any], ...] = ()
    basis: str = CLINICIANS
    # One (item, words) pair per answer inside a cluster, so the words always match them.
    details: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "likelihood_ratio": self.likelihood_ratio,
            "direction": self.direction,
            "citations": list(self.citations),
            "label": self.label,
            "answers": dict(self.answers),
            "basis": self.basis,
            "details": [{"item": item, "label": label} for item, label in self.details],
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    category: str
    nerve_probability: float
    urgency: str
    red_flags: tuple[str, ...]
    factors: tuple[Factor, ...]
    model_version: str
    # Why the category is what it is: a `screening.codes.Reason` value.
    reason: str
    # Answered items that tell a strain from the nerve (a yes or a no).
    answered_items: int
    # True when at least `min_support` answers point one way (even under a red flag).
    enough_answers: bool
    citations: tuple[str, ...] = field(default=())
    # What the answers alone say, whatever the red flags: a `Reason` value other than
    # red_flag (for the "what your other answers show" part of an urgent result).
    likelihood_reason: str = ""
    # Answers that are evidence for a label: a "yes", a positive slump, the story of the onset.
    informative_answers: int = 0
    # The red-flag rules that fired (`RedFlagRule` codes), most urgent first.
    rules: tuple[str, ...] = ()
    # When to be seen: a `Timeframe` code ("none" without a rule).
    timeframe: str = Timeframe.NONE.value
    # The warning-signs question: a `WarningSigns` code (ticked, none, not_answered).
    warning_signs: str = WarningSigns.NOT_ANSWERED.value

    def to_dict(self) -> dict:
        # Written out rather than dataclasses.asdict(), which is several times slower.
        return {
            "category": self.category,
            "nerve_probability": round(self.nerve_probability, 3),
            "urgency": self.urgency,
            "red_flags": list(self.red_flags),
            "factors": [factor.to_dict() for factor in self.factors],
            "model_version": self.model_version,
            "reason": self.reason,
            "answered_items": self.answered_items,
            "enough_answers": self.enough_answers,
            "citations": list(self.citations),
            "likelihood_reason": self.likelihood_reason,
            "informative_answers": self.informative_answers,
            "rules": list(self.rules),
            "timeframe": self.timeframe,
            "warning_signs": self.warning_signs,
        }


def _direction(lr: float) -> str:
    if lr > 1.0:
        return NERVE
    if lr < 1.0:
        return STRAIN
    return NEUTRAL


class _Tally:
    """What one pass over the clusters learns, besides the odds."""

    __slots__ = ("nerve_signs", "nerve_support", "strain_signs", "strain_support")

    def __init__(self) -> None:
        self.nerve_signs = 0  # nerve-cluster yeses and a differentiated slump
        self.nerve_support = 0  # answers pointing to the nerve
        self.strain_signs = 0  # pop, bruising, resisted knee bending
        self.strain_support = 0  # answers pointing to a strain


def _cluster_factor(
    code: str,
    cluster: Cluster,
    answers: Mapping,
    extra: Sequence[tuple[Value, str, tuple[tuple[str, Any], ...], str]] = (),
) -> Factor | None:
    """The cluster's factor from its yes/no items plus `extra` (value, words, answers, item);
    None when none of them was answered."""
    lr = 1.0
    values: list[Value] = []
    details: list[tuple[str, str]] = []
    given: list[tuple[str, Any]] = []
    for value, label, item_answers, item in extra:
        lr *= value.lr
        values.append(value)
        details.append((item, label))
        given.extend(item_answers)
    for key, item in cluster.items.items():
        answer = answers.get(key)
        if answer is None:
            continue
        if key == "leg_pain_worse_than_back" and answers.get("back_pain") is not True:
            continue
        value = item.yes if answer else item.no
        lr *= value.lr
        values.append(value)
        details.append((key, item.label_yes if answer else item.label_no))
        given.append((key, answer))
    if not values:
        return None
    if lr > cluster.ceiling.lr:
        lr, values = cluster.ceiling.lr, [*values, cluster.ceiling]
    elif lr < cluster.floor.lr:
        lr, values = cluster.floor.lr, [*values, cluster.floor]
    lr = round(lr, 3)
    basis, citations = _basis(tuple(values))
    return Factor(
        code, lr, _direction(lr), citations, cluster.label, tuple(given), basis, tuple(details)
    )


@functools.lru_cache(maxsize=4096)
def _basis(values: tuple[Value, ...]) -> tuple[str, tuple[str, ...]]:
    """A factor is a study figure only if every value in it is; otherwise judgement, with the
    studies that informed it. (Cached: the same few combinations recur.)"""
    keys: list[str] = []
    for value in values:
        for key in value.citations:
            if key not in keys:
                keys.append(key)
    if all(value.basis == STUDY for value in values):
        return STUDY, tuple(keys)
    return CLINICIANS, (JUDGEMENT, *keys)


def _single_factor(code: str, value: Value, label: str, given: tuple) -> Factor:
    basis, citations = _basis((value,))
    return Factor(code, value.lr, _direction(value.lr), citations, label, given, basis)


def _slump_outcome(answers: Mapping) -> str | None:
    reproduces = answers.get("slump_reproduces_pain")
    if reproduces is None:
        return None
    if reproduces is False:
        return "negative"
    ankle = answers.get("slump_ankle_increases")
    neck = answers.get("slump_neck_eases")
    if ankle is True or neck is True:
        return "differentiated"
    if ankle is False or neck is False:
        return "no_change"
    return "not_differentiated"


_NERVE_SYMPTOM_KEYS = (
    "numbness_tingling",
    "pain_below_knee",
    "cough_sneeze_worse",
    "leg_pain_worse_than_back",
)
_HISTORY_YES_KEYS = ("back_pain", "buttock_pain")
_STRAIN_SIGN_KEYS = ("felt_pop", "bruising", "resisted_knee_bend_pain")
_COUNTED_KEYS = frozenset(DISCRIMINATING_KEYS)


def assess(answers: Mapping) -> Assessment:
    """Score answers already checked by `screening.schema.validate_answers`."""
    table = TABLE
    factors: list[Factor] = []
    tally = _Tally()
    prior_odds = _odds(table.prior)
    odds = prior_odds

    # History: the story of the onset, back pain, buttock pain.
    onset = answers.get("onset")
    if onset == "unsure":
        onset = None
    activity = answers.get("activity")
    group = _ACTIVITY_GROUP.get(activity) if activity is not None else None
    high_force_start = onset == "sudden" and group == HIGH_FORCE
    story = []
    entry = table.story.get((onset, group))
    if entry is not None:
        value, label = entry
        given = tuple((key, answers[key]) for key in ("onset", "activity") if key in answers)
        story.append((value, label, given, "story"))
        if value.lr < 1.0:
            tally.strain_support += 1
        elif value.lr > 1.0:
            tally.nerve_support += 1
    history = _cluster_factor("history", table.history, answers, story)
    if history is not None:
        factors.append(history)
        odds *= history.likelihood_ratio
    for key in _HISTORY_YES_KEYS:
        if answers.get(key) is True:
            tally.nerve_support += 1

    # Nerve signs, the slump inside them.
    slump = _slump_outcome(answers)
    slump_part = []
    if slump is not None:
        value, label = table.slump[slump]
        # Without the patient's own pain the ankle and head checks decide nothing.
        keys = ("slump_reproduces_pain",)
        if slump != "negative":
            keys += ("slump_ankle_increases", "slump_neck_eases")
        given = tuple((key, answers[key]) for key in keys if key in answers)
        slump_part.append((value, label, given, "slump"))
    nerve = _cluster_factor("nerve_signs", table.nerve, answers, slump_part)
    if nerve is not None:
        factors.append(nerve)
        odds *= nerve.likelihood_ratio
    nerve_symptoms = sum(
        1
        for key in _NERVE_SYMPTOM_KEYS
        if answers.get(key) is True
        and (key != "leg_pain_worse_than_back" or answers.get("back_pain") is True)
    )
    differentiated = slump == "differentiated"
    tally.nerve_signs = nerve_symptoms + differentiated
    tally.nerve_support += tally.nerve_signs

    # Local strain signs.
    strain = _cluster_factor("strain_signs", table.strain, answers)
    if strain is not None:
        factors.append(strain)
        odds *= strain.likelihood_ratio
    tally.strain_signs = sum(1 for key in _STRAIN_SIGN_KEYS if answers.get(key) is True)
    tally.strain_support += tally.strain_signs

    # Neutral answers: shown, so the patient sees they were read, but never counted.
    sitting = answers.get("worse_sitting")
    if sitting is not None:
        factors.append(
            _single_factor(
                "worse_sitting",
                _SITTING_VALUE,
                _SITTING_LABELS[sitting],
                (("worse_sitting", sitting),),
            )
        )
    pain = answers.get("pain_now")
    if pain is not None:
        factors.append(_single_factor("pain_now", _PAIN_VALUE, _PAIN_LABEL, (("pain_now", pain),)))

    total_lr = odds / prior_odds
    probability = min(max(_probability(odds), table.floor), table.ceiling)
    answered = len(
        {key for factor in factors for key, _value in factor.answers if key in _COUNTED_KEYS}
        - ({"onset"} if answers.get("onset") == "unsure" else set())
    )
    informative = tally.nerve_support + tally.strain_support
    category, reason = _likelihood_category(
        table,
        total_lr,
        tally,
        answered=answered,
        informative=informative,
        nerve_symptoms=nerve_symptoms,
        differentiated=differentiated,
        high_force_start=high_force_start,
    )
    likelihood_reason = reason

    red_flags = tuple(answers.get("red_flags") or ())
    rules = red_flag_rules(answers)
    if rules:
        category, reason = _URGENT_REFERRAL, Reason.RED_FLAG.value
        urgency = _EMERGENCY if any(rule.urgency == _EMERGENCY for rule in rules) else _PROMPT
        timeframe = rules[0].timeframe
    else:
        urgency, timeframe = _NO_URGENCY, Timeframe.NONE.value

    if red_flags:
        warning_signs = WarningSigns.TICKED.value
    elif "red_flags" in answers:
        warning_signs = WarningSigns.NONE.value
    else:
        warning_signs = WarningSigns.NOT_ANSWERED.value

    citations: list[str] = []
    for factor in factors:
        for key in factor.citations:
            if key != JUDGEMENT and key not in citations:
                citations.append(key)

    return Assessment(
        category=category,
        nerve_probability=probability,
        urgency=urgency,
        red_flags=red_flags,
        factors=tuple(factors),
        model_version=MODEL_VERSION,
        reason=reason,
        answered_items=answered,
        enough_answers=informative >= table.min_support,
        citations=tuple(citations),
        likelihood_reason=likelihood_reason,
        informative_answers=informative,
        rules=tuple(rule.code for rule in rules),
        timeframe=timeframe,
        warning_signs=warning_signs,
    )


def _likelihood_category(
    table: ModelTable,
    total_lr: float,
    tally: _Tally,
    *,
    answered: int,
    informative: int,
    nerve_symptoms: int,
    differentiated: bool,
    high_force_start: bool,
) -> tuple[str, str]:
    """The category and reason from the answers alone (red flags aside).

    A label needs positive evidence for it: "likely sciatica" at least one nerve sign, "likely
    strain" a strain sign or a sudden start in a hard effort, and fewer than two nerve symptoms
    (and no differentiated slump); both need `min_support` answers pointing their way. A
    strain can irritate the sciatic nerve beside it (the clinic's teaching; turl1998: a
    positive slump in 57% of recurrent strains), so strong nerve signs after a hard effort are
    "both may be present", never a strain.
    """
    strong_nerve = nerve_symptoms >= 2 or differentiated
    strong_strain = tally.strain_signs >= 2 or (tally.strain_signs >= 1 and high_force_start)
    if strong_nerve and strong_strain:
        return _UNCERTAIN, Reason.MIXED.value
    if strong_nerve and high_force_start:
        return _UNCERTAIN, Reason.BOTH_MAY_BE_PRESENT.value
    if total_lr >= table.label_lr:
        if tally.nerve_signs == 0:
            return _UNCERTAIN, Reason.NO_POSITIVE_EVIDENCE.value
        if tally.nerve_support < table.min_support:
            return _UNCERTAIN, Reason.TOO_FEW_ANSWERS.value
        return _LIKELY_SCIATICA, Reason.THRESHOLD.value
    if total_lr <= 1.0 / table.label_lr:
        if tally.strain_signs == 0 and not high_force_start:
            return _UNCERTAIN, Reason.NO_POSITIVE_EVIDENCE.value
        if strong_nerve:
            return _UNCERTAIN, Reason.MIXED.value
        if tally.strain_support < table.min_support:
            return _UNCERTAIN, Reason.TOO_FEW_ANSWERS.value
        return _LIKELY_STRAIN, Reason.THRESHOLD.value
    if informative == 0 and answered >= table.min_answered:
        return _UNCERTAIN, Reason.NO_POSITIVE_EVIDENCE.value
    if informative < table.min_support:
        return _UNCERTAIN, Reason.TOO_FEW_ANSWERS.value
    return _UNCERTAIN, Reason.IN_BETWEEN.value


class ItemAnswersError(AnswersError):
    """Invalid answers in a batch: also names the item's position (0-based)."""

    def __init__(self, index: int, error: AnswersError) -> None:
        super().__init__(error.key, error.message)
        self.index = index
        where = f"item {index}" + (f", key {error.key!r}" if error.key is not None else "")
        self.args = (f"{where}: {error.message}",)

    def __str__(self) -> str:
        return self.args[0]


def assess_all(items: Sequence[object]) -> list[dict]:
    """Validate and score raw answer sets in order, as JSON dicts; stop at the first error."""
    # Scoring makes many small objects without cycles; left on, the cyclic garbage collector
    # rescans them again and again and doubles the time of a large batch.
    collecting = gc.isenabled()
    gc.disable()
    try:
        results = []
        for index, item in enumerate(items):
            try:
                answers = validate_answers(item)
            except AnswersError as error:
                raise ItemAnswersError(index, error) from None
            results.append(assess(answers).to_dict())
        return results
    finally:
        if collecting:
            gc.enable()
