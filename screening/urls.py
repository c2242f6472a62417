from django.urls import path

from screening import views

app_name = "screening"

urlpatterns = [
    path("screening/", views.questionnaire, name="start"),
    path("screening/result/<str:token>/", views.result, name="result"),
    path("staff/screenings/", views.staff_list, name="staff_list"),
    path("staff/screenings/<int:pk>/", views.staff_detail, name="staff_detail"),
]
