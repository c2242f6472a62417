from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from clinic.tokens import TOKEN_HASH_LENGTH
from screening.codes import Category, Urgency

# A warning sign that no clinician has reviewed: the staff home's worklist. One condition for
# the lists and for their partial index, which serves them only while both are the same SQL.
UNREVIEWED_WARNING = models.Q(
    reviewed_at__isnull=True, urgency__in=[Urgency.EMERGENCY.value, Urgency.PROMPT.value]
)


def urgency_rank() -> models.Case:
    """0 for emergencies, 1 for prompt reviews, 2 for the rest: the clinician list's order.

    One definition for the list and for its index, which serves the order only while both are
    the same SQL.
    """
    return models.Case(
        models.When(urgency=Urgency.EMERGENCY.value, then=0),
        models.When(urgency=Urgency.PROMPT.value, then=1),
        default=2,
        output_field=models.IntegerField(),
    )


class Screening(models.Model):
    """One submitted questionnaire with the assessment exactly as it was computed then."""

    # The patient's result link carries the token; only its SHA-256 is stored.
    token_hash = models.CharField(max_length=TOKEN_HASH_LENGTH, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Validated by screening.schema; an empty object (nothing answered) is valid.
    answers = models.JSONField(default=dict, blank=True)
    # The whole assessment (factors and model_version included) as stored at submission;
    # the result page reads it back and never recomputes it.
    assessment = models.JSONField(default=dict)
    category = models.CharField(max_length=32, choices=Category.choices)
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.NONE)
    nerve_probability = models.FloatField()
    model_version = models.CharField(max_length=32)

    # Contact details only when the patient chooses to give them.
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = PhoneNumberField(_("phone"), blank=True)

    patient = models.ForeignKey(
        "clinic.Patient",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="screenings",
    )

    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True, max_length=5000)
    # Keyed hash of the sender's address, only for the rate limit (screening.services): never
    # the address itself, and wiped after a day.
    submitter_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["urgency", "-created_at"]),
            models.Index(fields=["category", "-created_at"]),
            models.Index(fields=["submitter_hash", "created_at"], name="screening_submitter_idx"),
            # The clinician list's order (red flags first, then newest): an index scan instead
            # of sorting every screening on each page view.
            models.Index(
                urgency_rank(),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="screening_list_order_idx",
            ),
            # Counting the unreviewed warning signs reads this small index, not the table.
            models.Index(
                fields=["id"], condition=UNREVIEWED_WARNING, name="screening_unreviewed_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Screening {self.pk} ({self.category})"

    @property
    def has_red_flag(self) -> bool:
        return self.urgency != Urgency.NONE

    @property
    def has_contact(self) -> bool:
        """A way to reach the patient: a phone number or an email address (a name alone is not)."""
        return bool(str(self.contact_phone or "") or self.contact_email)

    @property
    def needs_call(self) -> bool:
        """A warning sign and a way to reach the patient, and no clinician has reviewed it yet:
        staff should call today."""
        return self.has_red_flag and self.has_contact and self.reviewed_at is None
