from django.urls import path
from django.views.generic import TemplateView

app_name = "screening"

# Placeholder until the questionnaire lands (issue 3).
urlpatterns = [
    path("screening/", TemplateView.as_view(template_name="home.html"), name="start"),
]
