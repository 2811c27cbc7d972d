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
    Gateway, Group, MessageFlow, Process, Scope, SequenceFlow, Shape, SubProcess,
    TextAnnotation,
)
from . import edges, labels, shapes
from .geometry import finite
from .labels import external_label
from .style import STROKE, colour, group, num, text

MARGIN = 5


@dataclass
class _Canvas:
    document: Document
    di: dict[str, Shape | Edge]
    classes: Mapping[str, str]
    layers: dict[int, list[str]] = field(default_factory=lambda: {i: [] for i in range(6)})
    drawn: list[str] = field(default_factory=list)
    box: list[float] = field(default_factory=lambda: [float("inf"), float("inf"),
                                                      float("-inf"), float("-inf")])
    seen: set[str] = field(default_factory=set)

    def extend(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.box = [min(self.box[0], x0), min(self.box[1], y0),
                    max(self.box[2], x1), max(self.box[3], y1)]

    def add(self, layer: int, element: Element, kind: str, body: str) -> None:
        extra = self.classes.get(element.id, "")
        self.layers[layer].append(group(element.id, kind, body, f" {extra}" if extra else ""))
        self.drawn.append(element.id)


def _data_associations(document: Document) -> dict[str, Element]:
    """Data associations by id (the model keeps them on their activity, not in the index)."""
    return {a.id: a for _, scope in document.scopes() for node in scope.nodes
            for a in node.data_associations if a.id}


def _plane_objects(document: Document, plane) -> dict[str, Shape | Edge]:
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


def _shape_of(canvas: _Canvas, element: Element) -> Shape | None:
    item = canvas.di.get(element.id) if element.id else None
    return item if isinstance(item, Shape) else None


def _edge_of(canvas: _Canvas, element: Element) -> Edge | None:
    item = canvas.di.get(element.id) if element.id else None
    return item if isinstance(item, Edge) else None


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


def _label_text(canvas: _Canvas, element: Element) -> str | None:
    if isinstance(element, Group):
        value = canvas.document.resolve(element.category_value_ref)
        return value.attrs.get("value") if value is not None else None
    return element.name


def _external_label(canvas: _Canvas, element: Element, item: Shape | Edge) -> None:
    name = _label_text(canvas, element)
    if not name or not name.strip():
        return
    stroke = colour(item.stroke, STROKE)
    fill = shapes.label_colour(item, stroke)
    placed = external_label(name, item, above=isinstance(element, Group))
    body = "".join(text(placed.left + line.x, placed.top + line.y, line.text, size=labels.SIZE,
                        fill=fill) for line in placed.lines)
    canvas.layers[5].append(group(f"{element.id}_label", "shape", body))
    box = placed.box
    canvas.extend(box.x, box.y, box.x + box.width, box.y + box.height)


def _draw_shape(canvas: _Canvas, layer: int, element: Element, body: str, shape: Shape) -> None:
    b = shape.bounds
    canvas.add(layer, element, "shape", body)
    canvas.extend(b.x, b.y, b.x + b.width, b.y + b.height)


def _scope(canvas: _Canvas, scope: Scope) -> None:
    for lane_set in scope.lane_sets:
        for lane in lane_set.walk():
            shape = _shape_of(canvas, lane)
            if shape is not None:
                _draw_shape(canvas, 1, lane, shapes.pool(lane, shape, True, lane=True), shape)
    boundary = []
    for node in scope.nodes:
        shape = _shape_of(canvas, node)
        if shape is None:
            continue
        if isinstance(node, Event):
            if node.tag == "boundaryEvent":
                boundary.append((node, shape))
                continue
            _draw_shape(canvas, 2, node, shapes.event(node, shape), shape)
            _external_label(canvas, node, shape)
        elif isinstance(node, Gateway):
            _draw_shape(canvas, 2, node, shapes.gateway(node, shape), shape)
            _external_label(canvas, node, shape)
        else:
            instantiate = node.attrs.get("instantiate") == "true"
            _draw_shape(canvas, 2, node, shapes.activity(node, shape, _markers(node, shape),
                                                         instantiate=instantiate), shape)
            if isinstance(node, SubProcess) and shape.is_expanded:
                _scope(canvas, node.scope)
    for item in (*scope.data, *scope.io):
        shape = _shape_of(canvas, item)
        if shape is not None and isinstance(item, DataElement):
            collection = item.is_collection or bool(
                (ref := canvas.document.resolve(item.ref)) is not None
                and getattr(ref, "is_collection", False))
            _draw_shape(canvas, 2, item, shapes.data(item, shape, collection), shape)
            _external_label(canvas, item, shape)
    for node, shape in boundary:
        _draw_shape(canvas, 3, node, shapes.event(node, shape), shape)
        _external_label(canvas, node, shape)
    for flow in scope.flows:
        _connection(canvas, flow)
    for node in scope.nodes:
        for association in node.data_associations:
            edge = _edge_of(canvas, association)
            if edge is not None:
                _add_edge(canvas, association, edge, edges.association(edge, direction="One"))
    _artifacts(canvas, scope.artifacts)


def _add_edge(canvas: _Canvas, element: Element, edge: Edge, body: str) -> None:
    canvas.add(4, element, "connection", body)
    xs = [x for x, _ in edge.waypoints]
    ys = [y for _, y in edge.waypoints]
    canvas.extend(min(xs), min(ys), max(xs), max(ys))


def _connection(canvas: _Canvas, flow: SequenceFlow) -> None:
    edge = _edge_of(canvas, flow)
    if edge is None:
        return
    source = canvas.document.resolve(flow.source)
    default = getattr(source, "default", None) == flow.id
    conditional = (flow.condition is not None and source is not None
                   and getattr(source, "family", "") == "activity")
    _add_edge(canvas, flow, edge, edges.sequence_flow(edge, default=default,
                                                      conditional=conditional))
    _external_label(canvas, flow, edge)


def _artifacts(canvas: _Canvas, artifacts) -> None:
    for artifact in artifacts:
        if isinstance(artifact, Association):
            edge = _edge_of(canvas, artifact)
            if edge is not None:
                _add_edge(canvas, artifact, edge,
                          edges.association(edge, direction=artifact.direction))
            continue
        shape = _shape_of(canvas, artifact)
        if shape is None:
            continue
        if isinstance(artifact, TextAnnotation):
            _draw_shape(canvas, 3, artifact, shapes.annotation(artifact, shape), shape)
        elif isinstance(artifact, Group):
            _draw_shape(canvas, 3, artifact, shapes.group_box(shape), shape)
            _external_label(canvas, artifact, shape)


def _process(canvas: _Canvas, process: Process | None) -> None:
    if process is None or process.id in canvas.seen:
        return
    canvas.seen.add(process.id)
    _scope(canvas, process.scope)


def _collaboration(canvas: _Canvas, collaboration: Collaboration) -> None:
    for participant in collaboration.participants:
        shape = _shape_of(canvas, participant)
        process = canvas.document.resolve(participant.process_ref)
        if shape is not None:
            _draw_shape(canvas, 0, participant,
                        shapes.pool(participant, shape, isinstance(process, Process)), shape)
    for participant in collaboration.participants:
        process = canvas.document.resolve(participant.process_ref)
        if isinstance(process, Process):
            _process(canvas, process)
    for flow in collaboration.message_flows:
        edge = _edge_of(canvas, flow)
        if edge is not None and isinstance(flow, MessageFlow):
            _add_edge(canvas, flow, edge, edges.message_flow(edge, has_message=bool(flow.message_ref)))
            _external_label(canvas, flow, edge)
    _artifacts(canvas, collaboration.artifacts)
    for process in canvas.document.processes:  # bpmn-js: free-floating lanes are drawn too
        if process.scope.lane_sets:
            _process(canvas, process)


def render_svg(document: Document, diagram: int = 0, *, classes: Mapping[str, str] | None = None,
               extra: str = "", style: str = "") -> str:
    """SVG text of ``document.diagrams[diagram]``, drawn at its DI coordinates.

    ``classes`` adds CSS classes to element groups by id, ``extra`` is SVG drawn on top and
    ``style`` a stylesheet (overlays use them; they must be trusted, escaped text)."""
    if not 0 <= diagram < len(document.diagrams):
        raise ValueError(f"the file has {len(document.diagrams)} diagram(s); "
                         f"there is no diagram {diagram + 1}")
    plane = document.diagrams[diagram].plane
    canvas = _Canvas(document, _plane_objects(document, plane) if plane else {}, classes or {})
    root = document.resolve(plane.element_ref) if plane else None
    if isinstance(root, Collaboration):
        _collaboration(canvas, root)
    elif isinstance(root, Process):
        _process(canvas, root)
    elif isinstance(root, SubProcess):
        _scope(canvas, root.scope)
    else:  # a plane that names nothing drawable: draw what it has shapes for
        for collaboration in document.collaborations:
            _collaboration(canvas, collaboration)
        for process in document.processes:
            _process(canvas, process)
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


def view_bounds(svg: str) -> Bounds:
    """The viewBox of an SVG this module wrote."""
    start = svg.index('viewBox="') + 9
    x, y, w, h = (float(v) for v in svg[start:svg.index('"', start)].split())
    return Bounds(x, y, w, h)


def element_bounds(document: Document, diagram: int = 0) -> dict[str, Bounds]:
    """Where each element of a diagram is drawn: its shape's bounds, or the box around an
    edge's waypoints (overlays place badges and numbers with it)."""
    plane = document.diagrams[diagram].plane if 0 <= diagram < len(document.diagrams) else None
    found = {}
    for element_id, item in (_plane_objects(document, plane) if plane else {}).items():
        if isinstance(item, Shape):
            found[element_id] = item.bounds
        else:
            xs = [x for x, _ in item.waypoints]
            ys = [y for _, y in item.waypoints]
            found[element_id] = Bounds(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    return found
