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


class RedFlag(TextChoices):
    # Emergency, same day (Finucane 2020, Dionne 2019, NICE NG59).
    SADDLE_NUMBNESS = "saddle_numbness", _("Numbness between the legs or around the bottom")
    BLADDER_BOWEL_CHANGE = "bladder_bowel_change", _("New trouble controlling bladder or bowels")
    BILATERAL_LEG_SYMPTOMS = "bilateral_leg_symptoms", _("Pain, numbness or weakness in both legs")
    PROGRESSIVE_WEAKNESS = "progressive_weakness", _("Leg weakness that is getting worse")
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
        RedFlag.BLADDER_BOWEL_CHANGE,
        RedFlag.BILATERAL_LEG_SYMPTOMS,
        RedFlag.PROGRESSIVE_WEAKNESS,
    }
)
PROMPT_RED_FLAGS = frozenset(set(RedFlag) - EMERGENCY_RED_FLAGS)
