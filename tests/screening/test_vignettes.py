"""The model against clinical vignettes written from the literature (vignettes.py)."""

from __future__ import annotations

import pytest

from screening.schema import validate_answers
from screening.scoring import assess
from tests.screening.vignettes import VIGNETTES


def test_it_has_at_least_40_distinct_vignettes_each_with_a_reason():
    assert len(VIGNETTES) >= 40
    assert len({vignette.name for vignette in VIGNETTES}) == len(VIGNETTES)
    assert all(vignette.why.strip() for vignette in VIGNETTES)


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda vignette: vignette.name)
def test_it_gives_an_accepted_result(vignette):
    assessment = assess(validate_answers(vignette.answers))
    assert assessment.category in vignette.categories, vignette.why
    assert assessment.urgency in vignette.urgencies, vignette.why
    if vignette.timeframe is not None:
        assert assessment.timeframe == vignette.timeframe, vignette.why
    if vignette.reasons:
        assert assessment.reason in vignette.reasons, vignette.why
