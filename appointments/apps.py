from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "appointments"
    label = "appointments"
    verbose_name = "Appointment requests"
