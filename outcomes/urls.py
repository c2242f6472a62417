from django.urls import path

from outcomes import staff_views, views

app_name = "outcomes"

urlpatterns = [
    # The patient, through their program link
    path("program/<str:token>/check-in/", views.checkin, name="checkin"),
    # Clinicians
    path("staff/outcomes/due/", staff_views.measures_due_list, name="measures_due"),
    path("staff/outcomes/review/", staff_views.review_list, name="review_list"),
    path(
        "staff/programs/<int:pk>/outcomes/",
        staff_views.program_outcomes,
        name="program_outcomes",
    ),
    path(
        "staff/programs/<int:pk>/outcomes/record/",
        staff_views.record_checkin,
        name="record_checkin",
    ),
    path(
        "staff/programs/<int:pk>/outcomes/reviewed/",
        staff_views.review_done,
        name="review_done",
    ),
]
