"""Where the automatic layout puts external labels: clear of shapes and of each other.

Each label gets a few candidate boxes, the first being where bpmn-js would put it (below a
shape; above or beside the longest segment of a flow). Labels are placed one after another:
each takes its first candidate that covers no shape, crosses no frame's outline and meets
no label placed before it; among those, one that crosses no flow is preferred. A label with
no such candidate keeps its first. Candidates are checked against everything in one pass
of grid-hashed pairs, so thousands of labels cost little.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from ..model.elements import Bounds
from .geometry import Point, box_enters, overlapping_pairs, path_bounds, segment_enters

GAP = 4.0  # px between a label and what it labels
CHOICES = 12  # candidate places for a flow's label


@dataclass(frozen=True)
class Obstacle:
    box: Bounds
    outline: str = "rect"  # "ellipse" for events, "diamond" for gateways
    frame: bool = False  # only its outline counts (an expanded sub-process)


def _at(x: float, y: float, w: float, h: float) -> Bounds:
    return Bounds(round(x), round(y), w, h)  # DI label bounds are drawn at whole pixels


def around_shape(shape: Bounds, size: tuple[float, float]) -> list[Bounds]:
    """Below (bpmn-js's place), right, left, above."""
    w, h = size
    cx, cy = shape.x + shape.width / 2, shape.y + shape.height / 2
    return [_at(cx - w / 2, shape.y + shape.height + GAP, w, h),
            _at(shape.x + shape.width + GAP, cy - h / 2, w, h),
            _at(shape.x - GAP - w, cy - h / 2, w, h),
            _at(cx - w / 2, shape.y - GAP - h, w, h)]


def along_path(points: Sequence[Point], size: tuple[float, float]) -> list[Bounds]:
    """Beside the middle (then the quarters) of each segment, longest segment first: above
    or below a horizontal one, right or left of a vertical one; at most :data:`CHOICES`."""
    w, h = size
    segments = sorted(zip(points, points[1:]), key=lambda s: -math.dist(*s))
    found = []
    for t in (0.5, 0.25, 0.75):
        for (x0, y0), (x1, y1) in segments:
            x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            if abs(x1 - x0) >= abs(y1 - y0):
                found += [_at(x - w / 2, y - GAP - h, w, h), _at(x - w / 2, y + GAP, w, h)]
            else:
                found += [_at(x + GAP + 2, y - h / 2, w, h), _at(x - GAP - 2 - w, y - h / 2, w, h)]
    return found[:CHOICES]


def place(candidates: Sequence[Sequence[Bounds]], owners: Sequence[int | None],
          obstacles: Sequence[Obstacle], paths: Sequence[Sequence[Point]]) -> list[Bounds]:
    """One box per label from its ``candidates``; ``owners[i]`` is the index of the obstacle
    label ``i`` belongs to (its own shape, which it may touch), or None."""
    flat = [(i, box) for i, boxes in enumerate(candidates) for box in boxes]
    boxes = [box for _, box in flat]
    blocked = [False] * len(flat)
    crossings = [0] * len(flat)
    for c, o in overlapping_pairs(boxes, [o.box for o in obstacles]):
        obstacle, box = obstacles[o], boxes[c]
        if owners[flat[c][0]] == o:
            continue
        if obstacle.frame:
            blocked[c] |= not obstacle.box.contains(box)
        else:
            blocked[c] |= box_enters(box, obstacle.box, obstacle.outline)
    segments = [(a, b) for path in paths for a, b in zip(path, path[1:])]
    for c, s in overlapping_pairs(boxes, [path_bounds(seg) for seg in segments]):
        if segment_enters(*segments[s], boxes[c]):
            crossings[c] += 1
    rivals: dict[int, list[int]] = {}
    for c, d in overlapping_pairs(boxes):
        if flat[c][0] != flat[d][0]:
            rivals.setdefault(c, []).append(d)
            rivals.setdefault(d, []).append(c)
    taken: set[int] = set()
    chosen: list[Bounds] = []
    start = 0
    for i, options in enumerate(candidates):
        indices = range(start, start + len(options))
        start += len(options)
        free = [c for c in indices
                if not blocked[c] and not any(r in taken for r in rivals.get(c, ()))]
        best = min(free, key=lambda c: (crossings[c], c)) if free else indices[0]
        taken.add(best)
        chosen.append(boxes[best])
    return chosen
