"""Turn a STORED assessment (plain JSON) into what the result and review pages show.

Reads only the stored dict: the pages show what was computed at submission, whatever the
current model says. Assessments of every model version render (2025.1 and 2026.1 lack the
fields that 2027.1 added; their factors keep their own words).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from screening.codes import Category, Reason, RedFlag, RedFlagRule, Timeframe, Urgency, WarningSigns
from screening.evidence import REFERENCES

# Where the marker sits on the strain-to-nerve scale (SVG user units).
SCALE_START = 12
SCALE_END = 308

# What each red-flag rule means for the patient (model 2027.1 on), in our own words.
RULE_TEXTS = {
    RedFlagRule.CAUDA_EQUINA: _(
        "These signs can mean that nerves at the bottom of your spine are badly squeezed. This "
        "needs to be checked in an emergency department the same day."
    ),
    RedFlagRule.SPINAL_INFECTION: _(
        "A fever or a higher risk of infection, together with back pain or constant pain at "
        "night, can mean an infection near the spine. A doctor needs to check this today."
    ),
    RedFlagRule.CANCER_WITH_NERVE_SYMPTOMS: _(
        "You have had cancer, and you have new back pain with weight loss or pain at night, and "
        "nerve signs in the leg. A doctor needs to check your spine today."
    ),
    RedFlagRule.CANCER_WITH_BACK_PAIN: _(
        "You have had cancer, and you have new back pain with weight loss or pain at night. "
        "Most of the time the cause is simple, but a doctor should check your spine within 1 to "
        "2 days."
    ),
    RedFlagRule.CANNOT_BEAR_WEIGHT: _(
        "You cannot put weight on the leg. Please see a doctor today."
    ),
    RedFlagRule.SUSPECTED_AVULSION: _(
        "A sudden injury with pain right at the sit bone can mean that the hamstring tendon has "
        "torn away from the bone. This is rare, but it heals best when a surgeon sees it early. "
        "See a doctor within a few days, and the same day if you cannot put weight on the leg."
    ),
    RedFlagRule.PROMPT_SIGN: _(
        "Most of the time these signs have a simple cause. But they can go with problems that a "
        "doctor needs to rule out, like an infection or a weak bone. Tell your doctor about your "
        "thigh pain and what you ticked."
    ),
}

# The headline of an urgent result, by when to be seen.
TIMEFRAME_HEADINGS = {
    Timeframe.NOW: _("Get emergency care now"),
    Timeframe.TODAY: _("See a doctor today"),
    Timeframe.WITHIN_1_2_DAYS: _("See a doctor within 1 to 2 days"),
    Timeframe.WITHIN_DAYS: _("See a doctor in the next few days"),
}

# Reasons that give no estimate: a single number would hide or overstate what the answers say.
_NO_ESTIMATE = frozenset(
    {
        Reason.MIXED,
        Reason.BOTH_MAY_BE_PRESENT,
        Reason.NO_POSITIVE_EVIDENCE,
        Reason.TOO_FEW_ANSWERS,
    }
)


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value


def _strength(lr: float) -> float:
    """How many times the factor moved the odds, in its own direction (always >= 1)."""
    if lr <= 0:
        return 1.0
    return round(lr if lr >= 1 else 1 / lr, 1)


def _factor(factor: dict) -> dict:
    stored = factor.get("citations", [])
    keys = [key for key in stored if key != "JUDGEMENT"]
    basis = factor.get("basis")
    if basis is None:
        # Before 2027.1: the citations are shown as stored, with the judgement marker.
        judgement = "JUDGEMENT" in stored
        sources, informed_by = keys, []
    else:
        judgement = basis != "study"
        sources, informed_by = ([], keys) if judgement else (keys, [])
    lr = float(factor.get("likelihood_ratio", 1.0))
    return {
        "code": factor.get("code", ""),
        "label": factor.get("label", ""),
        "details": [detail.get("label", "") for detail in factor.get("details", [])],
        "direction": factor.get("direction", "neutral"),
        "likelihood_ratio": lr,
        "strength": _strength(lr),
        # Shown as "Source:": only studies whose figure the value is.
        "citations": sources,
        # Shown as "our clinicians' judgement, informed by": studies behind a judgement.
        "informed_by": informed_by,
        "judgement": judgement,
    }


def _likelihood_reason(assessment: dict, reason: str) -> str:
    """What the answers alone say (under a red flag too); older shapes have only `reason`."""
    stored = assessment.get("likelihood_reason")
    if stored:
        return stored
    if reason == Reason.RED_FLAG:
        return "" if assessment.get("enough_answers", True) else Reason.TOO_FEW_ANSWERS.value
    return reason


def _warning_signs(assessment: dict) -> str:
    stored = assessment.get("warning_signs")
    if stored:
        return stored
    # Before 2027.1 the form had no "None of these": an empty list may mean skipped.
    if assessment.get("red_flags"):
        return WarningSigns.TICKED.value
    return WarningSigns.NONE_TICKED_OLD_FORM.value


def result_context(assessment: dict) -> dict:
    """Template context for a stored assessment; tolerant of older stored shapes."""
    category = assessment.get("category", Category.UNCERTAIN)
    urgency = assessment.get("urgency", Urgency.NONE)
    probability = float(assessment.get("nerve_probability", 0.5))
    probability = min(max(probability, 0.0), 1.0)
    factors = [_factor(factor) for factor in assessment.get("factors", [])]
    citation_keys = assessment.get("citations")
    if citation_keys is None:
        citation_keys = []
        for factor in factors:
            citation_keys += [key for key in factor["citations"] if key not in citation_keys]
    red_flags = assessment.get("red_flags", [])
    reason = assessment.get("reason", "")
    likelihood_reason = _likelihood_reason(assessment, reason)
    enough_answers = assessment.get("enough_answers", reason != Reason.TOO_FEW_ANSWERS)
    if likelihood_reason in _NO_ESTIMATE:
        no_estimate = likelihood_reason
    elif not enough_answers:
        no_estimate = Reason.TOO_FEW_ANSWERS.value
    else:
        no_estimate = ""
    timeframe = assessment.get("timeframe", "")
    if not timeframe or timeframe == Timeframe.NONE:
        # Before 2027.1: the urgency alone said when.
        timeframe = {Urgency.EMERGENCY: Timeframe.NOW, Urgency.PROMPT: Timeframe.WITHIN_DAYS}.get(
            urgency, Timeframe.NONE
        )
    rules = [code for code in assessment.get("rules", []) if code in RULE_TEXTS]
    warning_signs = _warning_signs(assessment)
    return {
        "assessment": assessment,
        "category": category,
        "category_label": _label(Category, category),
        "reason": reason,
        "reason_label": _label(Reason, reason) if reason else "",
        "likelihood_reason": likelihood_reason,
        "enough_answers": enough_answers,
        # "" when the scale shows an estimate; otherwise the reason it does not.
        "no_estimate": no_estimate,
        "urgency": urgency,
        "is_emergency": urgency == Urgency.EMERGENCY,
        "is_prompt": urgency == Urgency.PROMPT,
        "timeframe": str(timeframe),
        "timeframe_label": _label(Timeframe, timeframe),
        "urgent_heading": TIMEFRAME_HEADINGS.get(timeframe, ""),
        # Empty for assessments before 2027.1: the page then shows its general text.
        "rule_texts": [RULE_TEXTS[code] for code in rules],
        "rule_labels": [_label(RedFlagRule, code) for code in rules],
        "red_flag_labels": [_label(RedFlag, code) for code in red_flags],
        "warning_signs": warning_signs,
        "warning_signs_label": _label(WarningSigns, warning_signs),
        "percent": round(probability * 100),
        "marker_x": round(SCALE_START + probability * (SCALE_END - SCALE_START), 1),
        "nerve_factors": [f for f in factors if f["direction"] == "nerve"],
        "strain_factors": [f for f in factors if f["direction"] == "strain"],
        "neutral_factors": [f for f in factors if f["direction"] == "neutral"],
        "references": [(key, REFERENCES.get(key, key)) for key in citation_keys],
        "model_version": assessment.get("model_version", ""),
    }
