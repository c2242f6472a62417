from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from clinic.caching import cache_for_anonymous
from exercises.models import Exercise
from tests.factories import clinician

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise():
    return Exercise.objects.order_by("pk").first()


def test_it_serves_the_next_anonymous_visit_from_memory(
    client, exercise, django_assert_num_queries
):
    url = reverse("exercises:detail", args=[exercise.slug])
    with django_assert_num_queries(1):
        first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert "Cookie" in second["Vary"]
    assert "Content-Security-Policy" in second


def test_it_renders_afresh_for_signed_in_staff(client, exercise, django_assert_num_queries):
    url = reverse("exercises:detail", args=[exercise.slug])
    client.get(url)
    client.force_login(clinician())
    response = client.get(url)
    assert reverse("staff_home") in response.content.decode()


def test_it_renders_afresh_with_a_query_string(client, exercise, django_assert_num_queries):
    url = reverse("exercises:detail", args=[exercise.slug])
    client.get(url)
    with django_assert_num_queries(1):
        client.get(url + "?utm_source=leaflet")


def test_it_keeps_the_home_and_the_library_too(client, django_assert_num_queries):
    client.get(reverse("home"))
    client.get(reverse("exercises:library"))
    with django_assert_num_queries(0):
        client.get(reverse("exercises:library"))


def test_it_never_keeps_a_page_that_sets_a_cookie():
    calls = []

    @cache_for_anonymous
    def view(request):
        calls.append(1)
        response = HttpResponse("hello")
        response.set_cookie("csrftoken", "x")
        return response

    factory = RequestFactory()
    view(factory.get("/somewhere/"))
    view(factory.get("/somewhere/"))
    assert len(calls) == 2


def test_it_never_keeps_an_error_page():
    calls = []

    @cache_for_anonymous
    def view(request):
        calls.append(1)
        return HttpResponse("gone", status=404)

    factory = RequestFactory()
    view(factory.get("/missing/"))
    view(factory.get("/missing/"))
    assert len(calls) == 2
