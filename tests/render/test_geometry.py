"""The plane geometry the layout rules and the layout rely on."""

from __future__ import annotations

import random
import time

import pytest

from metis_bpmn.model.elements import Bounds
from metis_bpmn.render.geometry import (
    box_enters, box_to_path, overlapping_pairs, segment_enters, shared_runs,
)

TASK = Bounds(0, 0, 100, 80)
EVENT = Bounds(0, 0, 36, 36)
GATEWAY = Bounds(0, 0, 50, 50)


def _intersects(a: Bounds, b: Bounds) -> bool:
    """The obvious test (touching counts), the oracle for the sweep."""
    return not (a.x + a.width < b.x or b.x + b.width < a.x
                or a.y + a.height < b.y or b.y + b.height < a.y)


@pytest.mark.parametrize("a,b,box,outline,inset,expected", [
    ((-10, 40), (110, 40), TASK, "rect", 0, True),
    ((-10, 0), (110, 0), TASK, "rect", 0, False),  # along the outline
    ((-10, 2), (110, 2), TASK, "rect", 3, False),  # within the inset
    ((-10, 10), (10, -10), TASK, "rect", 0, False),  # touches a corner
    ((-10, 18), (40, 18), EVENT, "ellipse", 0, True),
    ((-10, 0), (0, -10), EVENT, "ellipse", 0, False),
    ((-5, 10), (10, -5), EVENT, "ellipse", 0, False),  # cuts the box's corner, not the circle
    ((0, 5), (20, 5), GATEWAY, "diamond", 0, False),  # cuts the box's corner, not the diamond
    ((0, 20), (10, 20), GATEWAY, "diamond", 0, True),
    ((25, -10), (25, 60), GATEWAY, "diamond", 0, True),
])
def test_segment_enters_the_drawn_outline(a, b, box, outline, inset, expected) -> None:
    assert segment_enters(a, b, box, outline, inset) is expected


def test_box_enters_convex_shapes() -> None:
    assert box_enters(Bounds(32, 32, 20, 20), EVENT, "ellipse") is False  # box corner only
    assert box_enters(Bounds(20, 20, 20, 20), EVENT, "ellipse") is True
    assert box_enters(Bounds(-10, -10, 60, 60), EVENT, "ellipse") is True  # holds it
    assert box_enters(Bounds(2, 2, 5, 5), GATEWAY, "diamond") is False
    assert box_enters(Bounds(20, 20, 5, 5), GATEWAY, "diamond") is True  # inside it


def test_box_to_path() -> None:
    box = Bounds(0, 0, 10, 10)
    assert box_to_path(box, [(20, 5), (30, 5)]) == 10
    assert box_to_path(box, [(-5, 5), (30, 5)]) == 0
    assert box_to_path(box, [(20, 20), (30, 30)]) == pytest.approx(14.142, abs=1e-3)
    assert box_to_path(box, [(5, 30), (5, 20), (40, 20)]) == 10


def test_overlapping_pairs_within_and_across() -> None:
    boxes = [Bounds(0, 0, 10, 10), Bounds(5, 5, 10, 10), Bounds(100, 0, 1, 1),
             Bounds(10, 20, 5, 5)]
    assert sorted(overlapping_pairs(boxes)) == [(0, 1)]
    assert sorted(overlapping_pairs(boxes[:1], [Bounds(100, 0, 1, 1), Bounds(10, 10, 2, 2)])) \
        == [(0, 1)]


def test_overlapping_pairs_agree_with_all_pairs_and_are_fast() -> None:
    rng = random.Random(18)
    boxes = [Bounds(rng.uniform(0, 3000), rng.uniform(0, 3000), rng.uniform(0, 120),
                    rng.uniform(0, 90)) for _ in range(400)]
    boxes += [Bounds(0, 500, 3000, 700), Bounds(1000, 0, 2, 3000)]  # a pool, a long flow
    others = boxes[::3]
    brute = {(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
             if _intersects(boxes[i], boxes[j])}
    pairs = list(overlapping_pairs(boxes))
    assert len(pairs) == len(set(pairs)) and set(pairs) == brute
    across = list(overlapping_pairs(boxes, others))
    assert sorted(across) == sorted((i, j) for i in range(len(boxes))
                                    for j in range(len(others))
                                    if _intersects(boxes[i], others[j]))
    grid = [Bounds(x * 150, y * 120, 100, 80) for x in range(50) for y in range(40)]
    start = time.perf_counter()
    assert list(overlapping_pairs(grid)) == []
    assert time.perf_counter() - start < 0.5  # 2,000 shapes; all pairs would be 2 million


def test_shared_runs() -> None:
    paths = [[(0, 0), (100, 0)], [(50, 0.5), (200, 0.5)], [(95, 0), (300, 0)],
             [(0, 0), (0, 100)], [(0.3, 50), (0.3, 60.5)], [(0, 3), (100, 3)]]
    assert shared_runs(paths) == {(0, 1): 50, (1, 2): 105, (3, 4): 10.5}
