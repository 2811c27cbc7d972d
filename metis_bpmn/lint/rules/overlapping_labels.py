"""overlapping-labels: A label drawn over another label or over a shape

## What it finds
An external label (of an event, gateway, data object or store, sequence or message flow, or
group) whose text overlaps another external label, or a shape other than its own element:
an activity, event (a circle), gateway (a diamond), data object or store, text annotation, or
the outline of an expanded sub-process (a label inside one, or outside it, is fine).
The label is where bpmn-js draws it: at its `BPMNLabel` bounds when the DI has them, else
below its shape or beside the middle of its flow; only the text's own extent counts, less
1 px of leading on each side. Pools, lanes and groups are frames that labels may cross (a
message flow's label often sits on a pool's edge) and are not checked against. Each diagram
is checked on its own, pairs found in a grid of cells. One finding per label; of two
overlapping labels, the one that comes first in the file has it.

## Why it matters
Text drawn over text or over a symbol is hard to read, and a label that sits on another
element is easily read as that element's name or condition.

## Example
A gateway's label "Approved?" placed on the task to its right; two flows' labels "yes" and
"no" stacked on each other.

## Fix
Move the label clear of the shape or the other label (in bpmn-js: drag the label), or give
the elements more room.
"""

from ...model.elements import Group, Lane, Participant
from ...render.geometry import box_enters, grow, overlapping_pairs
from ...render.shapes import outline
from ..drawing import drawings, is_container
from ..rule import rule

LEADING = 1.0  # px of each line box that is not ink
SHOWN = 3  # overlapped elements named in a message


def _first(a, b):
    return (a, b) if (a.line, a.id or "") <= (b.line, b.id or "") else (b, a)


@rule("overlapping-labels", "A label drawn over another label or over a shape",
      module_doc=__doc__, default=None, strict=True, category="diagram")
def check(ctx):
    found: dict[str, set[str]] = {}  # label's element id -> what it overlaps
    for drawing in drawings(ctx):
        labels = [(element, grow(box, -LEADING)) for element, box in drawing.labels]
        boxes = [box for _, box in labels]
        for i, j in overlapping_pairs(boxes):
            owner, other = _first(labels[i][0], labels[j][0])
            found.setdefault(owner.id, set()).add(f"the label of {other.id}")
        shapes = [(e, s) for e, s in drawing.shapes
                  if not isinstance(e, (Participant, Lane, Group))]
        for i, j in overlapping_pairs(boxes, [shape.bounds for _, shape in shapes]):
            (owner, box), (element, shape) = labels[i], shapes[j]
            if element is owner:
                continue
            if is_container(element, shape):  # an expanded sub-process
                hit = not shape.bounds.contains(box)  # across its outline
            else:
                hit = box_enters(box, shape.bounds, outline(element))
            if hit:
                found.setdefault(owner.id, set()).add(element.id)
    for owner, others in sorted(found.items()):
        named = sorted(others)
        more = f" and {len(named) - SHOWN} more" if len(named) > SHOWN else ""
        yield ctx.finding(owner, f"Label overlaps {', '.join(named[:SHOWN])}{more}")
