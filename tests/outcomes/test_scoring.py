"""The outcome measures' scoring and meaningful-change rules: pure, no database."""

from __future__ import annotations

from fractions import Fraction

import pytest

from outcomes import scoring
from outcomes.scoring import IMPROVED, NO_CHANGE, WORSE, ScoreError


def lefs(*values: int) -> list[int]:
    """20 answers: the given ones first, the rest 2 (moderate difficulty)."""
    return [*values, *([2] * (20 - len(values)))]


def test_it_sums_the_lefs_from_0_to_80():
    assert scoring.lefs_total([0] * 20) == 0
    assert scoring.lefs_total([4] * 20) == 80
    assert scoring.lefs_total(lefs(4, 3, 0)) == 4 + 3 + 0 + 2 * 17


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ([2] * 19, "lefs_item_count"),
        ([2] * 21, "lefs_item_count"),
        (lefs(5), "range"),
        (lefs(-1), "range"),
        (lefs(True), "range"),
        (lefs("2"), "range"),
        (lefs(2.5), "range"),
    ],
)
def test_it_refuses_lefs_answers_it_cannot_score(answers, code):
    with pytest.raises(ScoreError) as caught:
        scoring.lefs_total(answers)
    assert caught.value.code == code


def test_the_psfs_score_is_the_exact_mean_of_one_to_five_activities():
    assert scoring.psfs_mean([3, 4, 4]) == Fraction(11, 3)
    assert scoring.psfs_mean([10]) == 10
    assert scoring.psfs_mean([0, 1, 2, 3, 4]) == 2
    for scores in ([], [1, 2, 3, 4, 5, 6]):
        with pytest.raises(ScoreError):
            scoring.psfs_mean(scores)
    with pytest.raises(ScoreError):
        scoring.psfs_mean([11])


def test_the_pain_rating_is_0_to_10():
    assert scoring.pain_rating(0) == 0
    assert scoring.pain_rating(10) == 10
    for value in (-1, 11, None, "3"):
        with pytest.raises(ScoreError):
            scoring.pain_rating(value)


@pytest.mark.parametrize(
    ("baseline", "current", "verdict"),
    [
        (40, 49, IMPROVED),  # exactly the MCID of 9 points
        (40, 48, NO_CHANGE),
        (40, 32, NO_CHANGE),
        (40, 31, WORSE),
        (40, 40, NO_CHANGE),
        (0, 80, IMPROVED),
    ],
)
def test_an_lefs_change_counts_from_9_points(baseline, current, verdict):
    change = scoring.lefs_change(baseline, current)
    assert change.verdict == verdict
    assert change.difference == current - baseline
    assert change.threshold == 9


def test_a_psfs_change_counts_from_2_points_of_the_mean_or_3_for_one_activity():
    assert scoring.psfs_change(Fraction(3), Fraction(5), activity_count=3).verdict == IMPROVED
    assert (
        scoring.psfs_change(Fraction(10, 3), Fraction(16, 3), activity_count=3).verdict == IMPROVED
    )
    assert (
        scoring.psfs_change(Fraction(10, 3), Fraction(15, 3), activity_count=3).verdict == NO_CHANGE
    )
    assert scoring.psfs_change(Fraction(3), Fraction(5), activity_count=1).verdict == NO_CHANGE
    assert scoring.psfs_change(Fraction(3), Fraction(6), activity_count=1).verdict == IMPROVED
    assert scoring.psfs_change(Fraction(6), Fraction(4), activity_count=4).verdict == WORSE


@pytest.mark.parametrize(
    ("baseline", "current", "verdict"),
    [
        (6, 4, IMPROVED),  # 2 points
        (8, 6, IMPROVED),  # 2 points (25%)
        (10, 8, IMPROVED),
        (3, 2, IMPROVED),  # 1 point but 33%: Farrar's 30%
        (4, 3, NO_CHANGE),  # 1 point, 25%
        (9, 7, IMPROVED),
        (0, 0, NO_CHANGE),
        (2, 3, NO_CHANGE),  # a rise of 1 point is not called worse, whatever the share
        (2, 4, WORSE),
        (5, 8, WORSE),
    ],
)
def test_a_pain_change_counts_from_2_points_or_30_percent_down_and_2_points_up(
    baseline, current, verdict
):
    assert scoring.pain_change(baseline, current).verdict == verdict


def sitting(lefs_total: int, psfs: list[int], pain: int) -> scoring.Scores:
    answers = [4] * (lefs_total // 4) + ([lefs_total % 4] if lefs_total % 4 else [])
    answers += [0] * (20 - len(answers))
    return scoring.score(lefs_answers=answers, psfs_scores=psfs, pain=pain)


def test_a_comparison_is_worse_when_any_measure_is_worse_and_improved_when_one_improved():
    baseline = sitting(40, [3, 3, 3], 6)
    assert scoring.compare(baseline, sitting(40, [3, 3, 3], 6)).overall == NO_CHANGE
    assert scoring.compare(baseline, sitting(50, [3, 3, 3], 6)).overall == IMPROVED
    assert scoring.compare(baseline, sitting(40, [3, 3, 3], 3)).overall == IMPROVED
    mixed = scoring.compare(baseline, sitting(50, [3, 3, 3], 8))
    assert mixed.any_improved
    assert mixed.overall == WORSE


def test_a_comparison_needs_the_same_activities():
    with pytest.raises(ScoreError):
        scoring.compare(sitting(40, [3, 3, 3], 6), sitting(40, [3, 3], 6))


def test_no_meaningful_change_marks_for_review_only_from_four_weeks():
    baseline = sitting(40, [3, 3, 3], 6)
    unchanged = scoring.compare(baseline, sitting(44, [4, 4, 3], 5))
    assert scoring.review_reason(unchanged, days_since_baseline=14) is None
    assert scoring.review_reason(unchanged, days_since_baseline=27) is None
    assert scoring.review_reason(unchanged, days_since_baseline=28) == scoring.REVIEW_NO_CHANGE
    improved = scoring.compare(baseline, sitting(52, [3, 3, 3], 6))
    assert scoring.review_reason(improved, days_since_baseline=42) is None


def test_a_worse_measure_marks_for_review_at_once():
    baseline = sitting(40, [3, 3, 3], 4)
    worse = scoring.compare(baseline, sitting(40, [3, 3, 3], 6))
    assert scoring.review_reason(worse, days_since_baseline=14) == scoring.REVIEW_WORSE


def test_the_lefs_wording_follows_the_published_form():
    from outcomes import instruments

    assert len(instruments.LEFS_ITEMS) == scoring.LEFS_ITEM_COUNT
    assert str(instruments.LEFS_ITEMS[0]) == (
        "Any of your usual work, housework, or school activities."
    )
    assert str(instruments.LEFS_ITEMS[-1]) == "Rolling over in bed."
    assert [score for score, _label in instruments.LEFS_ANSWERS] == [0, 1, 2, 3, 4]
    assert str(instruments.LEFS_ANSWERS[0][1]) == (
        "Extreme difficulty or unable to perform activity"
    )
    assert str(instruments.LEFS_ANSWERS[-1][1]) == "No difficulty"
