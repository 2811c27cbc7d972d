"""A BPMN diagram as SVG, drawn at its DI coordinates in the notation bpmn-js uses.

What is drawn follows bpmn-js: the elements of the diagram plane's process or collaboration
(participants, their processes, message flows, and other processes only when they have lanes;
not, for example, the process an expanded call activity shows) that have a shape or
edge in that plane; the contents of collapsed sub-processes and call activities are not drawn
on it. Each element is a ``<g class="djs-element ..." data-element-id="ID">`` group (external
labels get ``ID_label``), as in bpmn-js's exported SVG, so reviews, overlays and tests find
elements by id. Bad DI (no bounds, non-numeric or absurd coordinates, fewer than two
waypoints, references to nothing) skips that element; it never raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ..model.elements import (
    Association, Bounds, Collaboration, DataElement, Document, Edge, Element, Event, FlowNode,
    Gateway, Group, Lane, MessageFlow, Participant, Plane, Process, Scope, SequenceFlow, Shape,
    SubProcess, TextAnnotation,
)
from . import edges, labels, shapes
from .geometry import finite
from .labels import external_label, label_text
from .style import STROKE, colour, group, num, text

MARGIN = 5


@dataclass
class _Canvas:
    document: Document
    classes: Mapping[str, str]
    layers: dict[int, list[str]] = field(default_factory=lambda: {i: [] for i in range(6)})
    box: list[float] = field(default_factory=lambda: [float("inf"), float("inf"),
                                                      float("-inf"), float("-inf")])

    def extend(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.box = [min(self.box[0], x0), min(self.box[1], y0),
                    max(self.box[2], x1), max(self.box[3], y1)]

    def add(self, layer: int, element: Element, kind: str, body: str) -> None:
        extra = self.classes.get(element.id, "")
        self.layers[layer].append(group(element.id, kind, body, f" {extra}" if extra else ""))


def _data_associations(document: Document) -> dict[str, Element]:
    """Data associations by id (the model keeps them on their activity, not in the index)."""
    return {a.id: a for _, scope in document.scopes() for node in scope.nodes
            for a in node.data_associations if a.id}


def plane_objects(document: Document, plane) -> dict[str, Shape | Edge]:
    """Element id -> its shape or edge in ``plane``, leaving out bad DI (see the module doc)."""
    found: dict[str, Shape | Edge] = {}
    associations = _data_associations(document)
    for item in sorted((*plane.shapes, *plane.edges), key=lambda i: i.line):
        ref = (item.element_ref or "").strip()
        element = associations.get(ref) or document.resolve(ref)
        if element is None or not element.id:
            continue
        if isinstance(item, Shape):
            b = item.bounds
            if b is None or not finite(b.x, b.y, b.width, b.height) or b.width < 0 or b.height < 0:
                continue
        elif not edges.waypoints_ok(item) or not all(finite(x, y) for x, y in item.waypoints):
            continue
        found[element.id] = item
    return found


def _markers(node: FlowNode, shape: Shape) -> list[str]:
    markers = []
    loop = getattr(node, "loop", None)
    if loop is not None:
        markers.append(("sequential" if loop.is_sequential else "parallel")
                       if loop.multi_instance else "loop")
    if getattr(node, "is_for_compensation", False):
        markers.append("compensation")
    if node.tag == "adHocSubProcess":
        markers.append("adhoc")
    if node.tag == "callActivity" or (isinstance(node, SubProcess) and not shape.is_expanded):
        markers.append("collapsed")
    return markers


def _external_label(canvas: _Canvas, element: Element, item: Shape | Edge) -> None:
    name = label_text(canvas.document, element)
    if name is None:
        return
    stroke = colour(item.stroke, STROKE)
    fill = shapes.label_colour(item, stroke)
    placed = external_label(name, item, above=isinstance(element, Group))
    body = "".join(text(placed.left + line.x, placed.top + line.y, line.text, size=labels.SIZE,
                        fill=fill) for line in placed.lines)
    canvas.layers[5].append(group(f"{element.id}_label", "shape", body))
    box = placed.box
    canvas.extend(box.x, box.y, box.x + box.width, box.y + box.height)


Drawn = tuple[int, Element, Shape | Edge]  # (layer, element, its shape or edge)


class _Walk:
    """Collects what bpmn-js draws, in its order: the import order of ``BpmnTreeWalker``,
    boundary events, flows and associations after the nodes of their scope."""

    def __init__(self, document: Document, di: dict[str, Shape | Edge]) -> None:
        self.document, self.di = document, di
        self.items: list[Drawn] = []
        self.seen: set[str] = set()

    def shape(self, layer: int, element: Element) -> Shape | None:
        item = self.di.get(element.id) if element.id else None
        if not isinstance(item, Shape):
            return None
        self.items.append((layer, element, item))
        return item

    def edge(self, element: Element) -> None:
        item = self.di.get(element.id) if element.id else None
        if isinstance(item, Edge):
            self.items.append((4, element, item))

    def scope(self, scope: Scope) -> None:
        for lane_set in scope.lane_sets:
            for lane in lane_set.walk():
                self.shape(1, lane)
        boundary = []
        for node in scope.nodes:
            if isinstance(node, Event) and node.tag == "boundaryEvent":
                boundary.append(node)
                continue
            shape = self.shape(2, node)
            if shape is not None and isinstance(node, SubProcess) and shape.is_expanded:
                self.scope(node.scope)
        for item in (*scope.data, *scope.io):
            if isinstance(item, DataElement):
                self.shape(2, item)
        for node in boundary:
            self.shape(3, node)
        for flow in scope.flows:
            self.edge(flow)
        for node in scope.nodes:
            for association in node.data_associations:
                self.edge(association)
        self.artifacts(scope.artifacts)

    def artifacts(self, artifacts) -> None:
        for artifact in artifacts:
            if isinstance(artifact, Association):
                self.edge(artifact)
            elif isinstance(artifact, (TextAnnotation, Group)):
                self.shape(3, artifact)

    def process(self, process: Process | None) -> None:
        if process is None or process.id in self.seen:
            return
        self.seen.add(process.id)
        self.scope(process.scope)

    def collaboration(self, collaboration: Collaboration) -> None:
        for participant in collaboration.participants:
            self.shape(0, participant)
        for participant in collaboration.participants:
            process = self.document.resolve(participant.process_ref)
            if isinstance(process, Process):
                self.process(process)
        for flow in collaboration.message_flows:
            if isinstance(flow, MessageFlow):
                self.edge(flow)
        self.artifacts(collaboration.artifacts)
        for process in self.document.processes:  # bpmn-js: free-floating lanes are drawn too
            if process.scope.lane_sets:
                self.process(process)


def drawn(document: Document, plane: Plane) -> list[Drawn]:
    """What is drawn of ``plane`` (see the module doc), in drawing order within each layer."""
    walk = _Walk(document, plane_objects(document, plane))
    root = document.resolve(plane.element_ref)
    if isinstance(root, Collaboration):
        walk.collaboration(root)
    elif isinstance(root, Process):
        walk.process(root)
    elif isinstance(root, SubProcess):
        walk.scope(root.scope)
    else:  # a plane that names nothing drawable: draw what it has shapes for
        for collaboration in document.collaborations:
            walk.collaboration(collaboration)
        for process in document.processes:
            walk.process(process)
    return walk.items


def _body(document: Document, element: Element, item: Shape | Edge) -> str:
    if isinstance(item, Edge):
        if isinstance(element, SequenceFlow):
            source = document.resolve(element.source)
            conditional = (element.condition is not None and source is not None
                           and getattr(source, "family", "") == "activity")
            return edges.sequence_flow(item, default=getattr(source, "default", None) == element.id,
                                       conditional=conditional)
        if isinstance(element, MessageFlow):
            return edges.message_flow(item, has_message=bool(element.message_ref))
        direction = element.direction if isinstance(element, Association) else "One"
        return edges.association(item, direction=direction)  # data associations point "One"
    if isinstance(element, Participant):
        return shapes.pool(element, item, isinstance(document.resolve(element.process_ref),
                                                     Process))
    if isinstance(element, Lane):
        return shapes.pool(element, item, True, lane=True)
    if isinstance(element, Event):
        return shapes.event(element, item)
    if isinstance(element, Gateway):
        return shapes.gateway(element, item)
    if isinstance(element, DataElement):
        collection = element.is_collection or bool(
            (ref := document.resolve(element.ref)) is not None
            and getattr(ref, "is_collection", False))
        return shapes.data(element, item, collection)
    if isinstance(element, TextAnnotation):
        return shapes.annotation(element, item)
    if isinstance(element, Group):
        return shapes.group_box(item)
    return shapes.activity(element, item, _markers(element, item),
                           instantiate=element.attrs.get("instantiate") == "true")


def render_svg(document: Document, diagram: int = 0, *, classes: Mapping[str, str] | None = None,
               extra: str = "", style: str = "") -> str:
    """SVG text of ``document.diagrams[diagram]``, drawn at its DI coordinates.

    ``classes`` adds CSS classes to element groups by id, ``extra`` is SVG drawn on top and
    ``style`` a stylesheet (overlays use them; they must be trusted, escaped text)."""
    if not 0 <= diagram < len(document.diagrams):
        raise ValueError(f"the file has {len(document.diagrams)} diagram(s); "
                         f"there is no diagram {diagram + 1}")
    plane = document.diagrams[diagram].plane
    canvas = _Canvas(document, classes or {})
    for layer, element, item in drawn(document, plane) if plane else ():
        canvas.add(layer, element, "shape" if isinstance(item, Shape) else "connection",
                   _body(document, element, item))
        if isinstance(item, Shape):
            b = item.bounds
            canvas.extend(b.x, b.y, b.x + b.width, b.y + b.height)
        else:
            xs = [x for x, _ in item.waypoints]
            ys = [y for _, y in item.waypoints]
            canvas.extend(min(xs), min(ys), max(xs), max(ys))
        _external_label(canvas, element, item)
    x0, y0, x1, y1 = canvas.box
    if x0 > x1:
        x0, y0, x1, y1 = 0, 0, 100, 100
    x0, y0 = x0 - MARGIN, y0 - MARGIN
    width, height = x1 - x0 + MARGIN, y1 - y0 + MARGIN
    body = "".join("".join(canvas.layers[i]) for i in sorted(canvas.layers))
    css = f"<style>{style}</style>" if style else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(width)}" height="{num(height)}" '
            f'viewBox="{num(x0)} {num(y0)} {num(width)} {num(height)}" version="1.1">'
            f"{css}{body}{extra}</svg>\n")


def element_bounds(document: Document, diagram: int = 0) -> dict[str, Bounds]:
    """Where each element of a diagram is drawn: its shape's bounds, or the box around an
    edge's waypoints (overlays place badges and numbers with it)."""
    plane = document.diagrams[diagram].plane if 0 <= diagram < len(document.diagrams) else None
    found = {}
    for element_id, item in (plane_objects(document, plane) if plane else {}).items():
        if isinstance(item, Shape):
            found[element_id] = item.bounds
        else:
            xs = [x for x, _ in item.waypoints]
            ys = [y for _, y in item.waypoints]
            found[element_id] = Bounds(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    return found
