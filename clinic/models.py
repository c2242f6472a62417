from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from clinic import phones


class Patient(models.Model):
    """A patient record that a clinician creates; screenings, requests and programs link to it."""

    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    # E.164; a number stored before that format is kept as it was typed (clinic.phones).
    phone = PhoneNumberField(_("phone"), blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["full_name"])]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("staff:patient_detail", args=[self.pk])

    def clean(self) -> None:
        if not self.email and not self.phone:
            raise ValidationError(
                _("Give an email address or a phone number, or both."), code="no_contact"
            )


def patient_search(text: str) -> models.Q:
    """Patient records whose name, email or phone number holds `text`: the one search of
    patient records (trigram indexes serve it on PostgreSQL, clinic/search_indexes.py)."""
    condition = models.Q(full_name__icontains=text) | models.Q(email__icontains=text)
    phone = phones.search_condition(text)
    return condition if phone is None else condition | phone


def same_contact(*, name: str, email: str, phone) -> models.Q:
    """Patient records with exactly this name, email or phone number (phones are stored in one
    format): the records a screening or an appointment request may belong to."""
    condition = models.Q(pk__in=[])
    if name.strip():
        condition |= models.Q(full_name__iexact=name.strip())
    if email:
        condition |= models.Q(email__iexact=email)
    if str(phone or ""):
        condition |= models.Q(phone=phone)
    return condition


class PasswordResetRequest(models.Model):
    """One password reset asked for, kept a day for its throttle: keyed hashes only.

    Neither the email address nor the client's IP address is stored, only a keyed hash of
    each: enough to count requests, not to find who made them (clinic.services).
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    address_hash = models.CharField(max_length=64)
    client_hash = models.CharField(max_length=64)
    # Within the address's limit: an email goes out if the address belongs to an account.
    email_allowed = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["address_hash", "created_at"]),
            models.Index(fields=["client_hash", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.address_hash[:8]}"
