"""How a stored assessment is put into words and numbers for people (no database)."""

from __future__ import annotations

import pytest

from screening.evidence import REFERENCES, reference
from screening.presenters import about_percent, result_context
from screening.scoring import TABLE, assess


@pytest.mark.parametrize(
    ("probability", "shown"),
    [
        (0.5, 50),
        (0.66, 70),
        (0.70, 70),
        (0.25, 30),
        (0.12, 10),
        (0.938, 95),
        (0.92, 90),
        (0.05, 5),
        (0.03, 5),
        (0.97, 95),
        (0.0, 5),
        (1.0, 95),
    ],
)
def test_it_rounds_the_estimate_to_the_nearest_10_or_5_toward_the_ends(probability, shown):
    assert about_percent(probability) == shown


def test_it_shows_no_estimate_to_staff_under_a_warning_sign():
    assessment = assess({"numbness_tingling": True, "red_flags": ["saddle_numbness"]}).to_dict()
    context = result_context(assessment)
    assert context["staff_likelihood"] == "No estimate: warning signs come first"
    assert context["band"] == ""
    assert context["headline"] == "Get emergency care now"


@pytest.mark.parametrize(
    ("answers", "band", "staff"),
    [
        (
            {"onset": "sudden", "activity": "sprinting", "felt_pop": True, "bruising": True},
            "strain",
            "Leans strain: about 5 in 100 for the nerve",
        ),
        (
            {"numbness_tingling": True, "pain_below_knee": True, "back_pain": True},
            "nerve",
            "Leans nerve: about 80 in 100 for the nerve",
        ),
        ({"onset": "sudden"}, "unclear", "Can't tell: no estimate (too few answers)"),
    ],
)
def test_staff_and_patient_read_the_same_band(answers, band, staff):
    context = result_context(assess(answers).to_dict())
    assert context["band"] == band
    assert context["staff_likelihood"] == staff
    assert [current for _code, _label, current in context["bands"]].count(True) == 1


def test_every_cited_key_has_a_readable_reference():
    keys = set()
    for cluster in (TABLE.history, TABLE.nerve, TABLE.strain):
        for value in (cluster.floor, cluster.ceiling):
            keys.update(value.citations)
        for item in cluster.items.values():
            keys.update(item.yes.citations + item.no.citations)
    for value, _label in (*TABLE.story.values(), *TABLE.slump.values()):
        keys.update(value.citations)
    assert keys <= REFERENCES.keys()
    for key in keys:
        assert reference(key).name
        assert reference(key).about


def test_an_unknown_stored_key_is_shown_as_itself():
    assert reference("someone1999").short == "someone1999"
