"""Stable codes of home programs, defined once: flag reasons, version kinds, progression rules."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FlagReason(models.TextChoices):
    """Why a program needs a clinician's attention; the label is the reason in plain words."""

    PAIN_SPIKE = "pain_spike", _("Pain 8 or more, or 3 or more points above their usual level")
    TINGLING_SPREAD = "tingling_spread", _("Reported spreading tingling or numbness")
    SUSTAINED_HIGH_PAIN = "sustained_high_pain", _("Pain 7 or more on every session for 7 days")
    PAIN_RISE = "pain_rise", _("Pain up by 2 or more points this week")
    WORSENING_TREND = "worsening_trend", _("Pain getting steadily worse over two weeks")
    NO_LOGS = "no_logs", _("No session logged for 7 days")


class VersionKind(models.TextChoices):
    ASSIGNED = "assigned", _("First version")
    EDITED = "edited", _("Edited")
    PROGRESSED = "progressed", _("Progression applied")


class ProgressBy(models.TextChoices):
    """Which part of the dose a progression rule raises."""

    REPS = "reps", _("Repetitions")
    HOLD_SECONDS = "hold_seconds", _("Hold time (seconds)")
    SETS = "sets", _("Sets")
