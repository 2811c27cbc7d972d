"""Small plane geometry for markers and paths, and the tests the layout rules make on them.

Pure functions over points, polylines and :class:`Bounds`; the pair searches hash boxes into
a grid or group segments by the line they lie on, so a diagram of thousands of elements costs
milliseconds, not all-pairs seconds.
"""

from __future__ import annotations

import math
from typing import Iterator, Sequence

from ..model.elements import Bounds
from .style import num

MAX_CELLS = 256  # grid cells a box may cover before it is compared with every box

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


def _corners(boxes: Sequence[Bounds]) -> list[tuple[float, float, float, float, int]]:
    return [(b.x, b.y, b.x + b.width, b.y + b.height, i) for i, b in enumerate(boxes)
            if math.isfinite(b.x + b.y + b.width + b.height) and b.width >= 0 and b.height >= 0]


def _meet(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def overlapping_pairs(boxes: Sequence[Bounds], others: Sequence[Bounds] | None = None
                      ) -> Iterator[tuple[int, int]]:
    """Index pairs of intersecting boxes (touching counts): ``(i, j)`` with ``i < j`` among
    ``boxes``, or with ``i`` in ``boxes`` and ``j`` in ``others``.

    Boxes are hashed into a grid of cells twice the median box size and only boxes that
    share a cell are compared; a pair is reported in the cell holding the top-left corner of
    its intersection, so once. A box spanning more than :data:`MAX_CELLS` cells (a pool, a
    long flow) is compared with every box instead. Boxes with non-finite coordinates or a
    negative size are left out.
    """
    sides = [_corners(boxes)] if others is None else [_corners(boxes), _corners(others)]
    sizes = sorted(max(c[2] - c[0], c[3] - c[1]) for side in sides for c in side)
    cell = max(2 * sizes[len(sizes) // 2], 20.0) if sizes else 1.0
    grids: list[dict[tuple[int, int], list]] = []
    bigs: list[list] = []
    smalls: list[list] = []
    for side in sides:
        grid: dict[tuple[int, int], list] = {}
        big, small = [], []
        for c in side:
            x0, y0 = math.floor(c[0] / cell), math.floor(c[1] / cell)
            x1, y1 = math.floor(c[2] / cell), math.floor(c[3] / cell)
            if (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS:
                big.append(c)
                continue
            small.append(c)
            for cx in range(x0, x1 + 1):
                for cy in range(y0, y1 + 1):
                    grid.setdefault((cx, cy), []).append(c)
        grids.append(grid)
        bigs.append(big)
        smalls.append(small)

    def here(a, b, cx, cy) -> bool:  # the pair's intersection starts in this cell
        return (math.floor(max(a[0], b[0]) / cell) == cx
                and math.floor(max(a[1], b[1]) / cell) == cy)

    if others is None:
        for (cx, cy), members in grids[0].items():
            for k, a in enumerate(members):
                for b in members[k + 1:]:
                    if _meet(a, b) and here(a, b, cx, cy):
                        yield (a[4], b[4]) if a[4] < b[4] else (b[4], a[4])
        big = bigs[0]
        for k, a in enumerate(big):
            for b in (*big[k + 1:], *smalls[0]):
                if _meet(a, b):
                    yield (a[4], b[4]) if a[4] < b[4] else (b[4], a[4])
        return
    for (cx, cy), members in grids[0].items():
        for b in grids[1].get((cx, cy), ()):
            for a in members:
                if _meet(a, b) and here(a, b, cx, cy):
                    yield a[4], b[4]
    for a in bigs[0]:
        for b in sides[1]:
            if _meet(a, b):
                yield a[4], b[4]
    for b in bigs[1]:
        for a in smalls[0]:
            if _meet(a, b):
                yield a[4], b[4]


def grow(box: Bounds, by: float) -> Bounds:
    """``box`` with ``by`` px added on every side (removed when negative)."""
    return Bounds(box.x - by, box.y - by, max(box.width + 2 * by, 0.0),
                  max(box.height + 2 * by, 0.0))


def path_bounds(points: Sequence[Point]) -> Bounds:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Bounds(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _lowest(f, a: Point, d: Point, breaks) -> float:
    """The minimum over t in [0, 1] of a convex piecewise linear ``f(x, y)`` along
    ``a + t d``: it lies at an end or at a break point (``breaks`` gives the t values)."""
    ts = [0.0, 1.0, *(t for t in breaks if 0.0 < t < 1.0)]
    return min(f(a[0] + t * d[0], a[1] + t * d[1]) for t in ts)


def segment_enters(a: Point, b: Point, box: Bounds, outline: str = "rect",
                   inset: float = 0.0) -> bool:
    """Whether the segment ``a``-``b`` passes through the inside of the shape drawn in
    ``box`` shrunk by ``inset`` px: a ``rect``, an ``ellipse`` (events) or a ``diamond``
    (gateways). Running along the outline or touching it does not count."""
    hw, hh = box.width / 2 - inset, box.height / 2 - inset
    if hw <= 0 or hh <= 0:
        return False
    cx, cy = box.x + box.width / 2, box.y + box.height / 2
    # In coordinates where the shape is the unit square, circle or diamond at the origin.
    p = ((a[0] - cx) / hw, (a[1] - cy) / hh)
    d = ((b[0] - a[0]) / hw, (b[1] - a[1]) / hh)

    def roots(*lines):  # t where u + t du = 0, for each (u, du)
        return [-u / du for u, du in lines if du]

    if outline == "ellipse":
        dd = d[0] ** 2 + d[1] ** 2
        t = min(1.0, max(0.0, -(p[0] * d[0] + p[1] * d[1]) / dd)) if dd else 0.0
        return (p[0] + t * d[0]) ** 2 + (p[1] + t * d[1]) ** 2 < 1
    if outline == "diamond":
        return _lowest(lambda x, y: abs(x) + abs(y), p, d, roots(*zip(p, d))) < 1
    return _lowest(lambda x, y: max(abs(x), abs(y)), p, d,
                   roots(*zip(p, d), (p[0] - p[1], d[0] - d[1]),
                         (p[0] + p[1], d[0] + d[1]))) < 1


def box_enters(box: Bounds, shape: Bounds, outline: str = "rect", inset: float = 0.0) -> bool:
    """Whether ``box`` reaches into the shape drawn in ``shape`` (see :func:`segment_enters`).
    For a convex shape: a side of the box enters it, or the box holds its centre."""
    corners = [(box.x, box.y), (box.x + box.width, box.y),
               (box.x + box.width, box.y + box.height), (box.x, box.y + box.height)]
    centre = (shape.x + shape.width / 2, shape.y + shape.height / 2)
    return (box.x < centre[0] < box.x + box.width and box.y < centre[1] < box.y + box.height
            or any(segment_enters(a, b, shape, outline, inset)
                   for a, b in zip(corners, corners[1:] + corners[:1])))


def _point_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    dd = dx * dx + dy * dy
    t = min(1.0, max(0.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / dd)) if dd else 0.0
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def _point_box(p: Point, box: Bounds) -> float:
    dx = max(box.x - p[0], 0.0, p[0] - box.x - box.width)
    dy = max(box.y - p[1], 0.0, p[1] - box.y - box.height)
    return math.hypot(dx, dy)


def box_to_path(box: Bounds, points: Sequence[Point]) -> float:
    """The distance between a box and a polyline; 0 when they meet."""
    corners = [(box.x, box.y), (box.x + box.width, box.y), (box.x, box.y + box.height),
               (box.x + box.width, box.y + box.height)]
    best = math.inf
    for a, b in zip(points, points[1:]):
        if segment_enters(a, b, box, inset=-1e-6):  # a closed box: touching meets
            return 0.0
        best = min(best, _point_box(a, box), _point_box(b, box),
                   *(_point_segment(c, a, b) for c in corners))
    return best if len(points) > 1 else _point_box(points[0], box)


def shared_runs(paths: Sequence[Sequence[Point]], *, tolerance: float = 1.0,
                min_length: float = 10.0) -> dict[tuple[int, int], float]:
    """Pairs ``(i, j)``, ``i < j``, of polylines that run along each other: a horizontal or
    vertical segment of each on the same line (within ``tolerance`` px) overlapping by more
    than ``min_length`` px; with the longest such overlap. Slanted segments are not compared
    (flows are drawn orthogonally; two slanted lines that coincide are rare)."""
    lines: dict[tuple[str, int], list[tuple[float, float, float, int]]] = {}
    for index, points in enumerate(paths):
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            for axis, at, start, end in (("h", (y0 + y1) / 2, x0, x1),
                                         ("v", (x0 + x1) / 2, y0, y1)):
                across = abs(y1 - y0) if axis == "h" else abs(x1 - x0)
                if across <= tolerance and abs(end - start) > min_length:
                    key = (axis, math.floor(at / tolerance))
                    lines.setdefault(key, []).append((min(start, end), max(start, end), at,
                                                      index))
    found: dict[tuple[int, int], float] = {}
    for (axis, cell), runs in lines.items():
        group = sorted(runs + lines.get((axis, cell + 1), []))
        for k, (start, end, at, index) in enumerate(group):
            for start2, end2, at2, index2 in group[k + 1:]:
                if start2 >= end - min_length:
                    break
                overlap = min(end, end2) - start2
                if index != index2 and abs(at - at2) <= tolerance and overlap > min_length:
                    pair = (min(index, index2), max(index, index2))
                    found[pair] = max(found.get(pair, 0.0), overlap)
    return found
