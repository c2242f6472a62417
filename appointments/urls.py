from django.urls import path

from appointments import views

app_name = "appointments"

urlpatterns = [
    path("appointments/request/", views.request_form, name="request"),
    path("appointments/request/sent/<str:signed>/", views.request_sent, name="sent"),
    path("staff/requests/", views.queue, name="queue"),
    path("staff/requests/export.csv", views.export_csv, name="export"),
    path(
        "staff/requests/from-screening/<int:pk>/",
        views.add_from_screening,
        name="add_from_screening",
    ),
    path("staff/requests/<int:pk>/", views.detail, name="detail"),
    path("staff/requests/<int:pk>/status/", views.change_status, name="status"),
    path("staff/requests/<int:pk>/note/", views.add_note, name="add_note"),
    path("staff/requests/<int:pk>/move/", views.reschedule, name="reschedule"),
    path("staff/requests/<int:pk>/undo/", views.reverse_status, name="reverse_status"),
    path("staff/requests/<int:pk>/patient/", views.link_patient, name="link_patient"),
    path("staff/requests/<int:pk>/patient/new/", views.create_patient, name="create_patient"),
]
