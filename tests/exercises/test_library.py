from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import reverse

from exercises.models import AvoidAdvice, Category, Exercise

pytestmark = pytest.mark.django_db

SLUGS = [
    "seated-nerve-glide",
    "lying-nerve-glide",
    "foam-roll-quadriceps",
    "foam-roll-hamstrings",
    "hip-flexor-release",
    "kneeling-hip-flexor-stretch",
    "standing-hip-flexor-stretch",
    "glute-bridge",
    "hip-hinge",
]
STATIC = Path(settings.BASE_DIR) / "static"


def test_the_library_is_loaded_with_complete_valid_entries():
    exercises = {e.slug: e for e in Exercise.objects.all()}
    assert set(SLUGS) <= set(exercises)
    for slug in SLUGS:
        exercise = exercises[slug]
        exercise.full_clean()
        assert len(exercise.step_list) >= 4
        assert any("pain-free" in c for c in exercise.caution_list)
        assert any("tingling" in c for c in exercise.caution_list)
        assert exercise.alt_start
        assert exercise.alt_end


def test_the_hinge_starts_at_5_and_builds_to_10_15():
    hinge = Exercise.objects.get(slug="hip-hinge")
    assert hinge.reps == 5
    assert "10-15" in hinge.progression


def test_every_category_has_exercises():
    assert set(Exercise.objects.values_list("category", flat=True)) == set(Category.values)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_exercise_has_start_and_end_drawings(slug):
    for which in ("start", "end"):
        path = STATIC / "exercises" / f"{slug}-{which}.svg"
        root = ElementTree.parse(path).getroot()  # noqa: S314 - our own files
        _x, _y, width, height = (float(n) for n in root.get("viewBox").split())
        assert width / height == pytest.approx(4 / 3, rel=0.02)  # the pages reserve 4:3
        assert root.find("{http://www.w3.org/2000/svg}title").text
        assert "style=" not in path.read_text()


def test_avoid_advice_covers_hamstring_stretching_and_rolling_the_sore_spot():
    titles = " ".join(AvoidAdvice.objects.values_list("title", flat=True)).lower()
    assert "stretching the hamstrings" in titles
    assert "sore or injured spot" in titles


def test_the_library_page_groups_by_category_and_lists_what_to_avoid(
    client, django_assert_num_queries
):
    # 1 exercises, 1 avoid advice.
    with django_assert_num_queries(2):
        response = client.get(reverse("exercises:library"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for label in Category.labels:
        assert str(label) in html
    assert "Avoid for now" in html
    assert reverse("exercises:detail", args=["hip-hinge"]) in html


def test_the_detail_page_shows_steps_cautions_dose_and_drawings(client):
    response = client.get(reverse("exercises:detail", args=["glute-bridge"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "glute-bridge-start" in html
    assert "glute-bridge-end" in html
    assert "2 sets of 10 repetitions, once a day, 5 days a week" in html
    assert "Do not arch your lower back." in html
    assert 'alt="A person lies on their back' in html
    assert "style=" not in html


def test_an_unknown_exercise_is_a_404(client):
    assert client.get(reverse("exercises:detail", args=["no-such-thing"])).status_code == 404
