from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "clinic.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        # Login, logout and failed logins come from Django's auth signals.
        from clinic.audit import signals  # noqa: F401
