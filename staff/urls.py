from django.urls import path

from staff import views

app_name = "staff"

urlpatterns = [
    path("staff/", views.home, name="home"),
    path("staff/patients/", views.patient_list, name="patient_list"),
    path("staff/patients/new/", views.patient_create_view, name="patient_create"),
    path("staff/patients/<int:pk>/", views.patient_detail, name="patient_detail"),
    path("staff/patients/<int:pk>/edit/", views.patient_edit, name="patient_edit"),
]
