from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Patient(models.Model):
    """A patient record that a clinician creates; screenings, requests and programs link to it."""

    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
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

    def clean(self) -> None:
        if not self.email and not self.phone:
            raise ValidationError(
                _("Give an email address or a phone number, or both."), code="no_contact"
            )


class ChangeCounter(models.Model):
    """A number that database triggers raise on every write to the tables staff lists show.

    Staff list pages are kept per process for the counter's value (clinic.changes): any write,
    from any app server, by any route (a service, the admin, a bulk insert, a purge) moves it,
    so the next visit renders afresh. One row for every table, so writers lock in one order.
    """

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
