from django.urls import path
from django.views.generic import TemplateView

app_name = "exercises"

# Placeholder until the exercise library lands (issue 4).
urlpatterns = [
    path("exercises/", TemplateView.as_view(template_name="home.html"), name="library"),
]
