"""Rescoring speed: `pytest tests/screening/test_scoring_benchmark.py --benchmark-enable`."""

from __future__ import annotations

import random
import time

import pytest

from screening.codes import RedFlag
from screening.schema import BOOLEAN_KEYS, Activity, Onset
from screening.scoring import assess_all

ANSWER_SETS = 100_000


def varied_answer_sets(count: int, seed: int = 3) -> list[dict]:
    """Random answer sets with every key sometimes missing, as raw (unvalidated) JSON data."""
    rng = random.Random(seed)
    onsets = [*Onset.values, None]
    activities = [*Activity.values, None]
    sets = []
    for _ in range(count):
        answers: dict = {"onset": rng.choice(onsets), "activity": rng.choice(activities)}
        for key in BOOLEAN_KEYS:
            answers[key] = rng.choice((True, False, None))
        if rng.random() < 0.1:
            answers["red_flags"] = rng.sample(RedFlag.values, rng.randint(1, 3))
        answers["pain_now"] = rng.choice((None, *range(11)))
        sets.append(answers)
    return sets


# CPU time of this process: "on one core", and unaffected by other work on the machine.
@pytest.mark.benchmark(timer=time.process_time)
def test_it_rescores_100000_answer_sets(benchmark):
    answer_sets = varied_answer_sets(ANSWER_SETS)
    results = benchmark.pedantic(assess_all, args=(answer_sets,), rounds=1, iterations=1)
    assert len(results) == ANSWER_SETS
    assert {result["category"] for result in results} == {
        "urgent_referral",
        "likely_sciatica",
        "likely_hamstring_strain",
        "uncertain",
    }
