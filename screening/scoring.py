"""Strain-versus-sciatica scoring: validated answers in, a frozen Assessment out.

A likelihood-ratio (odds) model. No study compares a hamstring strain with sciatica directly, so
every value below is a judgement value anchored to the neighbouring studies in
``clinical-evidence.md``; each carries its citation key, or ``JUDGEMENT`` where no figure exists.
All values live in ``TABLE``: revise them there and bump ``MODEL_VERSION``.

Pure module: no ORM, no request. A likelihood ratio (LR) above 1 points to the nerve, below 1
to a muscle strain. Unanswered items are neutral (LR 1) and produce no factor.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from screening.codes import EMERGENCY_RED_FLAGS, Category, Urgency
from screening.schema import DISCRIMINATING_KEYS, AnswersError, validate_answers

MODEL_VERSION = "2026.1"

NERVE = "nerve"
STRAIN = "strain"
NEUTRAL = "neutral"
JUDGEMENT = "JUDGEMENT"

_EMERGENCY = frozenset(code.value for code in EMERGENCY_RED_FLAGS)
# Plain strings, looked up once: enum attribute access is slow in a loop of 100,000.
_URGENT_REFERRAL = Category.URGENT_REFERRAL.value
_LIKELY_SCIATICA = Category.LIKELY_SCIATICA.value
_LIKELY_STRAIN = Category.LIKELY_HAMSTRING_STRAIN.value
_UNCERTAIN = Category.UNCERTAIN.value
_EMERGENCY_URGENCY = Urgency.EMERGENCY.value
_PROMPT_URGENCY = Urgency.PROMPT.value
_NO_URGENCY = Urgency.NONE.value


def gettext_noop(message: str) -> str:
    """Mark a label for translation (makemessages finds this name); the page translates it."""
    return message


class Item(NamedTuple):
    """One yes/no answer inside a cluster: its LR when answered yes and when answered no."""

    lr_yes: float
    lr_no: float
    citation: str


@dataclass(frozen=True, slots=True)
class Cluster:
    """Correlated items that reflect one thing: their LRs multiply, then the product is clamped
    so that the cluster as a whole counts once."""

    items: dict[str, Item]
    lr_floor: float
    lr_ceiling: float
    citations: tuple[str, ...]
    labels: dict[str, str]  # by direction


@dataclass(frozen=True, slots=True)
class ModelTable:
    """Every number of the model, in one place."""

    # Probability that back-of-thigh pain comes from the nerve before any answer. JUDGEMENT:
    # verrall2003 found 82% strains (18% other) in athletes hurt during sport; this site's
    # visitors also include non-athletes with gradual pain, so the nerve share is set higher.
    prior: float
    floor: float
    ceiling: float
    sciatica_threshold: float
    strain_threshold: float
    min_answered: int
    onset: dict[tuple[str | None, str | None], tuple[float, str, str]]
    clusters: dict[str, Cluster]
    slump: dict[str, tuple[float, tuple[str, ...], str]]
    strong_nerve_symptoms: int
    strong_strain_signs: int


# Activity answers grouped by what they mean for the thigh.
_ACTIVITY_GROUP = {
    "sprinting": "high_force",
    "kicking_or_overstretching": "high_force",
    "lifting_or_bending": "lifting",
    "fall_or_blow": "blow",
    "other": "no_event",
    "none": "no_event",
}

TABLE = ModelTable(
    prior=0.35,  # JUDGEMENT, see ModelTable.prior
    # Never claim certainty from a questionnaire (clinical-evidence.md, modelling guidance).
    floor=0.03,
    ceiling=0.97,
    # JUDGEMENT: a label is only given when the odds are clearly one way (about 7 in 10).
    sciatica_threshold=0.70,
    strain_threshold=0.30,
    # JUDGEMENT: fewer answered items than this (of onset, activity and the 13 yes/no items)
    # is too little to lean either way.
    min_answered=5,
    # Onset and activity together (LR, citation, label). "Woke up sore after sprints" is not
    # "woke up sore for no reason". Key: (onset, activity group); None = not answered/unsure.
    onset={
        # verrall2003: sudden onset during activity, LR about 6 towards strain -> 1/6.
        ("sudden", "high_force"): (
            0.17,
            "verrall2003",
            gettext_noop("It started suddenly while sprinting, kicking or stretching hard."),
        ),
        ("sudden", "lifting"): (
            1.5,
            JUDGEMENT,
            gettext_noop("It started suddenly while lifting or bending, a common back trigger."),
        ),
        ("sudden", "blow"): (
            0.5,
            JUDGEMENT,
            gettext_noop("It started suddenly with a fall or a hit to the leg."),
        ),
        ("sudden", "no_event"): (
            1.0,
            JUDGEMENT,
            gettext_noop("It started suddenly, but not during a hard effort."),
        ),
        ("sudden", None): (0.5, JUDGEMENT, gettext_noop("It started suddenly.")),
        ("gradual", "high_force"): (
            1.2,
            JUDGEMENT,
            gettext_noop("It came on slowly, around sprinting or kicking."),
        ),
        ("gradual", "lifting"): (
            2.0,
            JUDGEMENT,
            gettext_noop("It came on slowly, around lifting or bending."),
        ),
        ("gradual", "blow"): (
            1.5,
            JUDGEMENT,
            gettext_noop("It came on slowly after a fall or a hit."),
        ),
        ("gradual", "no_event"): (
            2.0,
            JUDGEMENT,
            gettext_noop("It came on slowly, without a hard effort."),
        ),
        ("gradual", None): (2.0, JUDGEMENT, gettext_noop("It came on slowly.")),
        ("woke_up", "high_force"): (
            0.6,
            JUDGEMENT,
            gettext_noop("You woke up sore after sprinting or kicking, like after a hard workout."),
        ),
        ("woke_up", "lifting"): (
            2.0,
            JUDGEMENT,
            gettext_noop("You woke up with it after lifting or bending."),
        ),
        ("woke_up", "blow"): (
            1.0,
            JUDGEMENT,
            gettext_noop("You woke up with it after a fall or a hit."),
        ),
        ("woke_up", "no_event"): (
            2.5,
            JUDGEMENT,
            gettext_noop("You woke up with it for no clear reason."),
        ),
        ("woke_up", None): (2.0, JUDGEMENT, gettext_noop("You woke up with it.")),
        (None, "high_force"): (
            0.4,
            JUDGEMENT,
            gettext_noop("It started around sprinting, kicking or a big stretch."),
        ),
        (None, "lifting"): (
            1.3,
            JUDGEMENT,
            gettext_noop("It started around lifting or bending."),
        ),
        (None, "blow"): (0.7, JUDGEMENT, gettext_noop("It started after a fall or a hit.")),
        (None, "no_event"): (
            1.2,
            JUDGEMENT,
            gettext_noop("It started without a hard effort."),
        ),
    },
    clusters={
        # One irritated nerve shows itself in several ways; together they count once, within the
        # bounds of the published history cluster (mistry2020: LR+ 3.6, LR- 0.35).
        "nerve_symptoms": Cluster(
            items={
                "numbness_tingling": Item(2.0, 0.7, "vroomen2002"),
                # Best single history item (konstantinou2012); raises slump specificity (urban2015).
                "pain_below_knee": Item(2.0, 0.6, "konstantinou2012"),
                "cough_sneeze_worse": Item(1.8, 0.9, "vroomen2002"),
                # Only counted when there is back pain: without it, the leg is trivially worse.
                "leg_pain_worse_than_back": Item(1.3, 0.9, "stynes2018"),
            },
            lr_floor=0.35,
            lr_ceiling=3.6,
            # The bounds are mistry2020's; the item values inside them are ours.
            citations=("mistry2020", "vroomen2002", "konstantinou2012", "stynes2018", JUDGEMENT),
            labels={
                NERVE: gettext_noop(
                    "You have signs that often come from an irritated nerve, like numbness, "
                    "tingling, pain below the knee or pain when you cough."
                ),
                STRAIN: gettext_noop(
                    "You do not have the usual nerve signs (numbness, tingling, pain below the "
                    "knee, pain when you cough)."
                ),
                NEUTRAL: gettext_noop("Your answers about nerve signs were mixed."),
            },
        ),
        # Back or buttock pain beside thigh pain points to a nerve root or the deep buttock.
        "back_buttock": Cluster(
            items={
                "back_pain": Item(1.8, 0.7, JUDGEMENT),  # stynes2018, vroomen2002 (no LR given)
                "buttock_pain": Item(1.6, 0.9, "hopayian2010"),
                # Weak: sit-bone pain from a hamstring tendon also hurts on sitting (cacchio2012).
                "worse_sitting": Item(1.3, 0.9, "hopayian2010"),
            },
            lr_floor=0.5,  # JUDGEMENT
            lr_ceiling=2.5,  # JUDGEMENT
            citations=("stynes2018", "hopayian2010", "martin2014", "cacchio2012", JUDGEMENT),
            labels={
                NERVE: gettext_noop(
                    "You also have back or buttock pain, or it is worse when you sit. This often "
                    "goes with the nerve."
                ),
                STRAIN: gettext_noop("You have no back or buttock pain."),
                NEUTRAL: gettext_noop("Your answers about back and buttock pain were mixed."),
            },
        ),
        # Local signs of a torn muscle (heiderscheit2010). zeren2006 reports specificity 1.00
        # for resisted knee bending; we assume 0.85 instead (sens 0.57): LR about 3.8 for strain.
        "strain_signs": Cluster(
            items={
                "felt_pop": Item(0.4, 1.2, JUDGEMENT),
                "bruising": Item(0.3, 1.2, "heiderscheit2010"),
                "resisted_knee_bend_pain": Item(0.3, 1.6, "zeren2006"),
            },
            lr_floor=0.15,  # JUDGEMENT
            lr_ceiling=2.0,  # JUDGEMENT
            citations=("heiderscheit2010", "zeren2006", JUDGEMENT),
            labels={
                STRAIN: gettext_noop(
                    "You felt a pop, have bruising, or it hurts to bend the knee against "
                    "resistance. These are signs of a muscle strain."
                ),
                NERVE: gettext_noop(
                    "No pop, no bruising and no pain when you bend the knee against resistance. "
                    "A muscle strain usually has some of these."
                ),
                NEUTRAL: gettext_noop("Your answers about muscle strain signs were mixed."),
            },
        ),
    },
    # The slump self-test (LR, citations, label) by outcome. It only counts strongly with the
    # patient's own pain AND a change with differentiation (kuilart2005: symptoms in 36% of
    # symptom-free people; turl1998: positive in 57% of recurrent strains). The strong value is
    # below the published LR+ (majlesi2008 4.9, urban2015 3.0, mkumbuzi 2.8) because the history
    # items already carry much of the same information (vroomen2002).
    slump={
        "differentiated": (
            3.5,
            ("majlesi2008", "urban2015", "mkumbuzi", "kuilart2005", JUDGEMENT),
            gettext_noop(
                "In the sitting test your own pain came on, and it changed when you moved your "
                "ankle or your head. The hamstring is not attached to either, so this points to "
                "the nerve."
            ),
        ),
        "no_change": (
            1.0,
            ("turl1998", "kuilart2005"),
            gettext_noop(
                "The sitting test brought on your pain, but moving your ankle or head did not "
                "change it. This does not tell much either way."
            ),
        ),
        "not_differentiated": (
            1.3,
            ("turl1998", "kuilart2005", JUDGEMENT),
            gettext_noop(
                "The sitting test brought on your pain, but the ankle and head checks were not "
                "done. On its own this is weak evidence."
            ),
        ),
        # Published LR- 0.13-0.28; a test done alone at home misses more, so weaker here.
        "negative": (
            0.4,
            ("majlesi2008", "urban2015", "mkumbuzi", JUDGEMENT),
            gettext_noop(
                "The sitting test did not bring on your pain. This points away from the nerve."
            ),
        ),
    },
    # Mixed picture (JUDGEMENT): strong nerve signs are a differentiated slump or at least this
    # many nerve symptoms; strong strain signs are at least this many strain signs, or one after
    # a sudden high-force start.
    strong_nerve_symptoms=2,
    strong_strain_signs=2,
)

_PAIN_LABEL = gettext_noop("How much it hurts does not tell a strain from the nerve.")
_PAIN_CITATIONS = (JUDGEMENT,)
_STRONG_NERVE_ITEMS = ("numbness_tingling", "pain_below_knee", "cough_sneeze_worse")


@dataclass(frozen=True, slots=True)
class Factor:
    """One answered item or cluster and how it moved the odds."""

    code: str
    likelihood_ratio: float
    direction: str
    citations: tuple[str, ...]
    label: str
    answers: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "likelihood_ratio": self.likelihood_ratio,
            "direction": self.direction,
            "citations": list(self.citations),
            "label": self.label,
            "answers": dict(self.answers),
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    category: str
    nerve_probability: float
    urgency: str
    red_flags: tuple[str, ...]
    factors: tuple[Factor, ...]
    model_version: str
    # Why the category is what it is: red_flag, mixed, too_few_answers, threshold.
    reason: str
    answered_items: int
    # False when too few items were answered to lean either way (even under a red flag).
    enough_answers: bool
    citations: tuple[str, ...] = field(default=())

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
        }


def _direction(lr: float) -> str:
    if lr > 1.0:
        return NERVE
    if lr < 1.0:
        return STRAIN
    return NEUTRAL


def _cluster_factor(code: str, cluster: Cluster, answers: dict) -> tuple[Factor | None, int]:
    """The cluster's factor (None if none of its items was answered) and its count of yeses."""
    lr = 1.0
    given: list[tuple[str, Any]] = []
    yeses = 0
    # Each item's citation documents its value; the factor cites the cluster as a whole.
    for key, (lr_yes, lr_no, _citation) in cluster.items.items():
        value = answers.get(key)
        if value is None:
            continue
        if key == "leg_pain_worse_than_back" and answers.get("back_pain") is not True:
            continue
        given.append((key, value))
        if value:
            lr *= lr_yes
            yeses += 1
        else:
            lr *= lr_no
    if not given:
        return None, 0
    lr = round(min(max(lr, cluster.lr_floor), cluster.lr_ceiling), 3)
    direction = _direction(lr)
    factor = Factor(code, lr, direction, cluster.citations, cluster.labels[direction], tuple(given))
    return factor, yeses


def _slump_outcome(answers: dict) -> str | None:
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


def assess(answers: dict) -> Assessment:
    """Score answers already checked by `screening.schema.validate_answers`."""
    table = TABLE
    factors: list[Factor] = []
    odds = table.prior / (1.0 - table.prior)

    onset = answers.get("onset")
    if onset == "unsure":
        onset = None
    activity = answers.get("activity")
    activity_group = _ACTIVITY_GROUP.get(activity) if activity is not None else None
    onset_entry = table.onset.get((onset, activity_group))
    if onset_entry is not None:
        lr, citation, label = onset_entry
        given = tuple(
            (key, answers[key]) for key in ("onset", "activity") if answers.get(key) is not None
        )
        factors.append(Factor("onset", lr, _direction(lr), (citation,), label, given))
        odds *= lr
    high_force_start = onset == "sudden" and activity_group == "high_force"

    cluster_yeses: dict[str, int] = {}
    for code, cluster in table.clusters.items():
        factor, yeses = _cluster_factor(code, cluster, answers)
        cluster_yeses[code] = yeses
        if factor is not None:
            factors.append(factor)
            odds *= factor.likelihood_ratio

    slump = _slump_outcome(answers)
    if slump is not None:
        lr, citations, label = table.slump[slump]
        # Without the patient's own pain the ankle and head checks decide nothing.
        slump_keys = ("slump_reproduces_pain",)
        if slump != "negative":
            slump_keys += ("slump_ankle_increases", "slump_neck_eases")
        given = tuple((key, answers[key]) for key in slump_keys if answers.get(key) is not None)
        factors.append(Factor("slump", lr, _direction(lr), citations, label, given))
        odds *= lr

    pain = answers.get("pain_now")
    if pain is not None:
        factors.append(
            Factor("pain_now", 1.0, NEUTRAL, _PAIN_CITATIONS, _PAIN_LABEL, (("pain_now", pain),))
        )

    probability = odds / (1.0 + odds)
    probability = min(max(probability, table.floor), table.ceiling)

    # Only answers that moved the model count: "not sure" about the onset, "leg worse than
    # back" without back pain, or the slump's follow-ups without its first question tell nothing.
    answered = len(
        {
            key
            for factor in factors
            for key, value in factor.answers
            if key in DISCRIMINATING_KEYS and not (key == "onset" and value == "unsure")
        }
    )

    strong_nerve = slump == "differentiated" or (
        sum(1 for key in _STRONG_NERVE_ITEMS if answers.get(key) is True)
        >= table.strong_nerve_symptoms
    )
    strain_yeses = cluster_yeses.get("strain_signs", 0)
    strong_strain = strain_yeses >= table.strong_strain_signs or (
        strain_yeses >= 1 and high_force_start
    )

    red_flags = tuple(answers.get("red_flags") or ())
    if red_flags:
        emergency = any(code in _EMERGENCY for code in red_flags)
        urgency = _EMERGENCY_URGENCY if emergency else _PROMPT_URGENCY
        category, reason = _URGENT_REFERRAL, "red_flag"
    else:
        urgency = _NO_URGENCY
        if strong_nerve and strong_strain:
            category, reason = _UNCERTAIN, "mixed"
        elif answered < table.min_answered:
            category, reason = _UNCERTAIN, "too_few_answers"
        elif probability >= table.sciatica_threshold:
            category, reason = _LIKELY_SCIATICA, "threshold"
        elif probability <= table.strain_threshold:
            category, reason = _LIKELY_STRAIN, "threshold"
        else:
            category, reason = _UNCERTAIN, "threshold"

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
        enough_answers=answered >= table.min_answered,
        citations=tuple(citations),
    )


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
