from django.urls import path

from exercises import staff_views, views

app_name = "exercises"

urlpatterns = [
    # Public
    path("exercises/", views.library, name="library"),
    path("exercises/<slug:slug>/", views.detail, name="detail"),
    path("program/<str:token>/", views.program_page, name="program"),
    path("program/<str:token>/print/", views.program_print, name="program_print"),
    path("program/<str:token>/today/", views.program_today, name="program_today"),
    path("media/exercises/<str:name>", views.exercise_image, name="exercise_image"),
    # Clinicians: a patient's new program
    path(
        "staff/patients/<int:patient_id>/programs/new/",
        staff_views.program_assign,
        name="program_assign",
    ),
    # Clinicians: programs
    path("staff/programs/", staff_views.program_list, name="program_list"),
    path("staff/programs/flagged/", staff_views.flagged_program_list, name="flagged_programs"),
    path(
        "staff/programs/ready-to-progress/",
        staff_views.ready_program_list,
        name="ready_programs",
    ),
    path("staff/programs/<int:pk>/", staff_views.program_detail, name="program_detail"),
    path("staff/programs/<int:pk>/edit/", staff_views.program_edit, name="program_edit"),
    path(
        "staff/programs/<int:pk>/progress/", staff_views.program_progress, name="program_progress"
    ),
    path("staff/programs/<int:pk>/link/", staff_views.program_new_link, name="program_new_link"),
    path("staff/programs/<int:pk>/revoke/", staff_views.program_revoke, name="program_revoke"),
    path("staff/programs/<int:pk>/email/", staff_views.program_email, name="program_email"),
    path(
        "staff/programs/<int:pk>/follow-up/",
        staff_views.program_follow_up,
        name="program_follow_up",
    ),
    # Clinicians: templates and the library
    path("staff/program-templates/", staff_views.template_list, name="template_list"),
    path("staff/program-templates/new/", staff_views.template_edit, name="template_create"),
    path("staff/program-templates/<int:pk>/edit/", staff_views.template_edit, name="template_edit"),
    path("staff/exercises/", staff_views.exercise_list, name="staff_exercise_list"),
    path("staff/exercises/new/", staff_views.exercise_edit, name="staff_exercise_create"),
    path(
        "staff/exercises/<slug:slug>/edit/", staff_views.exercise_edit, name="staff_exercise_edit"
    ),
    path("staff/exercises/avoid/<int:pk>/edit/", staff_views.avoid_edit, name="avoid_edit"),
]
