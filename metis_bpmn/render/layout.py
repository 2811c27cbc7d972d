"""A diagram for files that have none: Graphviz ``dot`` lays the flow out left to right, with
pools, lanes and expanded sub-processes as clusters, at bpmn-js's default sizes.

The layout program is a system ``dot`` when there is one, else the ``graphviz-pure`` binary
that pip installs with metis-bpmn (a static build, so no system package is needed). It runs as
a subprocess with a time limit and effort caps; a layout that does not finish is an error,
never a hang.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import graphviz

from ..errors import UserError
from ..model.elements import (
    Bounds, DataElement, Diagram, Document, Edge, Element, Event, Gateway,
    Plane, Process, Scope, Shape, SubProcess, TextAnnotation,
)

SIZES = {"event": (36, 36), "gateway": (50, 50), "activity": (100, 80),
         "dataObjectReference": (36, 50), "dataStoreReference": (50, 50),
         "dataInput": (36, 50), "dataOutput": (36, 50), "textAnnotation": (100, 30)}
BLACK_BOX = (400, 60)
BAND = 30  # the name band of a pool or lane


def layout_program() -> str:
    """A ``dot``-compatible executable: the system's, else graphviz-pure's."""
    found = shutil.which("dot")
    if found:
        return found
    for folder in (Path(sysconfig.get_path("scripts")), Path(sys.executable).parent):
        candidate = folder / ("graphviz-pure.exe" if sys.platform == "win32" else "graphviz-pure")
        if candidate.exists():
            return str(candidate)
    raise UserError("no layout program: install Graphviz, or reinstall metis-bpmn "
                    "(its graphviz-pure dependency ships one)")


def _size(element: Element) -> tuple[int, int]:
    if isinstance(element, SubProcess):
        return SIZES["activity"]
    family = getattr(element, "family", None)
    return SIZES.get(family) or SIZES.get(element.tag, SIZES["activity"])


class _Builder:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.graph = graphviz.Digraph(graph_attr={
            "rankdir": "LR", "compound": "true", "splines": "polyline", "nodesep": "0.7",
            "ranksep": "0.6", "newrank": "true"},
            node_attr={"shape": "box", "fixedsize": "true", "label": ""})
        self.clusters: dict[str, str] = {}  # element id -> cluster name (expanded, pools, lanes)
        self.anchor: dict[str, str] = {}  # cluster element id -> a node inside it
        self.boundary: list[Event] = []
        self.edges: list[tuple[str, str, str, dict]] = []  # (element id, tail, head, attrs)

    def node(self, graph, element: Element) -> None:
        width, height = _size(element)
        graph.node(element.id, width=f"{width / 72:.4f}", height=f"{height / 72:.4f}")

    def scope(self, graph, scope: Scope) -> None:
        in_lane = {}
        for lane_set in scope.lane_sets[:1]:
            for lane in lane_set.walk():
                for ref in lane.flow_node_refs:
                    in_lane[ref] = lane.id
        lanes: dict[str, list[Element]] = {}
        for node in scope.nodes:
            if not node.id:
                continue
            if isinstance(node, Event) and node.attached_to:
                self.boundary.append(node)
                continue
            lanes.setdefault(in_lane.get(node.id, ""), []).append(node)
        for item in (*scope.data, *scope.artifacts):
            if item.id and (isinstance(item, DataElement) and item.tag != "dataObject"
                            or isinstance(item, TextAnnotation)):
                lanes.setdefault("", []).append(item)
        for lane_id, members in sorted(lanes.items()):
            target = graph
            if lane_id:
                name = f"cluster_{len(self.clusters)}"
                self.clusters[lane_id] = name
                with graph.subgraph(name=name, graph_attr={"margin": "20"}) as sub:
                    self.members(sub, members)
                continue
            self.members(target, members)
        for flow in scope.flows:
            if flow.id and flow.source and flow.target:
                self.edges.append((flow.id, flow.source, flow.target, {}))
        for node in scope.nodes:
            for association in node.data_associations:
                for source in association.sources:
                    if association.output and association.target:
                        self.edges.append((association.id, node.id, association.target,
                                           {"constraint": "false"}))
                    elif not association.output:
                        self.edges.append((association.id, source, node.id,
                                           {"constraint": "false"}))
        for artifact in scope.artifacts:
            if artifact.tag == "association" and artifact.id:
                self.edges.append((artifact.id, artifact.source, artifact.target,
                                   {"constraint": "false"}))

    def members(self, graph, members) -> None:
        for element in members:
            if isinstance(element, SubProcess) and element.scope.nodes:
                name = f"cluster_{len(self.clusters)}"
                self.clusters[element.id] = name
                with graph.subgraph(name=name, graph_attr={"margin": "24"}) as sub:
                    self.scope(sub, element.scope)
                    first = next((n.id for n in element.scope.nodes if n.id
                                  and not getattr(n, "attached_to", None)), None)
                    if first:
                        self.anchor[element.id] = first
            else:
                self.node(graph, element)

    def build(self) -> str:
        pools = [p for c in self.document.collaborations for p in c.participants if p.id]
        shown = set()
        for participant in pools:
            process = self.document.get(participant.process_ref or "")
            if isinstance(process, Process) and process.id not in shown:
                shown.add(process.id)
                name = f"cluster_{len(self.clusters)}"
                self.clusters[participant.id] = name
                with self.graph.subgraph(name=name, graph_attr={"margin": "30"}) as sub:
                    self.scope(sub, process.scope)
            else:
                width, height = BLACK_BOX
                self.graph.node(participant.id, width=f"{width / 72:.4f}",
                                height=f"{height / 72:.4f}")
        for process in self.document.processes:
            if process.id not in shown:
                self.scope(self.graph, process.scope)
        for collaboration in self.document.collaborations:
            for flow in collaboration.message_flows:
                if flow.id and flow.source and flow.target:
                    self.edges.append((flow.id, flow.source, flow.target, {"constraint": "false"}))
        for index, (_element_id, tail, head, attrs) in enumerate(self.edges):
            tail, head = self.endpoint(tail, attrs, "ltail"), self.endpoint(head, attrs, "lhead")
            if tail and head:
                self.graph.edge(tail, head, id=f"e{index}", **attrs)
        return self.graph.source

    def endpoint(self, element_id: str | None, attrs: dict, key: str) -> str | None:
        element = self.document.get(element_id or "")
        if isinstance(element, Event) and element.attached_to:
            element_id = element.attached_to  # boundary events sit on their host
        if element_id in self.anchor:
            attrs[key] = self.clusters[element_id]
            return self.anchor[element_id]
        if element_id in self.clusters:
            return None
        return element_id if self.document.get(element_id or "") is not None else None


def _run(source: str, timeout: float) -> dict:
    program = layout_program()
    caps = ["-Gnslimit=2", "-Gnslimit1=2", "-Gmclimit=0.5"] if source.count("->") > 600 else []
    try:
        done = subprocess.run([program, "-Tjson", *caps], input=source, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise UserError(f"automatic layout took longer than {timeout:g} s; "
                        "the file is too large or too tangled to lay out") from None
    if done.returncode:
        raise UserError(f"automatic layout failed: {done.stderr.strip()[:300]}")
    return json.loads(done.stdout)


def layout(document: Document, *, timeout: float = 60.0) -> Document:
    """The document with a single new diagram laid out automatically (existing DI ignored)."""
    builder = _Builder(document)
    result = _run(builder.build(), timeout)
    height = float(result["bb"].split(",")[3])

    def box(x0, y0, x1, y1):
        return Bounds(x0, height - y1, x1 - x0, y1 - y0)

    shapes: dict[str, Shape] = {}
    by_cluster = {v: k for k, v in builder.clusters.items()}
    objects = result.get("objects", [])
    for item in objects:
        name = item.get("name", "")
        if name.startswith("cluster_") and name in by_cluster:
            element_id = by_cluster[name]
            x0, y0, x1, y1 = (float(v) for v in item["bb"].split(","))
            element = document.get(element_id)
            bounds = box(x0, y0, x1, y1)
            if element is not None and element.tag == "participant":
                bounds = Bounds(bounds.x - BAND, bounds.y, bounds.width + BAND, bounds.height)
            shapes[element_id] = Shape(id=f"{element_id}_di", element_ref=element_id, line=0,
                                       bounds=bounds, is_expanded=True, is_horizontal=True)
        elif "pos" in item and document.get(name) is not None:
            x, y = (float(v) for v in item["pos"].split(","))
            w, h = float(item["width"]) * 72, float(item["height"]) * 72
            element = document.get(name)
            shapes[name] = Shape(id=f"{name}_di", element_ref=name, line=0,
                                 bounds=Bounds(x - w / 2, height - y - h / 2, w, h),
                                 is_expanded=False if isinstance(element, SubProcess) else None,
                                 is_marker_visible=True if isinstance(element, Gateway) else None,
                                 is_horizontal=True if element.tag == "participant" else None)
    _fit_lanes(document, shapes)
    _place_boundary_events(builder.boundary, shapes)
    edges = []
    for item in result.get("edges", []):
        index = int(item.get("id", "e-1")[1:])
        if index < 0 or "pos" not in item:
            continue
        element_id, tail, head, _ = builder.edges[index]
        points = _points(item["pos"], height)
        source = document.get(tail)
        if isinstance(source, Event) and source.attached_to and tail in shapes:
            b = shapes[tail].bounds
            points = [(b.x + b.width / 2, b.y + b.height), *points[1:]]
        edges.append(Edge(id=f"{element_id}_di", element_ref=element_id, line=0,
                          waypoints=tuple(points)))
    root = document.collaborations[0].id if document.collaborations else (
        document.processes[0].id if document.processes else None)
    plane = Plane(id="AutoLayout_plane", element_ref=root, line=0,
                  shapes=tuple(shapes.values()), edges=tuple(edges))
    diagram = Diagram(id="AutoLayout", name="automatic layout", line=0, plane=plane)
    return dataclasses.replace(document, diagrams=(diagram,))


def _points(pos: str, height: float) -> list[tuple[float, float]]:
    """On-curve points of dot's B-spline (every third control point), then the arrow tip."""
    end, points = None, []
    for token in pos.split():
        if token.startswith("e,"):
            end = tuple(float(v) for v in token[2:].split(","))
        elif token.startswith("s,"):
            continue
        else:
            points.append(tuple(float(v) for v in token.split(",")))
    chosen = points[::3] if points else []
    if end is not None:
        chosen.append(end)
    return [(x, height - y) for x, y in chosen]


def _fit_lanes(document: Document, shapes: dict[str, Shape]) -> None:
    """Lanes become full-width stripes of their pool, stacked without gaps."""
    for collaboration in document.collaborations:
        for participant in collaboration.participants:
            process = document.get(participant.process_ref or "")
            pool = shapes.get(participant.id or "")
            if not isinstance(process, Process) or pool is None or not process.scope.lane_sets:
                continue
            lanes = [shapes[lane.id] for lane in process.scope.lane_sets[0].lanes
                     if lane.id in shapes]
            lanes.sort(key=lambda s: s.bounds.y)
            top = pool.bounds.y
            for i, lane in enumerate(lanes):
                bottom = (pool.bounds.y + pool.bounds.height if i == len(lanes) - 1 else
                          (lane.bounds.y + lane.bounds.height + lanes[i + 1].bounds.y) / 2)
                shapes[lane.element_ref] = dataclasses.replace(lane, bounds=Bounds(
                    pool.bounds.x + BAND, top, pool.bounds.width - BAND, bottom - top))
                top = bottom


def _place_boundary_events(events: list[Event], shapes: dict[str, Shape]) -> None:
    """On the host's bottom edge, spread from the right."""
    count: dict[str, int] = {}
    for event in events:
        host = shapes.get(event.attached_to or "")
        if host is None:
            continue
        n = count[event.attached_to] = count.get(event.attached_to, 0) + 1
        b = host.bounds
        x = b.x + b.width - 20 - 40 * n
        shapes[event.id] = Shape(id=f"{event.id}_di", element_ref=event.id, line=0,
                                 bounds=Bounds(max(x, b.x), b.y + b.height - 18, 36, 36))
