"""Where bpmn-js draws external labels (events, gateways, data, flows, groups).

At the ``BPMNLabel`` bounds when the DI has them (text wrapped in a box at least 90 px wide,
centred on them); otherwise in a 90 px box centred below the shape (above for groups), or for
a connection 15 px above the middle of its middle segment (right of it when that is vertical).
The renderer draws labels from here and the layout rules check them from here, so both see
the same boxes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.elements import (
    Bounds, DataElement, Document, Edge, Element, Event, Gateway, Group, MessageFlow, SequenceFlow,
    Shape,
)
from .geometry import finite, midpoint
from .text import LINE_HEIGHT, Line, layout

SIZE = 11.0  # px
WIDTH = 90  # the narrowest box bpmn-js wraps an external label in


@dataclass(frozen=True, slots=True)
class PlacedLabel:
    """Label text laid out in a box whose top-left corner is (``left``, ``top``)."""

    left: float
    top: float
    width: float
    lines: tuple[Line, ...]

    @property
    def box(self) -> Bounds:
        return Bounds(self.left, self.top, self.width, len(self.lines) * SIZE * LINE_HEIGHT)

    @property
    def ink(self) -> Bounds:
        """The extent of the text itself: lines are centred, so the widest starts first."""
        indent = min((line.x for line in self.lines), default=self.width / 2)
        return Bounds(self.left + indent, self.top, self.width - 2 * indent, self.box.height)


def label_text(document: Document, element: Element) -> str | None:
    """The text of ``element``'s external label; None when it has none (no name, or an
    element whose name is drawn inside its shape: activities, pools, annotations)."""
    if isinstance(element, Group):
        value = document.resolve(element.category_value_ref)
        text = value.attrs.get("value") if value is not None else None
    elif isinstance(element, (Event, Gateway, DataElement, SequenceFlow, MessageFlow)):
        text = element.name
    else:
        return None
    return text if text and text.strip() else None


def external_label(text: str, item: Shape | Edge, *, above: bool = False) -> PlacedLabel:
    """Where ``text``, the label of ``item``'s element, is drawn; ``above`` for groups."""
    lb = item.label.bounds if item.label and item.label.bounds else None
    if lb is not None and finite(lb.x, lb.y, lb.width, lb.height):
        width = max(lb.width, 1)
        lines = layout(text, max(width, WIDTH), 1000, SIZE, align="center-top")
        return PlacedLabel(round(lb.x) + (width - max(width, WIDTH)) / 2, round(lb.y),
                           max(width, WIDTH), tuple(lines))
    if isinstance(item, Shape):
        b = item.bounds
        cx = b.x + b.width / 2
        cy = b.y - 10 if above else b.y + b.height + 10
    else:
        (cx, cy), (dx, dy) = midpoint(item.waypoints)
        if abs(dx) >= abs(dy):
            cy -= 15
        else:
            cx += 15
    lines = layout(text, WIDTH, 1000, SIZE, align="center-top")
    height = len(lines) * SIZE * LINE_HEIGHT
    return PlacedLabel(cx - WIDTH / 2, round(cy - height / 2), WIDTH, tuple(lines))


def ink_size(text: str) -> tuple[float, float]:
    """Width and height of the text of an external label without DI bounds; DI bounds of
    exactly this size put the text exactly in them."""
    ink = PlacedLabel(0, 0, WIDTH, tuple(layout(text, WIDTH, 1000, SIZE, align="center-top"))).ink
    return ink.width, ink.height
