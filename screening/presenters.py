"""Turn a STORED assessment (plain JSON) into what the result and review pages show.

Reads only the stored dict: the pages show what was computed at submission, whatever the
current model says. Assessments of every model version render (2025.1 and 2026.1 lack the
fields that 2027.1 added; their factors keep their own words).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from screening.codes import Category, Reason, RedFlag, RedFlagRule, Timeframe, Urgency, WarningSigns
from screening.evidence import reference

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

# The headline of an urgent result, by when to be seen: the action comes first.
TIMEFRAME_HEADINGS = {
    Timeframe.NOW: _("Get emergency care now"),
    Timeframe.TODAY: _("Get medical help today"),
    Timeframe.WITHIN_1_2_DAYS: _("See a doctor within 1 to 2 days"),
    Timeframe.WITHIN_DAYS: _("See a doctor within a few days"),
}
AVULSION_HEADING = _(
    "See a doctor within a few days, and the same day if you cannot put weight on the leg"
)

# The headline of a result without a warning sign: by category, then by reason.
CATEGORY_HEADINGS = {
    Category.LIKELY_HAMSTRING_STRAIN: _(
        "Your answers look more like a pulled hamstring muscle (a muscle strain)."
    ),
    Category.LIKELY_SCIATICA: _(
        "Your answers look more like pain from the sciatic nerve (sciatica)."
    ),
}
REASON_HEADINGS = {
    Reason.MIXED: _("Your answers show signs of both: a muscle strain and an irritated nerve."),
    Reason.BOTH_MAY_BE_PRESENT: _(
        "Your answers show nerve signs after a hard effort: both may be present."
    ),
    Reason.TOO_FEW_ANSWERS: _("We need more answers to tell."),
    Reason.NO_POSITIVE_EVIDENCE: _("Your answers do not show a clear sign of either."),
}
UNCLEAR_HEADING = _("Your answers do not point clearly one way.")

# The plain band the likelihood is shown as, from the category (never from the number alone,
# so that the band always agrees with the label).
STRAIN_BAND, UNCLEAR_BAND, NERVE_BAND = "strain", "unclear", "nerve"
BANDS = (
    (STRAIN_BAND, _("Leans strain")),
    (UNCLEAR_BAND, _("Can't tell")),
    (NERVE_BAND, _("Leans nerve")),
)
_BAND_OF_CATEGORY = {
    Category.LIKELY_HAMSTRING_STRAIN: STRAIN_BAND,
    Category.LIKELY_SCIATICA: NERVE_BAND,
}
NO_ESTIMATE_URGENT = _("No estimate: warning signs come first")

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


def _cited(keys: list[str]) -> list[tuple[str, str]]:
    """(key, how a reader names it) for citation keys: "Vroomen 2002 (JNNP)"."""
    return [(key, reference(key).short) for key in keys]


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
        # Shown as "Source:": only studies whose figure the value is, as (key, name).
        "citations": _cited(sources),
        # Shown as "our clinicians' judgement, informed by": studies behind a judgement.
        "informed_by": _cited(informed_by),
        "judgement": judgement,
    }


def about_percent(probability: float) -> int:
    """The nerve probability as people read an estimate: to the nearest 10 in 100, or the
    nearest 5 toward either end; never 0 or 100."""
    percent = min(max(probability, 0.0), 1.0) * 100
    step = 5 if percent < 10 or percent > 90 else 10
    return min(max(int(percent / step + 0.5) * step, 5), 95)


def band_of(category: str) -> str:
    return _BAND_OF_CATEGORY.get(category, UNCLEAR_BAND)


def list_likelihood(screening) -> str:
    """A stored screening's likelihood in a few words, for the clinicians' list (which reads the
    category, urgency and probability columns, never the assessment)."""
    if screening.urgency != Urgency.NONE:
        return str(NO_ESTIMATE_URGENT)
    band = band_of(screening.category)
    label = str(dict(BANDS)[band])
    if band == UNCLEAR_BAND:
        return label
    return gettext("%(band)s, about %(percent)s in 100") % {
        "band": label,
        "percent": about_percent(screening.nerve_probability),
    }


def _urgent_heading(timeframe: str, rules: list[str]) -> str:
    if timeframe == Timeframe.WITHIN_DAYS and RedFlagRule.SUSPECTED_AVULSION in rules:
        return AVULSION_HEADING
    return TIMEFRAME_HEADINGS.get(timeframe, "")


def _summary_heading(category: str, reason: str) -> str:
    if category in CATEGORY_HEADINGS:
        return CATEGORY_HEADINGS[category]
    return REASON_HEADINGS.get(reason, UNCLEAR_HEADING)


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
            citation_keys += [key for key, _name in factor["citations"] if key not in citation_keys]
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
    is_urgent = urgency in (Urgency.EMERGENCY, Urgency.PROMPT)
    band = "" if is_urgent else band_of(category)
    percent = about_percent(probability)
    if is_urgent:
        staff_likelihood = str(NO_ESTIMATE_URGENT)
    elif no_estimate:
        staff_likelihood = gettext("%(band)s: no estimate (%(reason)s)") % {
            "band": dict(BANDS)[band],
            "reason": _label(Reason, no_estimate),
        }
    else:
        staff_likelihood = gettext("%(band)s: about %(percent)s in 100 for the nerve") % {
            "band": dict(BANDS)[band],
            "percent": percent,
        }
    return {
        "assessment": assessment,
        "category": category,
        "category_label": _label(Category, category),
        "reason": reason,
        "reason_label": _label(Reason, reason) if reason else "",
        "likelihood_reason": likelihood_reason,
        "enough_answers": enough_answers,
        # "" when the likelihood shows an estimate; otherwise the reason it does not.
        "no_estimate": no_estimate,
        "urgency": urgency,
        "is_urgent": is_urgent,
        "is_emergency": urgency == Urgency.EMERGENCY,
        "is_prompt": urgency == Urgency.PROMPT,
        "timeframe": str(timeframe),
        "timeframe_label": _label(Timeframe, timeframe),
        # The one line that leads the page: the action for an urgent result, else the lean.
        "headline": _urgent_heading(timeframe, rules)
        if is_urgent
        else _summary_heading(category, reason),
        # Empty for assessments before 2027.1: the page then shows its general text.
        "rule_texts": [RULE_TEXTS[code] for code in rules],
        "rule_labels": [_label(RedFlagRule, code) for code in rules],
        "rules": rules,
        "red_flag_labels": [_label(RedFlag, code) for code in red_flags],
        "warning_signs": warning_signs,
        "warning_signs_label": _label(WarningSigns, warning_signs),
        # The plain band ("" under a warning sign: no estimate is shown then).
        "band": band,
        "bands": [(code, label, code == band) for code, label in BANDS],
        # The rounded estimate, secondary to the band ("about 70 in 100").
        "percent": percent,
        # The same story in one line for the clinicians' page.
        "staff_likelihood": staff_likelihood,
        "nerve_factors": [f for f in factors if f["direction"] == "nerve"],
        "strain_factors": [f for f in factors if f["direction"] == "strain"],
        "neutral_factors": [f for f in factors if f["direction"] == "neutral"],
        "references": [(key, reference(key)) for key in citation_keys],
        "model_version": assessment.get("model_version", ""),
    }
