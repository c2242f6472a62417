from django.urls import path
from django.views.generic import TemplateView

app_name = "appointments"

# Placeholder until appointment requests land (issue 5).
urlpatterns = [
    path("appointments/request/", TemplateView.as_view(template_name="home.html"), name="request"),
]
