from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic.tokens import TOKEN_HASH_LENGTH
from exercises import doses
from exercises.codes import FlagReason, ProgressBy, VersionKind

COMMENT_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 500
PAIN_MIN, PAIN_MAX = 0, 10


class Category(models.TextChoices):
    NERVE_GLIDE = "nerve_glide", _("Nerve glides")
    SOFT_TISSUE_RELEASE = "soft_tissue_release", _("Soft-tissue release")
    STRETCH = "stretch", _("Stretches")
    STRENGTHENING = "strengthening", _("Strengthening")


class Suits(models.TextChoices):
    STRAIN = "strain", _("Hamstring strain")
    SCIATICA = "sciatica", _("Sciatica")
    BOTH = "both", _("Strain or sciatica")


class DoseFields(models.Model):
    """Sets of either repetitions or a hold, so many times a day and days a week."""

    sets = models.PositiveSmallIntegerField(_("sets"))
    reps = models.PositiveSmallIntegerField(_("repetitions"), null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(_("hold (seconds)"), null=True, blank=True)
    times_per_day = models.PositiveSmallIntegerField(_("times a day"))
    days_per_week = models.PositiveSmallIntegerField(_("days a week"))

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        doses.validate_dose(
            sets=self.sets,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            times_per_day=self.times_per_day,
            days_per_week=self.days_per_week,
        )

    @property
    def dose(self) -> doses.Dose:
        return doses.Dose(
            sets=self.sets,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            times_per_day=self.times_per_day,
            days_per_week=self.days_per_week,
        )

    @property
    def dose_text(self) -> str:
        return doses.describe_dose(self.dose)


class Exercise(DoseFields):
    """One exercise of the clinic's library, with its default dose and drawings."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    suits = models.CharField(_("suits"), max_length=16, choices=Suits.choices)
    purpose = models.TextField(_("what it is for"), max_length=1000)
    steps = models.TextField(_("steps"), max_length=4000, help_text=_("One step per line."))
    feel = models.TextField(_("what you should feel"), max_length=1000)
    cautions = models.TextField(
        _("cautions"), max_length=2000, help_text=_("One caution per line.")
    )
    progression = models.TextField(_("how to progress"), max_length=1000, blank=True)
    image_start = models.CharField(
        _("start drawing"), max_length=200, blank=True, help_text=_("Path under static/.")
    )
    image_end = models.CharField(
        _("end drawing"), max_length=200, blank=True, help_text=_("Path under static/.")
    )
    # A clinician's own picture, re-encoded on upload (exercises.images); shown instead of the
    # drawing when present.
    photo_start = models.FileField(
        _("start image (upload)"), upload_to="exercises/", max_length=200, blank=True
    )
    photo_end = models.FileField(
        _("end image (upload)"), upload_to="exercises/", max_length=200, blank=True
    )
    alt_start = models.CharField(_("start drawing description"), max_length=300, blank=True)
    alt_end = models.CharField(_("end drawing description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position in its category"), default=0)
    # The progression rule (exercises.progression): raise this part of the dose by the step,
    # up to the maximum, once the patient's logs meet the readiness rule. Blank: no rule.
    progress_by = models.CharField(
        _("progress by raising"), max_length=16, choices=ProgressBy.choices, blank=True
    )
    progress_step = models.PositiveSmallIntegerField(
        _("by how much each time"), null=True, blank=True
    )
    progress_max = models.PositiveSmallIntegerField(_("up to"), null=True, blank=True)

    class Meta:
        ordering = ["category", "position", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        doses.validate_progression_rule(
            progress_by=self.progress_by,
            step=self.progress_step,
            maximum=self.progress_max,
        )

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def caution_list(self) -> list[str]:
        return [line.strip() for line in self.cautions.splitlines() if line.strip()]


class AvoidAdvice(models.Model):
    """Something to avoid for now, with the reason, shown with the library."""

    title = models.CharField(_("what to avoid"), max_length=120)
    reason = models.TextField(_("why"), max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = _("avoid advice")

    def __str__(self) -> str:
        return self.title


class ProgramTemplate(models.Model):
    """A clinician-managed starting point for a home program."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    is_active = models.BooleanField(_("offered when assigning"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ItemFields(DoseFields):
    """An exercise in a template or a program: its place, its dose and the clinician's note."""

    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)

    class Meta:
        abstract = True


class TemplateItem(ItemFields):
    template = models.ForeignKey(ProgramTemplate, on_delete=models.CASCADE, related_name="items")

    class Meta:
        ordering = ["template", "position", "id"]

    def __str__(self) -> str:
        return f"{self.template}: {self.exercise}"


class HomeProgram(models.Model):
    """Exercises prescribed to one patient, reached by the patient through a private link."""

    patient = models.ForeignKey(
        "clinic.Patient", on_delete=models.CASCADE, related_name="home_programs"
    )
    title = models.CharField(_("title"), max_length=120)
    source_template = models.ForeignKey(
        ProgramTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The link carries the token; only its SHA-256 is stored, so the link cannot be shown
    # again: a "new link" replaces it (and the old one stops working).
    token_hash = models.CharField(max_length=TOKEN_HASH_LENGTH, unique=True, editable=False)
    token_issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    link_revoked_at = models.DateTimeField(null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    # Set with each session logged (exercises.services.session_log_append).
    last_logged_at = models.DateTimeField(null=True, blank=True, editable=False)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The number of the current version: the edit form carries it, so that two clinicians
    # editing at once cannot overwrite each other (exercises.services.home_program_edit).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Stored at write time (each log, edit and follow-up, and the daily refresh_program_flags)
    # from the pure rules in exercises.flags and exercises.progression; the staff pages read
    # them through the partial indexes below instead of working out every program's flags.
    flags = models.JSONField(default=list, blank=True, editable=False)
    flagged_at = models.DateTimeField(null=True, blank=True, editable=False)
    ready_to_progress_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The patient's usual pain (exercises.safety.baseline) and the last day of its week.
    baseline_pain = models.FloatField(null=True, blank=True, editable=False)
    baseline_until = models.DateField(null=True, blank=True, editable=False)
    # When the next outcome measure (outcomes: LEFS, PSFS, pain) is due: the start date until
    # the baseline is taken, then moved by each sitting (outcomes.services.checkin_record).
    # Empty once the link stops working (the program ended or its link was switched off; the
    # daily refresh_program_flags clears ended ones), so the staff home's "measures due" reads
    # the open programs in due order through the index below, not every program ever assigned.
    measures_due_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["patient", "-start_date"]),
            # The staff program list's order: an index scan, not a sort of every program.
            models.Index(fields=["-start_date", "-id"], name="program_list_order_idx"),
            models.Index(
                fields=["-flagged_at", "-id"],
                condition=models.Q(flagged_at__isnull=False),
                name="program_flagged_idx",
            ),
            models.Index(
                fields=["-ready_to_progress_at", "-id"],
                condition=models.Q(ready_to_progress_at__isnull=False),
                name="program_ready_idx",
            ),
            models.Index(
                fields=["measures_due_on", "id"],
                condition=models.Q(measures_due_on__isnull=False),
                name="program_measures_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.patient})"

    def clean(self) -> None:
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date cannot be before the start date.")},
                code="end_before_start",
            )

    def link_is_usable(self, today: date) -> bool:
        """The link works until it is revoked or the day after the program's end date."""
        if self.link_revoked_at is not None:
            return False
        return self.end_date is None or today <= self.end_date

    def is_running(self, today: date) -> bool:
        return self.start_date <= today and (self.end_date is None or today <= self.end_date)

    @property
    def flag_labels(self) -> list[str]:
        """The stored flags' reasons in plain words (codes no longer defined are skipped)."""
        labels = dict(FlagReason.choices)
        return [str(labels[code]) for code in self.flags if code in labels]


class ProgramItem(ItemFields):
    """An exercise of the program's current version (earlier versions keep a snapshot)."""

    program = models.ForeignKey(HomeProgram, on_delete=models.CASCADE, related_name="items")
    # The day this dose began: a progression waits for a week of sessions at the same dose.
    dose_since = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["program", "position", "id"]

    def __str__(self) -> str:
        return f"{self.program}: {self.exercise}"


class ProgramVersion(models.Model):
    """One version of a program as the patient saw it: never changed once written.

    `items` is a snapshot of the exercises with their doses and notes (names as they were);
    `changes` lists what changed from the version before (exercises.changes), for the patient
    page and the history.
    """

    program = models.ForeignKey(HomeProgram, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=VersionKind.choices)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note to the patient"), max_length=NOTE_MAX_LENGTH * 2, blank=True)
    items = models.JSONField(default=list)
    changes = models.JSONField(default=list, blank=True)
    # The program's rhythm in this version (its busiest exercise), for adherence.
    times_per_day = models.PositiveSmallIntegerField()
    days_per_week = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="program_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.program_id} v{self.number}"


class SessionLog(models.Model):
    """The patient's "done today", appended from the program page; never edited."""

    program = models.ForeignKey(HomeProgram, on_delete=models.CASCADE, related_name="logs")
    # The version the session was done under.
    version = models.ForeignKey(ProgramVersion, on_delete=models.PROTECT, related_name="logs")
    logged_at = models.DateTimeField()
    logged_on = models.DateField()
    pain = models.PositiveSmallIntegerField(
        _("pain"), validators=[MinValueValidator(PAIN_MIN), MaxValueValidator(PAIN_MAX)]
    )
    tingling_spread = models.BooleanField(_("tingling or numbness spread further"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    # The exercise the patient said made it worse (optional), and the safety advice the answer
    # page showed (exercises.safety codes), both kept as they were at the time.
    provoking_exercise = models.ForeignKey(
        Exercise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alerts = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-logged_at", "-id"]
        indexes = [models.Index(fields=["program", "logged_on"])]

    def __str__(self) -> str:
        return f"{self.program_id} {self.logged_on} pain {self.pain}"
