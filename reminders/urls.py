from django.urls import path

from reminders import staff_views, views

app_name = "reminders"

urlpatterns = [
    # The patient, through their program link
    path("program/<str:token>/reminders/", views.reminders_page, name="page"),
    path("program/<str:token>/reminders/stop/", views.stop, name="stop"),
    # The link in each reminder email (its own token)
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Clinicians
    path(
        "staff/programs/<int:pk>/reminders/",
        staff_views.program_reminders,
        name="program_reminders",
    ),
    path(
        "staff/programs/<int:pk>/reminders/stop/",
        staff_views.staff_stop,
        name="staff_stop",
    ),
]
