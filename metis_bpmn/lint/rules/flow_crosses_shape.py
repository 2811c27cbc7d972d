"""flow-crosses-shape: A sequence flow drawn across a shape it does not connect

## What it finds
A sequence flow whose drawn path (its DI waypoints) passes through a shape other than its
source and target: an activity, an event (a circle), a gateway (a diamond), a data object or
store, or a pool or expanded sub-process the flow does not belong to. A path that touches an
outline, or runs along it less than 3 px inside, does not count. Lanes, groups and text
annotations are not obstacles, nor are the pool and the sub-processes that hold the flow
(in the model, or drawn around both its ends).
Each diagram is checked on its own; segments and shapes are paired in a grid of cells, so
large diagrams cost little.

## Why it matters
A line through a shape reads as a flow into it and out again: the reader sees a step the
process does not take, or cannot tell which element the flow really reaches.

## Example
A flow from "Order received" to "Order closed" drawn straight through the "Check order" task
that lies between them.

## Fix
Route the flow around the shape (add bend points), or move the shape off its path.
"""

from ...model.elements import Bounds, Group, Lane, SequenceFlow, TextAnnotation
from ...render.geometry import grow, overlapping_pairs, path_bounds, segment_enters
from ...render.shapes import outline
from ..drawing import drawings, is_container
from ..rule import rule

INSET = 3.0  # px a path may run inside an outline without crossing the shape


def _ignored(ctx, flow: SequenceFlow) -> set[str]:
    ends = {getattr(ctx.document.resolve(ref), "id", None) for ref in (flow.source, flow.target)}
    return {e for e in ends if e} | ctx.document.holders(flow.id)


def _holds(element, shape, edge) -> bool:
    """A pool or sub-process drawn around both ends of the flow (whatever the model says)."""
    frame = grow(shape.bounds, 1)
    return is_container(element, shape) and all(
        frame.contains(Bounds(x, y, 0, 0)) for x, y in (edge.waypoints[0], edge.waypoints[-1]))


@rule("flow-crosses-shape", "A sequence flow drawn across a shape it does not connect",
      module_doc=__doc__, default=None, strict=True, category="diagram")
def check(ctx):
    for drawing in drawings(ctx):
        obstacles = [(element, shape) for element, shape in drawing.shapes
                     if not isinstance(element, (Lane, Group, TextAnnotation))]
        flows = [(element, edge) for element, edge in drawing.edges
                 if isinstance(element, SequenceFlow)]
        segments = [(k, a, b) for k, (_, edge) in enumerate(flows)
                    for a, b in zip(edge.waypoints, edge.waypoints[1:])]
        crossed: dict[int, set[str]] = {}
        ignored: dict[int, set[str]] = {}
        pairs = overlapping_pairs([path_bounds(s[1:]) for s in segments],
                                  [shape.bounds for _, shape in obstacles])
        for i, j in pairs:
            k, a, b = segments[i]
            element, shape = obstacles[j]
            if k not in ignored:
                ignored[k] = _ignored(ctx, flows[k][0])
            if (element.id not in ignored[k] and not _holds(element, shape, flows[k][1])
                    and segment_enters(a, b, shape.bounds, outline(element), INSET)):
                crossed.setdefault(k, set()).add(element.id)
        for k, ids in sorted(crossed.items()):
            yield ctx.finding(flows[k][0],
                              f"Sequence flow is drawn across {', '.join(sorted(ids))}")
