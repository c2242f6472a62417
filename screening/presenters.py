"""Turn a STORED assessment (plain JSON) into what the result and review pages show.

Reads only the stored dict: the pages show what was computed at submission, whatever the
current model says.
"""

from __future__ import annotations

from screening.codes import Category, RedFlag, Urgency
from screening.evidence import REFERENCES

# Where the marker sits on the strain-to-nerve scale (SVG user units).
SCALE_START = 12
SCALE_END = 308


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


def result_context(assessment: dict) -> dict:
    """Template context for a stored assessment; tolerant of older stored shapes."""
    category = assessment.get("category", Category.UNCERTAIN)
    urgency = assessment.get("urgency", Urgency.NONE)
    probability = float(assessment.get("nerve_probability", 0.5))
    probability = min(max(probability, 0.0), 1.0)
    factors = []
    for factor in assessment.get("factors", []):
        citations = [key for key in factor.get("citations", []) if key != "JUDGEMENT"]
        factors.append(
            {
                "code": factor.get("code", ""),
                "label": factor.get("label", ""),
                "direction": factor.get("direction", "neutral"),
                "likelihood_ratio": factor.get("likelihood_ratio", 1.0),
                "strength": _strength(float(factor.get("likelihood_ratio", 1.0))),
                "citations": citations,
                "judgement": "JUDGEMENT" in factor.get("citations", []),
            }
        )
    citation_keys = assessment.get("citations")
    if citation_keys is None:
        citation_keys = []
        for factor in factors:
            citation_keys += [key for key in factor["citations"] if key not in citation_keys]
    red_flags = assessment.get("red_flags", [])
    reason = assessment.get("reason", "")
    return {
        "assessment": assessment,
        "category": category,
        "category_label": _label(Category, category),
        "reason": reason,
        "enough_answers": assessment.get("enough_answers", reason != "too_few_answers"),
        "urgency": urgency,
        "is_emergency": urgency == Urgency.EMERGENCY,
        "is_prompt": urgency == Urgency.PROMPT,
        "red_flag_labels": [_label(RedFlag, code) for code in red_flags],
        "percent": round(probability * 100),
        "marker_x": round(SCALE_START + probability * (SCALE_END - SCALE_START), 1),
        "nerve_factors": [f for f in factors if f["direction"] == "nerve"],
        "strain_factors": [f for f in factors if f["direction"] == "strain"],
        "neutral_factors": [f for f in factors if f["direction"] == "neutral"],
        "references": [(key, REFERENCES.get(key, key)) for key in citation_keys],
        "model_version": assessment.get("model_version", ""),
    }
