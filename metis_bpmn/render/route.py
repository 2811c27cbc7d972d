"""Orthogonal routes for flows on a left-to-right layered layout.

Graphviz ``dot`` places the nodes in rank columns and guides each edge through free space.
A route here follows that guide but only with horizontal and vertical segments (see
:func:`plan` for the sides it uses): it runs horizontally through each rank column at a
height free of nodes there, and changes height only in the gaps between columns. Every
vertical in a gap gets its own x, kept clear of the boxes (expanded sub-processes, pools)
that the flow does not belong to, and verticals are swapped where their runs would overlap,
so flows do not share segments or run through frames they are not in. Pure functions over
:class:`Bounds`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..model.elements import Bounds
from .geometry import Point

OUTER = 40.0  # px of gap before the first and after the last column
CLEAR = 6.0  # px between a run or vertical and a box it passes
DROP = 12.0  # px a route goes down (or up) from a shape's bottom (or top) before it turns
FIXES = 3  # passes that swap verticals whose runs would overlap


def columns(boxes: Sequence[Bounds]) -> list[tuple[float, float]]:
    """The x-intervals the boxes cover, merged: the rank columns; no box lies between."""
    spans = sorted((b.x, b.x + b.width) for b in boxes)
    merged: list[list[float]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def gaps(cols: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The free x-intervals: gap ``i`` lies left of column ``i``, the last after them all."""
    if not cols:
        return [(-OUTER, OUTER)]
    return ([(cols[0][0] - OUTER, cols[0][0])]
            + [(a[1], b[0]) for a, b in zip(cols, cols[1:])]
            + [(cols[-1][1], cols[-1][1] + OUTER)])


@dataclass(frozen=True)
class Plan:
    """A route before its verticals have an x: ``lead`` from the source to where the first
    horizontal run starts, the height ``ys[i]`` of each run, the gap ``gaps[i]`` where the
    route goes from ``ys[i]`` to ``ys[i + 1]``, and ``tail`` from where the last run ends
    into the target."""

    lead: tuple[Point, ...]
    ys: tuple[float, ...]
    gaps: tuple[int, ...]
    tail: tuple[Point, ...]


def _guide_y(guide: Sequence[Point], x: float, default: float) -> float:
    """The height of the guide polyline where it crosses ``x`` (first crossing)."""
    for (x0, y0), (x1, y1) in zip(guide, guide[1:]):
        if min(x0, x1) <= x <= max(x0, x1):
            return y0 if x0 == x1 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return default


def _clear(y: float, lo: float, hi: float, boxes: Sequence[Bounds]) -> bool:
    """Whether a horizontal line at ``y`` over [lo, hi] keeps clear of the boxes."""
    return not any(b.x < hi and b.x + b.width > lo and b.y - CLEAR < y < b.y + b.height + CLEAR
                   for b in boxes)


def _free_y(y: float, lo: float, hi: float, boxes: Sequence[Bounds]) -> float:
    """``y``, or the nearest height whose horizontal line over [lo, hi] is clear."""
    inside = [b for b in boxes if b.x < hi and b.x + b.width > lo]
    candidates = [y] + sorted((c for b in inside for c in (b.y - CLEAR, b.y + b.height + CLEAR)),
                              key=lambda c: abs(c - y))
    return next((c for c in candidates if _clear(c, lo, hi, inside)), y)


def below(box: Bounds, drop: float = DROP) -> tuple[Point, Point]:
    """From the middle of the bottom side, ``drop`` px down."""
    cx = box.x + box.width / 2
    return (cx, box.y + box.height), (cx, box.y + box.height + drop)


def above(box: Bounds) -> tuple[Point, Point]:
    """From the middle of the top side, :data:`DROP` px up."""
    cx = box.x + box.width / 2
    return (cx, box.y), (cx, box.y - DROP)


def plan(source: Bounds, target: Bounds, guide: Sequence[Point],
         free: Sequence[tuple[float, float]], obstacles: Sequence[Bounds],
         lead: Sequence[Point] = ()) -> Plan:
    """The route from ``source`` to ``target`` through the gaps ``free`` (see :func:`gaps`);
    ``obstacles`` are the node boxes its runs must miss; ``lead`` replaces the start on the
    source's side (a boundary event's drop).

    A flow forward leaves the source's right side and enters the target's left; a flow back
    (closing a loop) leaves the source's bottom and enters the target's bottom, so it meets
    neither the flows in nor the flows out; a flow to a shape above or below in the same
    column leaves and enters on the sides facing each other and runs through the gap on the
    right. A forward flow whose ends nearly face each other runs straight, entering (or
    leaving) a shape a little off its middle. Each run keeps the height of the one before,
    or takes the target's, where that is clear; else it follows dot's guide.
    """
    sy, ty = source.y + source.height / 2, target.y + target.height / 2
    if target.x >= source.x + source.width:  # forward
        first = next((i for i, g in enumerate(free) if g[1] > source.x + source.width), None)
        last = next((i for i in range(len(free) - 1, -1, -1)
                     if free[i][0] < target.x), None)
        if abs(sy - ty) <= target.height / 4:  # no jog: in off the target's middle
            ty = sy
        elif abs(sy - ty) <= source.height / 4:  # or out off the source's
            sy = ty
        start, tail, step = ((source.x + source.width, sy),), ((target.x, ty),), 1
    elif target.x + target.width <= source.x:  # backward
        first = next((i for i in range(len(free) - 1, -1, -1) if free[i][0] < source.x), None)
        last = next((i for i, g in enumerate(free) if g[1] > target.x + target.width), None)
        start, tail, step = below(source), below(target)[::-1], -1
    else:  # the same column
        first = last = next((i for i, g in enumerate(free) if g[1] > source.x + source.width),
                            len(free) - 1)
        step = 1
        if ty >= sy:
            start, tail = below(source), above(target)[::-1]
        else:
            start, tail = above(source), below(target)[::-1]
    lead = tuple(lead) or start
    end_y = tail[0][1]
    if first is None or last is None or (last - first) * step < 0:
        return Plan(lead, (lead[-1][1], end_y), (), tail)  # no gap between: a direct line
    columns = []
    for gap in range(first, last, step):
        column = gap if step > 0 else gap - 1  # column i lies between gap i and gap i + 1
        columns.append((free[column][1], free[column + 1][0]))
    ys = [lead[-1][1]]
    for k, (lo, hi) in enumerate(columns):
        if all(_clear(end_y, a, b, obstacles) for a, b in columns[k:]):
            ys.append(end_y)
        elif _clear(ys[-1], lo, hi, obstacles):
            ys.append(ys[-1])
        else:
            ys.append(_free_y(_guide_y(guide, (lo + hi) / 2, (ys[-1] + end_y) / 2), lo, hi,
                              obstacles))
    ys.append(end_y)
    return Plan(lead, tuple(ys), tuple(range(first, last + step, step)), tail)


def place_verticals(plans: Sequence[Plan], free: Sequence[tuple[float, float]],
                    frames: Sequence[Sequence[Bounds]]) -> list[list[float]]:
    """An x for every vertical of every plan: the verticals in one gap are spread evenly
    over it, each within the part of the gap that its ``frames`` (boxes the flow must stay
    out of) leave free, and right of the source or left of the target where they lie in
    the gap."""
    legs: dict[int, list[tuple[float, float, int, int]]] = {}
    for p, route in enumerate(plans):
        for k, gap in enumerate(route.gaps):
            top, bottom = sorted((route.ys[k], route.ys[k + 1]))
            legs.setdefault(gap, []).append((top, bottom, p, k))
    xs = [[0.0] * len(route.gaps) for route in plans]
    for gap, members in legs.items():
        members.sort()
        for order, (top, bottom, p, k) in enumerate(members):
            lo, hi = _allowed(free[gap], plans[p], k, top, bottom, frames[p])
            xs[p][k] = lo + (hi - lo) * (order + 1) / (len(members) + 1)
    for members in legs.values():  # then no run to the right passes one to the left
        for _ in range(FIXES):
            if not _unfold(members, plans, xs):
                break
    return xs


def _runs(route: Plan, k: int, xs: Sequence[float]) -> list[tuple[float, int]]:
    """The horizontal runs at the ends of vertical ``k``: (height, -1 left of it or +1
    right of it)."""
    x = xs[k]
    before = route.lead[-1][0] if k == 0 else xs[k - 1]
    after = route.tail[0][0] if k == len(xs) - 1 else xs[k + 1]
    return [(y, 1 if other > x else -1) for y, other in
            ((route.ys[k], before), (route.ys[k + 1], after)) if other != x]


def _unfold(members, plans: Sequence[Plan], xs: list[list[float]]) -> bool:
    """Swap the x of two verticals in one gap where a run right of one and a run left of
    the other lie on one line and overlap (the right-going one starts left of the other).
    Runs are grouped by height, so only runs on one line are compared."""
    lines: dict[int, list[tuple[int, int, int]]] = {}
    for p, k in ((p, k) for _, _, p, k in members):
        for y, side in _runs(plans[p], k, xs[p]):
            lines.setdefault(round(y), []).append((side, p, k))
    swapped = False
    for y, runs in sorted(lines.items()):
        right = [(p, k) for side, p, k in runs + lines.get(y + 1, []) if side > 0]
        left = [(p, k) for side, p, k in runs + lines.get(y + 1, []) if side < 0]
        for p, k in right:
            for q, m in left:
                if (p, k) != (q, m) and xs[p][k] < xs[q][m]:
                    xs[p][k], xs[q][m] = xs[q][m], xs[p][k]
                    swapped = True
    return swapped


def _allowed(gap: tuple[float, float], route: Plan, k: int, top: float, bottom: float,
             frames: Sequence[Bounds]) -> tuple[float, float]:
    lo, hi = gap
    ends = (([route.lead[-1][0]] if k == 0 else [])
            + ([route.tail[0][0]] if k == len(route.gaps) - 1 else []))
    for x in ends:  # a source or target whose side lies in the gap (a sub-process's frame)
        if lo < x < hi:
            if x < (lo + hi) / 2:
                lo = x + CLEAR
            else:
                hi = x - CLEAR
    narrowed = (lo, hi)
    for box in frames:
        if box.y < bottom and box.y + box.height > top and box.x < hi and box.x + box.width > lo:
            if box.x + box.width / 2 < (lo + hi) / 2:
                lo = max(lo, box.x + box.width + CLEAR)
            else:
                hi = min(hi, box.x - CLEAR)
    return (lo, hi) if lo < hi else narrowed


def points(route: Plan, xs: Sequence[float]) -> list[Point]:
    """The route's waypoints, without repeated or collinear middle points."""
    found: list[Point] = list(route.lead)
    for k, x in enumerate(xs):
        found += [(x, route.ys[k]), (x, route.ys[k + 1])]
    if not xs and found[-1][1] != route.tail[0][1]:  # a direct line: bend halfway
        mid = (found[-1][0] + route.tail[0][0]) / 2
        found += [(mid, found[-1][1]), (mid, route.tail[0][1])]
    found += route.tail
    simple: list[Point] = []
    for point in found:
        if simple and point == simple[-1]:
            continue
        if len(simple) >= 2 and _collinear(simple[-2], simple[-1], point):
            simple[-1] = point
            continue
        simple.append(point)
    return simple


def _collinear(a: Point, b: Point, c: Point) -> bool:
    return (a[0] == b[0] == c[0]) or (a[1] == b[1] == c[1])


def between(source: Bounds, target: Bounds) -> list[Point]:
    """A message flow: from the side of ``source`` facing ``target`` (pools lie above each
    other), straight down or up where the two overlap across, else with one jog halfway."""
    sx, tx = source.x + source.width / 2, target.x + target.width / 2
    if source.y + source.height <= target.y:  # target below
        sy, ty = source.y + source.height, target.y
    elif target.y + target.height <= source.y:  # target above
        sy, ty = source.y, target.y + target.height
    else:  # side by side
        sy = ty = source.y + source.height / 2
        sx, tx = ((source.x + source.width, target.x) if tx > sx
                  else (source.x, target.x + target.width))
        return [(sx, sy), (tx, ty)]
    lo, hi = max(source.x, target.x), min(source.x + source.width, target.x + target.width)
    if lo < hi:  # one straight line where both are
        x = (lo + hi) / 2
        return [(x, sy), (x, ty)]
    mid = (sy + ty) / 2
    return [(sx, sy), (sx, mid), (tx, mid), (tx, ty)]
