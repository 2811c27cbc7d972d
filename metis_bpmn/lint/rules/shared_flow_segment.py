"""shared-flow-segment: Two flows drawn on top of each other

## What it finds
Two sequence or message flows whose drawn paths share a stretch: a horizontal or vertical
segment of each on the same line (within 1 px), overlapping by more than 10 px. Flows that
leave the same element, or enter the same one, may share a trunk (the reader still sees
where each one starts or ends) and are not reported. Each diagram is checked on its own;
segments are grouped by the line they lie on, so large diagrams cost little. One finding per
pair, on the flow that comes first in the file.

## Why it matters
Where two lines coincide the reader cannot tell them apart: which flow continues where, and
which condition or label belongs to which, is lost.

## Example
A flow from "Check" to "Ship" and a flow from "Pay" to "Archive", both routed along the same
horizontal line for 150 px.

## Fix
Route one of the flows along another line (move its bend points), or rearrange the shapes.
"""

from ...model.elements import MessageFlow, SequenceFlow
from ...render.geometry import shared_runs
from ..drawing import drawings
from ..rule import rule

TOLERANCE = 1.0  # px between two lines that a reader sees as one
MIN_LENGTH = 10.0  # px of shared line that hides a flow


def _ends(ctx, flow):
    return tuple(getattr(ctx.document.resolve(ref), "id", None) or ref
                 for ref in (flow.source, flow.target))


@rule("shared-flow-segment", "Two flows drawn on top of each other", module_doc=__doc__,
      default=None, strict=True, category="diagram")
def check(ctx):
    found: dict[tuple[str, str], float] = {}
    for drawing in drawings(ctx):
        flows = [element for element, _ in drawing.edges
                 if isinstance(element, (SequenceFlow, MessageFlow))]
        paths = [edge.waypoints for element, edge in drawing.edges
                 if isinstance(element, (SequenceFlow, MessageFlow))]
        for (i, j), length in shared_runs(paths, tolerance=TOLERANCE,
                                          min_length=MIN_LENGTH).items():
            a, b = sorted((flows[i], flows[j]), key=lambda f: (f.line, f.id or ""))
            (source_a, target_a), (source_b, target_b) = _ends(ctx, a), _ends(ctx, b)
            if source_a == source_b or target_a == target_b:
                continue
            key = (a.id, b.id)
            found[key] = max(found.get(key, 0.0), length)
    for (first, second), length in sorted(found.items()):
        yield ctx.finding(first, f"Flow is drawn on top of {second} for {length:.0f} px")
