"""Geometry of the server-rendered SVG charts (the templates draw it; the numbers are also
in a table, which is what screen readers read)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 600, 220, 56, 28, 12


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: Decimal


@dataclass(frozen=True)
class Marker:
    x: float
    label: str


@dataclass(frozen=True)
class TrendChart:
    points: list[Point]
    markers: list[Marker]
    ticks: list[tuple[float, str]]  # (y, label) of the value axis
    width: int = WIDTH
    height: int = HEIGHT
    left: int = PAD_LEFT
    bottom: int = HEIGHT - PAD_BOTTOM

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def nice_top(value: Decimal) -> Decimal:
    """A round axis top above the value (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return Decimal(1)
    step = Decimal(1)
    while step * 10 <= value:
        step *= 10
    while step > value:
        step /= 10
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * (quarter - 1) + 1, 1)


def trend(quarters: list[tuple[int, int, Decimal]],
          changes: list[tuple[date, str]]) -> TrendChart | None:
    """A line of (year, quarter, value), with a marker at each change inside its span.

    None below two quarters: one figure is a sentence, not a chart.
    """
    if len(quarters) < 2:
        return None
    top = nice_top(max(v for _y, _q, v in quarters))
    inner_w = WIDTH - PAD_LEFT - 16
    inner_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    first = quarter_start(*quarters[0][:2])
    last = quarter_start(*quarters[-1][:2])
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return PAD_LEFT + inner_w * (day - first).days / span

    def y_of(value: Decimal) -> float:
        return PAD_TOP + inner_h * float(1 - value / top)

    points = [Point(x_of(quarter_start(y, q)), y_of(v), f"{y} Q{q}", v) for y, q, v in quarters]
    markers = [Marker(x_of(day), label) for day, label in changes if first <= day <= last]
    ticks = [(y_of(top * k / 4), f"{top * k / 4:,.2f}") for k in range(5)]
    return TrendChart(points, markers, ticks)
