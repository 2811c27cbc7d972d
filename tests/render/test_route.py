"""Orthogonal routing and label placement for the automatic layout."""

from __future__ import annotations

from metis_bpmn.model.elements import Bounds
from metis_bpmn.render import placement, route
from metis_bpmn.render.geometry import segment_enters


def _orthogonal(points) -> bool:
    return all(a[0] == b[0] or a[1] == b[1] for a, b in zip(points, points[1:]))


def test_columns_and_gaps() -> None:
    cols = route.columns([Bounds(0, 0, 100, 80), Bounds(20, 200, 60, 40),
                          Bounds(200, 0, 36, 36)])
    assert cols == [(0, 100), (200, 236)]
    assert route.gaps(cols) == [(-40, 0), (100, 200), (236, 276)]


def test_a_forward_flow_turns_in_gaps_and_misses_the_nodes_between() -> None:
    nodes = [Bounds(0, 0, 100, 80), Bounds(200, 20, 100, 80), Bounds(400, 200, 100, 80)]
    free = route.gaps(route.columns(nodes))
    # dot's guide passes the middle column below its node
    plan = route.plan(nodes[0], nodes[2], [(100, 40), (250, 150), (400, 240)], free, nodes)
    points = route.points(plan, route.place_verticals([plan], free, [[]])[0])
    assert points[0] == (100, 40) and points[-1] == (400, 240)
    assert _orthogonal(points)
    assert not any(segment_enters(a, b, nodes[1]) for a, b in zip(points, points[1:]))


def test_a_flow_back_leaves_and_enters_from_below() -> None:
    source, target = Bounds(400, 0, 100, 80), Bounds(0, 0, 100, 80)
    free = route.gaps(route.columns([source, target]))
    plan = route.plan(source, target, [], free, [source, target])
    points = route.points(plan, route.place_verticals([plan], free, [[]])[0])
    assert points[0] == (450, 80) and points[-1] == (50, 80)
    assert _orthogonal(points) and max(y for _, y in points) > 80


def test_verticals_in_one_gap_get_their_own_x_and_do_not_overlap_their_runs() -> None:
    left = [Bounds(0, y, 100, 80) for y in (0, 200)]
    right = [Bounds(300, y, 100, 80) for y in (0, 200)]
    free = route.gaps(route.columns(left + right))
    plans = [route.plan(left[0], right[1], [], free, left + right),
             route.plan(left[1], right[0], [], free, left + right)]
    xs = route.place_verticals(plans, free, [[], []])
    assert xs[0][0] != xs[1][0] and all(100 < x[0] < 300 for x in xs)


def test_runs_facing_each_other_on_one_line_are_unfolded() -> None:
    # one flow turns right into y=100, another turns left along y=100: the right-going
    # run must start right of where the left-going one ends
    a = route.Plan(((0, 0),), (0, 100), (1,), ((300, 100),))
    b = route.Plan(((400, 300),), (300, 100), (1,), ((50, 100),))
    xs = [[120.0], [180.0]]
    assert route._unfold([(0, 0, 0, 0), (0, 0, 1, 0)], [a, b], xs)
    assert xs == [[180.0], [120.0]]


def test_message_flows_run_straight_between_pools() -> None:
    task, pool = Bounds(100, 0, 100, 80), Bounds(0, 200, 600, 60)
    assert route.between(task, pool) == [(150, 80), (150, 200)]
    assert route.between(pool, task) == [(150, 200), (150, 80)]
    assert route.between(Bounds(0, 0, 50, 50), Bounds(300, 200, 50, 50)) == [
        (25, 50), (25, 125), (325, 125), (325, 200)]


def test_labels_take_their_first_free_place() -> None:
    event = Bounds(0, 0, 36, 36)
    task_below = placement.Obstacle(Bounds(-20, 40, 100, 80))
    candidates = [placement.around_shape(event, (40, 13)),
                  placement.around_shape(event, (40, 13))]
    first, second = placement.place(candidates, [0, 0],
                                    [placement.Obstacle(event, "ellipse"), task_below], [])
    assert first == candidates[0][1]  # below is taken by the task: right of the event
    assert second == candidates[1][2]  # right is taken by the first label: left
