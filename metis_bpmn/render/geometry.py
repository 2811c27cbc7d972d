"""Small plane geometry for markers and paths."""

from __future__ import annotations

import math

from .style import num

Point = tuple[float, float]


def path(points, closed: bool = False) -> str:
    d = "M" + "L".join(f"{num(x)},{num(y)}" for x, y in points)
    return d + ("Z" if closed else "")


def place(points, at: Point, direction: Point, ref: Point, scale: float) -> list[Point]:
    """Marker points, drawn pointing along +x with ``ref`` as anchor, moved to ``at`` and
    turned to point along ``direction`` (as SVG markers with ``orient="auto"``)."""
    angle = math.atan2(direction[1], direction[0])
    cos, sin = math.cos(angle), math.sin(angle)
    out = []
    for x, y in points:
        dx, dy = (x - ref[0]) * scale, (y - ref[1]) * scale
        out.append((at[0] + dx * cos - dy * sin, at[1] + dx * sin + dy * cos))
    return out


def midpoint(points) -> tuple[Point, Point]:
    """The point halfway along a polyline, and the segment direction there."""
    lengths = [math.dist(a, b) for a, b in zip(points, points[1:])]
    half = sum(lengths) / 2
    for (a, b), length in zip(zip(points, points[1:]), lengths):
        if half <= length and length:
            t = half / length
            return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t), (b[0] - a[0], b[1] - a[1])
        half -= length
    return points[0], (1.0, 0.0)


def finite(*values: float) -> bool:
    return all(math.isfinite(v) and abs(v) < 1e7 for v in values)
