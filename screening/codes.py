"""Stable codes of the screening, defined once for forms, models, the command and templates."""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Category(TextChoices):
    URGENT_REFERRAL = "urgent_referral", _("Needs medical care first")
    LIKELY_SCIATICA = "likely_sciatica", _("Looks more like the nerve (sciatica)")
    LIKELY_HAMSTRING_STRAIN = "likely_hamstring_strain", _("Looks more like a muscle strain")
    UNCERTAIN = "uncertain", _("Not clear")


class Urgency(TextChoices):
    EMERGENCY = "emergency", _("Emergency: same day")
    PROMPT = "prompt", _("See a doctor within days")
    NONE = "none", _("No red flag")


class Timeframe(TextChoices):
    """When to be seen, stored with the assessment (model 2027.1 on): urgency says how, this
    says when."""

    NOW = "now", _("Now: go to the emergency department")
    TODAY = "today", _("Today")
    WITHIN_1_2_DAYS = "within_1_2_days", _("Within 1 to 2 days")
    WITHIN_DAYS = "within_days", _("Within a few days")
    NONE = "none", _("No rush: no warning sign")


class Reason(TextChoices):
    """Why the category is what it is (stored as the assessment's `reason`)."""

    RED_FLAG = "red_flag", _("warning sign")
    # A label: the answers crossed a threshold and carry positive evidence for it.
    THRESHOLD = "threshold", _("clear lean")
    TOO_FEW_ANSWERS = "too_few_answers", _("too few answers")
    NO_POSITIVE_EVIDENCE = "no_positive_evidence", _("no positive sign of either")
    MIXED = "mixed", _("mixed picture")
    BOTH_MAY_BE_PRESENT = "both_may_be_present", _("both may be present")
    IN_BETWEEN = "in_between", _("in between")


class RedFlag(TextChoices):
    # Emergency, same day (Finucane 2020, Dionne 2019, NICE NG59).
    SADDLE_NUMBNESS = "saddle_numbness", _("Numbness between the legs or around the bottom")
    BLADDER_BOWEL_TROUBLE = (
        "bladder_bowel_trouble",
        _(
            "New trouble peeing or with your bowels: hard to start or stop peeing, less feeling "
            "when you pee, or leaking"
        ),
    )
    NEW_SEXUAL_PROBLEMS = (
        "new_sexual_problems",
        _("New problems with sex, like less feeling or trouble getting an erection"),
    )
    BILATERAL_NERVE_SYMPTOMS = (
        "bilateral_nerve_symptoms",
        _("Numbness, tingling or weakness in both legs (not just sore muscles after exercise)"),
    )
    PROGRESSIVE_WEAKNESS = "progressive_weakness", _("Leg weakness that is getting worse")
    # Asked until model 2026.1; kept so that stored answers keep their own wording and old
    # answer files still score (as emergencies, as they did).
    BLADDER_BOWEL_CHANGE = "bladder_bowel_change", _("New trouble controlling bladder or bowels")
    BILATERAL_LEG_SYMPTOMS = "bilateral_leg_symptoms", _("Pain, numbness or weakness in both legs")
    # Prompt medical review, within days (Henschke 2013, Downie 2013, Finucane 2020).
    CANCER_HISTORY = "cancer_history", _("Cancer now or in the past")
    UNEXPLAINED_WEIGHT_LOSS = "unexplained_weight_loss", _("Weight loss you cannot explain")
    FEVER_OR_INFECTION_RISK = (
        "fever_or_infection_risk",
        _("Fever, or a higher infection risk (drug injection, weak immune system)"),
    )
    SIGNIFICANT_TRAUMA = "significant_trauma", _("A bad fall, crash or blow")
    OSTEOPOROSIS_OR_STEROIDS = (
        "osteoporosis_or_steroids",
        _("Weak bones (osteoporosis) or long-term steroid tablets"),
    )
    CONSTANT_NIGHT_PAIN = (
        "constant_night_pain",
        _("Constant pain at night that does not ease when you change position"),
    )


EMERGENCY_RED_FLAGS = frozenset(
    {
        RedFlag.SADDLE_NUMBNESS,
        RedFlag.BLADDER_BOWEL_TROUBLE,
        RedFlag.NEW_SEXUAL_PROBLEMS,
        RedFlag.BILATERAL_NERVE_SYMPTOMS,
        RedFlag.PROGRESSIVE_WEAKNESS,
        RedFlag.BLADDER_BOWEL_CHANGE,
        RedFlag.BILATERAL_LEG_SYMPTOMS,
    }
)
PROMPT_RED_FLAGS = frozenset(set(RedFlag) - EMERGENCY_RED_FLAGS)
# No longer asked: the old wording mixed nerve signs with sore legs and missed early bladder
# signs. Valid in stored answers, never offered by the form.
RETIRED_RED_FLAGS = frozenset({RedFlag.BLADDER_BOWEL_CHANGE, RedFlag.BILATERAL_LEG_SYMPTOMS})
# The warning signs the questionnaire asks about, in the order it shows them.
ASKED_RED_FLAGS: tuple[RedFlag, ...] = tuple(
    code for code in RedFlag if code not in RETIRED_RED_FLAGS
)


class WarningSigns(TextChoices):
    """What a stored screening says about the warning-signs question, for staff pages."""

    TICKED = "ticked", _("Ticked")
    NONE = "none", _("None of these")
    NOT_ANSWERED = "not_answered", _("Not answered")
    # Before model 2027.1 the form had no "None of these": nothing ticked may mean skipped.
    NONE_TICKED_OLD_FORM = "none_ticked_old_form", _("None ticked (older form, may be skipped)")


class RedFlagRule(TextChoices):
    """The red-flag rules of model 2027.1: single signs and combinations (see scoring.py)."""

    CAUDA_EQUINA = "cauda_equina", _("Signs that nerves at the bottom of the spine are squeezed")
    SPINAL_INFECTION = "spinal_infection", _("Infection risk with back pain or night pain")
    CANCER_WITH_NERVE_SYMPTOMS = (
        "cancer_with_nerve_symptoms",
        _("Past cancer, new back pain and nerve symptoms in the leg"),
    )
    CANCER_WITH_BACK_PAIN = (
        "cancer_with_back_pain",
        _("Past cancer with weight loss or night pain, and new back pain"),
    )
    CANNOT_BEAR_WEIGHT = "cannot_bear_weight", _("Cannot put weight on the leg")
    SUSPECTED_AVULSION = (
        "suspected_avulsion",
        _("Possible tear of the hamstring tendon from the sit bone"),
    )
    PROMPT_SIGN = "prompt_sign", _("A sign that a doctor should check within days")
