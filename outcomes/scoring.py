"""Scoring of the outcome measures and what counts as a meaningful change: plain data in, frozen
dataclasses out. Pure module: no ORM, no request, no Django.

Sources (docs/outcome-measures.md holds the terms of use):
- LEFS, Lower Extremity Functional Scale (binkley1999: Binkley JM, Stratford PW, Lott SA,
  Riddle DL. Phys Ther 1999;79:371-383): 20 items scored 0-4, total 0-80, higher is better;
  a change of 9 points is the minimal clinically important difference (and the minimal
  detectable change at 90% confidence).
- PSFS, Patient-Specific Functional Scale (stratford1995: Stratford P, Gill C, Westaway M,
  Binkley J. Physiother Can 1995;47:258-263): the patient names activities they find hard and
  rates each 0 (unable) to 10 (as before the problem); the score is the mean. Minimal
  important change about 2 points for the mean of several activities, 3 for a single one.
- NPRS, 0-10 numeric pain rating (farrar2001: Farrar JT et al. Pain 2001;94:149-158): a fall
  of about 2 points or about 30% is clinically important. Farrar studied reductions; for a
  rise we use the 2 points alone, so that one point more on a low score is not called worse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

LEFS_ITEM_COUNT = 20
LEFS_ITEM_MAX = 4
LEFS_MAX = LEFS_ITEM_COUNT * LEFS_ITEM_MAX  # 80
LEFS_MCID = 9  # binkley1999

PSFS_MIN_ACTIVITIES = 1
PSFS_MAX_ACTIVITIES = 5
PSFS_ITEM_MAX = 10
PSFS_MIC_MEAN = 2  # stratford1995: the mean of two or more activities
PSFS_MIC_SINGLE = 3  # stratford1995: one activity

PAIN_MAX = 10
PAIN_MCID_POINTS = 2  # farrar2001
PAIN_MCID_SHARE = Fraction(3, 10)  # farrar2001: 30% of the starting score

# Verdicts of a change against the minimal clinically important difference.
IMPROVED = "improved"
NO_CHANGE = "no_change"
WORSE = "worse"

# A program is reviewed when, this long after the baseline, no measure has improved
# meaningfully (the "no meaningful change at four weeks").
REVIEW_AFTER_DAYS = 28
# Why a program is marked for review (stable codes, stored).
REVIEW_NO_CHANGE = "no_change_at_4_weeks"
REVIEW_WORSE = "worse"


class ScoreError(ValueError):
    """Answers that the instrument cannot score; `code` is stable, the message for people."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def _whole_numbers(values: Sequence[int], *, low: int, high: int, what: str) -> list[int]:
    checked = []
    for value in values:
        # bool is an int in Python; True is no answer.
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ScoreError(f"{what}: {value!r} is not a whole number {low}-{high}.", "range")
        checked.append(value)
    return checked


def lefs_total(answers: Sequence[int]) -> int:
    """The LEFS score: the sum of the 20 items, each 0 (extreme difficulty) to 4 (none)."""
    if len(answers) != LEFS_ITEM_COUNT:
        raise ScoreError(
            f"The LEFS has {LEFS_ITEM_COUNT} items, not {len(answers)}.", "lefs_item_count"
        )
    return sum(_whole_numbers(answers, low=0, high=LEFS_ITEM_MAX, what="LEFS item"))


def psfs_mean(scores: Sequence[int]) -> Fraction:
    """The PSFS score: the mean of the activities' ratings, each 0 (unable) to 10."""
    if not PSFS_MIN_ACTIVITIES <= len(scores) <= PSFS_MAX_ACTIVITIES:
        raise ScoreError(
            f"The PSFS rates {PSFS_MIN_ACTIVITIES} to {PSFS_MAX_ACTIVITIES} activities, "
            f"not {len(scores)}.",
            "psfs_activity_count",
        )
    checked = _whole_numbers(scores, low=0, high=PSFS_ITEM_MAX, what="PSFS rating")
    return Fraction(sum(checked), len(checked))


def pain_rating(value: int) -> int:
    return _whole_numbers([value], low=0, high=PAIN_MAX, what="Pain rating")[0]


def psfs_mic(activity_count: int) -> int:
    return PSFS_MIC_SINGLE if activity_count == 1 else PSFS_MIC_MEAN


@dataclass(frozen=True)
class Scores:
    """One sitting of the three measures, scored."""

    lefs: int
    psfs: Fraction
    psfs_count: int
    pain: int


def score(*, lefs_answers: Sequence[int], psfs_scores: Sequence[int], pain: int) -> Scores:
    """Score one sitting: 20 LEFS answers, the PSFS activities' ratings and the pain rating."""
    return Scores(
        lefs=lefs_total(lefs_answers),
        psfs=psfs_mean(psfs_scores),
        psfs_count=len(psfs_scores),
        pain=pain_rating(pain),
    )


@dataclass(frozen=True)
class Change:
    """One measure from the baseline to now; `difference` is signed (now minus baseline)."""

    baseline: Fraction
    current: Fraction
    difference: Fraction
    threshold: int
    verdict: str

    @property
    def is_improved(self) -> bool:
        return self.verdict == IMPROVED

    @property
    def is_worse(self) -> bool:
        return self.verdict == WORSE


def _change(baseline, current, *, threshold: int, higher_is_better: bool) -> Change:
    baseline, current = Fraction(baseline), Fraction(current)
    difference = current - baseline
    gain = difference if higher_is_better else -difference
    if gain >= threshold:
        verdict = IMPROVED
    elif gain <= -threshold:
        verdict = WORSE
    else:
        verdict = NO_CHANGE
    return Change(baseline, current, difference, threshold, verdict)


def lefs_change(baseline: int, current: int) -> Change:
    """Meaningful at 9 points either way (binkley1999)."""
    return _change(baseline, current, threshold=LEFS_MCID, higher_is_better=True)


def psfs_change(baseline: Fraction, current: Fraction, *, activity_count: int) -> Change:
    """Meaningful at 2 points of the mean, 3 for a single activity (stratford1995)."""
    return _change(baseline, current, threshold=psfs_mic(activity_count), higher_is_better=True)


def pain_change(baseline: int, current: int) -> Change:
    """Better by 2 points or 30% of the baseline, worse by 2 points (farrar2001)."""
    change = _change(baseline, current, threshold=PAIN_MCID_POINTS, higher_is_better=False)
    fall = baseline - current
    if change.verdict == NO_CHANGE and fall > 0 and Fraction(fall, baseline) >= PAIN_MCID_SHARE:
        return Change(change.baseline, change.current, change.difference, 2, IMPROVED)
    return change


@dataclass(frozen=True)
class Comparison:
    """A sitting against the baseline, measure by measure."""

    lefs: Change
    psfs: Change
    pain: Change

    @property
    def changes(self) -> tuple[Change, Change, Change]:
        return (self.lefs, self.psfs, self.pain)

    @property
    def any_improved(self) -> bool:
        return any(change.is_improved for change in self.changes)

    @property
    def any_worse(self) -> bool:
        return any(change.is_worse for change in self.changes)

    @property
    def overall(self) -> str:
        """Improved when a measure improved and none got worse; worse when one got worse."""
        if self.any_worse:
            return WORSE
        return IMPROVED if self.any_improved else NO_CHANGE


def compare(baseline: Scores, current: Scores) -> Comparison:
    if baseline.psfs_count != current.psfs_count:
        raise ScoreError("The PSFS is compared over the same activities.", "psfs_activity_count")
    return Comparison(
        lefs=lefs_change(baseline.lefs, current.lefs),
        psfs=psfs_change(baseline.psfs, current.psfs, activity_count=current.psfs_count),
        pain=pain_change(baseline.pain, current.pain),
    )


def review_reason(comparison: Comparison, *, days_since_baseline: int) -> str | None:
    """Why a sitting marks its program for review, or None.

    Worse on any measure: at once. No meaningful improvement on any measure: from four weeks
    after the baseline on (before that, no change is expected yet).
    """
    if comparison.any_worse:
        return REVIEW_WORSE
    if days_since_baseline >= REVIEW_AFTER_DAYS and not comparison.any_improved:
        return REVIEW_NO_CHANGE
    return None


# A check-in is due this many days after the last one (the "every two weeks").
CHECK_IN_INTERVAL_DAYS = 14
