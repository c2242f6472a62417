"""Geometry for the server-rendered SVG chart of LEFS scores against the baseline's MCID band.

Pure: sittings' scores in, coordinates out. The viewBox is small (360 wide) and the chart is
shown at most 1.6 times that, so its 13-unit labels are 12 px or more on a 390 px phone and
not huge on a desktop.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from outcomes import scoring

WIDTH = 360
HEIGHT = 220
LEFT = 34
RIGHT = 12
TOP = 12
BOTTOM = 42
TICKS = (0, 20, 40, 60, 80)
LABEL_SPACE = 26


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    score: int
    label: str  # the x-axis label: weeks since the baseline ("" where labels would crowd)

    @property
    def value_y(self) -> float:
        """Where the score's own label goes: above the point."""
        return round(self.y - 9, 1)


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class LefsChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    points: tuple[Point, ...]
    line: str
    ticks: tuple[Tick, ...]
    band_top: float  # baseline + MCID (meaningful improvement above)
    band_bottom: float  # baseline - MCID (meaningfully worse below)
    baseline_y: float

    @property
    def plot_width(self) -> int:
        return self.plot_right - self.plot_left

    @property
    def band_height(self) -> float:
        return round(self.band_bottom - self.band_top, 1)

    @property
    def centre(self) -> float:
        return round((self.plot_left + self.plot_right) / 2, 1)


def _y(score: float) -> float:
    plot_height = HEIGHT - TOP - BOTTOM
    return round(TOP + plot_height * (1 - score / scoring.LEFS_MAX), 1)


def lefs_chart(points: Sequence[tuple[int, int]]) -> LefsChart | None:
    """`points`: (weeks since the baseline, LEFS score) per sitting, the baseline first."""
    if not points:
        return None
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / len(points)
    # A label takes about 26 units at 13-unit type: label every n-th point so none overlap.
    every = max(1, math.ceil(LABEL_SPACE / slot))
    placed = tuple(
        Point(
            x=round(LEFT + slot * index + slot / 2, 1),
            y=_y(score),
            score=score,
            label=str(weeks) if index % every == 0 else "",
        )
        for index, (weeks, score) in enumerate(points)
    )
    baseline = points[0][1]
    return LefsChart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
        points=placed,
        line=" ".join(f"{point.x},{point.y}" for point in placed),
        ticks=tuple(Tick(y=_y(value), text=str(value)) for value in TICKS),
        band_top=_y(min(scoring.LEFS_MAX, baseline + scoring.LEFS_MCID)),
        band_bottom=_y(max(0, baseline - scoring.LEFS_MCID)),
        baseline_y=_y(baseline),
    )
