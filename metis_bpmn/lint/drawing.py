"""What each diagram draws where, for the layout rules.

One :class:`Drawing` per diagram plane: planes have coordinates of their own (a collapsed
sub-process's drill-down plane reuses the main plane's space), so only things in the same
plane are compared. A drawing holds what the renderer draws of the plane, as bpmn-js does:
DI of elements outside the plane's process or collaboration, and bad DI (no bounds, absurd
coordinates, fewer than two waypoints), are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..model.elements import (
    Bounds, Document, Edge, Element, Group, Lane, Participant, Shape, SubProcess,
)
from ..render.labels import external_label, label_text
from ..render.svg import drawn


@dataclass(frozen=True)
class Drawing:
    document: Document
    shapes: tuple[tuple[Element, Shape], ...]
    edges: tuple[tuple[Element, Edge], ...]

    @cached_property
    def labels(self) -> tuple[tuple[Element, Bounds], ...]:
        """The text box of every external label: (its element, where the text is drawn).
        Wrapping the text takes time, so only the rules that need labels pay for it."""
        found = []
        for element, item in (*self.shapes, *self.edges):
            text = label_text(self.document, element)
            if text is not None:
                placed = external_label(text, item, above=isinstance(element, Group))
                found.append((element, placed.ink))
        return tuple(found)


def drawings(ctx) -> list[Drawing]:
    """The drawings of the document's diagrams, computed once per file."""
    def compute():
        found = []
        for diagram in ctx.document.diagrams:
            if diagram.plane is None:
                continue
            items = [(e, item) for _, e, item in drawn(ctx.document, diagram.plane)]
            found.append(Drawing(ctx.document,
                                 tuple(i for i in items if isinstance(i[1], Shape)),
                                 tuple(i for i in items if isinstance(i[1], Edge))))
        return found
    return ctx.memo("drawings", compute)


def is_container(element: Element, shape: Shape) -> bool:
    """Pools, lanes, expanded sub-processes and groups: shapes that hold others."""
    return (isinstance(element, (Participant, Lane, Group))
            or isinstance(element, SubProcess) and bool(shape.is_expanded))
