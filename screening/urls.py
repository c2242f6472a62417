from django.urls import path

from screening import views

app_name = "screening"

urlpatterns = [
    path("screening/", views.questionnaire, name="start"),
    path("screening/result/<str:token>/", views.result, name="result"),
    path("screening/restart/", views.restart, name="restart"),
    # Each step of the questionnaire at its own URL; /screening/ itself is the first.
    path("screening/<slug:step>/", views.questionnaire, name="step"),
    path("staff/screenings/", views.staff_list, name="staff_list"),
    path("staff/screenings/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/screenings/<int:pk>/patient/", views.staff_patient, name="staff_patient"),
]
