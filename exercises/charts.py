"""Geometry for the server-rendered SVG chart of weekly adherence and pain (no ORM, no JS)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats

from exercises.adherence import ProgramWeek

# Drawn for a phone: at 390 px wide the SVG shows at about its own size, so the labels' 13
# units stay 12 px or more (the CSS caps its width on larger screens).
WIDTH = 360
HEIGHT = 230
LEFT = 34
RIGHT = 10
TOP = 14
BOTTOM = 34
PAIN_MAX = 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class AxisLabel:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_bottom: int
    bars: tuple[Bar, ...]
    points: tuple[Point, ...]
    line: str
    gridlines: tuple[AxisLabel, ...]
    week_labels: tuple[AxisLabel, ...]


def weekly_chart(weeks: Sequence[ProgramWeek]) -> Chart:
    """Bars: share of sessions done (0-100% on the full height); line: mean pain (0-10).

    One slot per program week (never weeks before the start), labelled with its first day.
    """
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    bottom = TOP + plot_height
    slot = plot_width / max(len(weeks), 1)
    bars, points, week_labels = [], [], []
    for index, week in enumerate(weeks):
        centre = LEFT + slot * index + slot / 2
        share = week.adherence.share
        if share is not None:
            height = plot_height * share
            bars.append(
                Bar(
                    x=round(centre - slot * 0.3, 1),
                    y=round(bottom - height, 1),
                    width=round(slot * 0.6, 1),
                    height=round(height, 1),
                    label=f"{round(share * 100)}%",
                )
            )
        if week.mean_pain is not None:
            points.append(
                Point(
                    x=round(centre, 1),
                    y=round(bottom - plot_height * week.mean_pain / PAIN_MAX, 1),
                    label=f"{week.mean_pain:.1f}",
                )
            )
        week_labels.append(
            AxisLabel(
                x=round(centre, 1),
                y=bottom + 22,
                text=formats.date_format(week.start, "M j"),
            )
        )
    gridlines = tuple(
        AxisLabel(x=LEFT - 8, y=round(bottom - plot_height * value / PAIN_MAX, 1), text=str(value))
        for value in (0, 2, 4, 6, 8, 10)
    )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_bottom=bottom,
        bars=tuple(bars),
        points=tuple(points),
        line=" ".join(f"{p.x},{p.y}" for p in points),
        gridlines=gridlines,
        week_labels=tuple(week_labels),
    )
