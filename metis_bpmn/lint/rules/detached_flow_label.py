"""detached-flow-label: A flow's label drawn far from the flow

## What it finds
A sequence or message flow whose label, at its `BPMNLabel` bounds, is further than
`max-distance` px (default 50) from the flow's drawn path: measured from the text's own
extent to the nearest segment. Labels without DI bounds are drawn beside the flow's middle
and are never far.

## Why it matters
A condition or name that floats away from its flow is read as belonging to another flow or
element; usually the label stayed behind when the flow was re-routed.

## Example
A flow "yes" whose waypoints run along y=100 and whose label bounds sit at y=300.

## Fix
Move the label next to its flow (in bpmn-js: drag it, or delete and retype the name).
"""

from ...model.elements import MessageFlow, SequenceFlow
from ...render.geometry import box_to_path
from ..drawing import drawings
from ..rule import rule


@rule("detached-flow-label", "A flow's label drawn far from the flow", module_doc=__doc__,
      default=None, strict=True, category="diagram", options={"max-distance": 50})
def check(ctx):
    limit = float(ctx.options.get("max-distance", 50))
    found: dict[str, float] = {}
    for drawing in drawings(ctx):
        edges = {element.id: edge for element, edge in drawing.edges}
        for element, box in drawing.labels:
            edge = edges.get(element.id)
            if (not isinstance(element, (SequenceFlow, MessageFlow)) or edge is None
                    or edge.label is None or edge.label.bounds is None):
                continue
            distance = box_to_path(box, edge.waypoints)
            if distance > limit:
                found[element.id] = max(found.get(element.id, 0.0), distance)
    for element_id, distance in sorted(found.items()):
        yield ctx.finding(element_id, f"Label is drawn {distance:.0f} px away from its flow")
