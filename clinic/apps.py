from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ClinicConfig(AppConfig):
    default = True
    name = "clinic"
    verbose_name = "Clinic"

    def ready(self) -> None:
        from django.core import signals

        from clinic import (
            checks,  # noqa: F401  (registers the system checks)
            mail,
        )

        # Email queued by a request goes out after its response (clinic.mail).
        signals.request_started.connect(mail.request_started, dispatch_uid="clinic.mail.start")
        signals.request_finished.connect(mail.request_finished, dispatch_uid="clinic.mail.finish")


class ClinicAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "clinic.admin_site.ClinicAdminSite"
