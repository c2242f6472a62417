from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("View")
    CREATE = "create", _("Create")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Locked out")
    LOGOUT = "logout", _("Logout")


class AuditEvent(models.Model):
    """One staff action: who, what, when and from where. Never patient data, only object ids."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # The account may be deleted later; the username snapshot keeps the record readable.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    url_name = models.CharField(_("URL name"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-created_at"]),
            models.Index(fields=["username", "-created_at"]),
            models.Index(fields=["action", "-created_at"]),
        ]

    def __str__(self) -> str:
        target = f" {self.object_type} {self.object_id}".rstrip()
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action}{target}"
