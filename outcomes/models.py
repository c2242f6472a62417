"""Outcome measures of home programs: each sitting (LEFS, PSFS, pain) and a program's track."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from outcomes import scoring
from outcomes.instruments import REVIEW_LABELS

ACTIVITY_MAX_LENGTH = 80


class CheckIn(models.Model):
    """One sitting of the three measures for a program; appended, never edited."""

    program = models.ForeignKey(
        "exercises.HomeProgram", on_delete=models.CASCADE, related_name="outcome_checkins"
    )
    is_baseline = models.BooleanField(_("baseline"), default=False)
    taken_at = models.DateTimeField(_("taken at"))
    taken_on = models.DateField(_("taken on"))
    # Empty when the patient answered through their link.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The 20 LEFS answers (0-4) in the questionnaire's order, and their sum.
    lefs_answers = models.JSONField(_("LEFS answers"))
    lefs_total = models.PositiveSmallIntegerField(
        _("LEFS score"), validators=[MaxValueValidator(scoring.LEFS_MAX)]
    )
    # The activities the patient named at the baseline (copied to each sitting, so a sitting
    # reads on its own) and their ratings 0-10, in the same order; the mean, rounded for lists.
    psfs_activities = models.JSONField(_("PSFS activities"))
    psfs_scores = models.JSONField(_("PSFS ratings"))
    psfs_mean = models.DecimalField(_("PSFS score"), max_digits=4, decimal_places=2)
    pain = models.PositiveSmallIntegerField(
        _("pain"), validators=[MaxValueValidator(scoring.PAIN_MAX)]
    )

    class Meta:
        ordering = ["taken_at", "id"]
        indexes = [
            models.Index(fields=["program", "taken_at"], name="outcomes_checkin_program_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(is_baseline=True),
                name="outcomes_one_baseline_per_program",
            )
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.taken_on} LEFS {self.lefs_total}"

    @property
    def scores(self) -> scoring.Scores:
        """The sitting's scores, exact (the PSFS mean as a fraction, not the rounded column)."""
        return scoring.Scores(
            lefs=self.lefs_total,
            psfs=Fraction(sum(self.psfs_scores), len(self.psfs_scores)),
            psfs_count=len(self.psfs_scores),
            pain=self.pain,
        )

    @property
    def psfs_ratings(self) -> list[tuple[str, int]]:
        return list(zip(self.psfs_activities, self.psfs_scores, strict=False))


class OutcomeTrack(models.Model):
    """A program's measures at a glance, kept with each sitting: what the worklists read."""

    program = models.OneToOneField(
        "exercises.HomeProgram",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="outcome_track",
    )
    # Sittings go only with their program, and the track with them (never PROTECT: that would
    # stop a program or a patient record from being deleted).
    baseline = models.OneToOneField(CheckIn, on_delete=models.CASCADE, related_name="+")
    latest = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="+")
    next_due_on = models.DateField(_("next check-in due"))
    review_reason = models.CharField(
        _("why it needs review"),
        max_length=32,
        blank=True,
        choices=list(REVIEW_LABELS.items()),
    )
    # Set by a sitting that marks the program for review; cleared by a clinician's review or a
    # later sitting that shows meaningful improvement.
    review_since = models.DateField(_("needs review since"), null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["review_since"],
                condition=Q(review_since__isnull=False),
                name="outcomes_track_review_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Outcomes of program {self.program_id}"
