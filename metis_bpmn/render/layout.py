"""A diagram for files that have none: Graphviz ``dot`` places the flow left to right, with
pools, lanes and expanded sub-processes as clusters, at bpmn-js's default sizes; then the
flows are routed orthogonally (:mod:`.route`) and the labels placed clear of shapes
(:mod:`.placement`).

Each node's box for dot holds its shape and, above and below it, the room its external label
needs (for a task with boundary events, the room their flows need to turn), so labels have
space and chains of shapes stay on one line; a flow's label is an edge label of its size, so
dot makes room for it too. Nodes are given to dot along the flows from the start, so the
flows it turns back to break cycles are the ones that close loops. Pools and lanes are
stacked top to bottom, each as high as its content: an invisible anchor in each, all in the
first rank, keeps dot from putting them side by side. Dot knows the nodes by generated names
(``n0``, ``n1``...), never by element ids, which it could read as HTML-like labels (``<a>``),
ports (``a:b``) or escapes.

The layout program is a system ``dot`` when there is one, else the ``graphviz-pure`` binary
that pip installs with metis-bpmn (a static build, so no system package is needed). It runs as
a subprocess with a time limit and effort caps; a layout that does not finish is an error,
never a hang.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections import Counter
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import graphviz

from ..errors import UserError
from ..model.elements import (
    Bounds, DataElement, Diagram, Document, Edge, Element, Event, Gateway, Label, Lane,
    MessageFlow, Participant, Plane, Process, Scope, SequenceFlow, Shape, SubProcess,
    TextAnnotation,
)
from . import placement, route
from .geometry import box_to_path
from .labels import SIZE, WIDTH, ink_size, label_text
from .shapes import outline
from .text import measure, wrap

SIZES = {"event": (36, 36), "gateway": (50, 50), "activity": (100, 80),
         "dataObjectReference": (36, 50), "dataStoreReference": (50, 50),
         "dataInput": (36, 50), "dataOutput": (36, 50), "textAnnotation": (100, 30)}
BLACK_BOX = (400, 60)
BAND = 30  # the name band of a pool or lane
STAGGER = 8  # px between the turns of flows from the boundary events of one task
NEAR = 20  # px from its route within which a flow's label reads as its own


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
    if isinstance(element, Participant):
        return BLACK_BOX
    family = getattr(element, "family", None)
    return SIZES.get(family) or SIZES.get(element.tag, SIZES["activity"])


def _inches(px: float) -> str:
    return f"{px / 72:.4f}"


class _Builder:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.graph = graphviz.Digraph(graph_attr={
            "rankdir": "LR", "compound": "true", "splines": "polyline", "nodesep": "0.5",
            "ranksep": "1.0", "newrank": "true"},
            node_attr={"shape": "box", "fixedsize": "true", "label": ""})
        self.names: dict[str, str] = {}  # element id -> dot node name
        self.clusters: dict[str, str] = {}  # element id -> cluster name (expanded, pools, lanes)
        # an expanded sub-process -> the nodes inside it that flows in and out attach to
        self.anchor: dict[str, tuple[str, str]] = {}
        self.order = _flow_order(document)
        self.sources = {f.source for _, scope in document.scopes() for f in scope.flows}
        self.targets = {f.target for _, scope in document.scopes() for f in scope.flows}
        self.bands: list[str] = []  # an invisible node per pool or lane, top to bottom
        self.spacers = 0  # clusters that only keep room around a sub-process
        self.boundary: list[Event] = []
        self.hosts = Counter(n.attached_to for _, scope in document.scopes()
                             for n in scope.nodes if isinstance(n, Event) and n.attached_to)
        self.edges: list[tuple[str, str, str, dict]] = []  # (element id, tail, head, attrs)

    def size(self, element: Element) -> tuple[int, int]:
        """bpmn-js's size; a task wider when its boundary events would not fit side by side."""
        width, height = _size(element)
        return max(width, 40 * self.hosts[element.id] + 20), height

    def node(self, graph, element: Element) -> None:
        """A box for the shape with room above and below for its label or boundary flows."""
        width, height = self.size(element)
        text = label_text(self.document, element)
        room_width, room = ink_size(text) if text else (0.0, 0.0)
        room = room + placement.GAP if text else 0.0
        if element.id in self.hosts:
            room = max(room, self._host_room(element.id))
        name = self.names.setdefault(element.id, f"n{len(self.names)}")
        graph.node(name, width=_inches(max(width, room_width)), height=_inches(height + 2 * room))

    def band(self, graph) -> None:
        name = f"k{len(self.bands)}"
        self.bands.append(name)
        graph.node(name, width="0.01", height="0.01", style="invis")

    def cluster(self, graph, element_id: str, margin: int):
        name = f"cluster_{len(self.clusters)}"
        self.clusters[element_id] = name
        return graph.subgraph(name=name, graph_attr={"margin": str(margin)})

    def room(self, graph, element_id: str):
        """Around a sub-process with boundary events, an unnamed cluster whose margin keeps
        room for them and their flows' turns; around others, nothing."""
        if element_id not in self.hosts:
            return contextlib.nullcontext(graph)
        self.spacers += 1
        return graph.subgraph(name=f"cluster_room{self.spacers}", graph_attr={
            "margin": str(self._host_room(element_id)), "style": "invis"})

    def _host_room(self, element_id: str) -> float:
        """Below a host: the events' lower halves and their flows' turns."""
        return 18 + route.DROP + STAGGER * (self.hosts[element_id] - 1) + route.CLEAR

    def scope(self, graph, scope: Scope, pooled: bool = False) -> None:
        lane_of = {}
        for lane_set in scope.lane_sets[:1]:
            for lane in lane_set.walk():  # parents first: a node ends in its deepest lane
                for ref in lane.flow_node_refs:
                    lane_of[ref] = lane.id
        members: dict[str, list[Element]] = {}
        for node in scope.nodes:
            if not node.id:
                continue
            if isinstance(node, Event) and node.attached_to:
                self.boundary.append(node)
                continue
            members.setdefault(lane_of.get(node.id, ""), []).append(node)
        for item in (*scope.data, *scope.artifacts):
            if item.id and (isinstance(item, DataElement) and item.tag != "dataObject"
                            or isinstance(item, TextAnnotation)):
                members.setdefault("", []).append(item)
        lanes = scope.lane_sets[0].lanes if scope.lane_sets else ()
        if pooled and not any(self._held(lane, members) for lane in lanes):
            self.band(graph)
        self.members(graph, members.get("", []))
        self.lanes(graph, lanes, members)
        for flow in scope.flows:
            if flow.id and flow.source and flow.target:
                text = label_text(self.document, flow)
                self.edges.append((flow.id, flow.source, flow.target,
                                   _room_for(text) if text else {}))
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

    def _held(self, lane: Lane, members: dict[str, list[Element]]) -> bool:
        return any(members.get(sub.id) for sub in lane.walk())

    def lanes(self, graph, lanes, members: dict[str, list[Element]]) -> None:
        """A cluster per lane that holds something, its sub-lanes nested in it."""
        for lane in lanes:
            if not lane.id or not self._held(lane, members):
                continue
            with self.cluster(graph, lane.id, 20) as sub:
                if not any(self._held(child, members) for child in lane.children):
                    self.band(sub)
                self.members(sub, members.get(lane.id, []))
                self.lanes(sub, lane.children, members)

    def members(self, graph, members) -> None:
        for element in members:
            if isinstance(element, SubProcess) and element.scope.nodes:
                with self.room(graph, element.id) as outer, \
                        self.cluster(outer, element.id, 16) as sub:
                    self.scope(sub, element.scope)
                inner = ([e for e in self.order if self.document.scope_of.get(e) == element.id]
                         or [e for e in self.order if element.id in self.document.holders(e)])
                if inner:  # flows in attach to where its flow starts, flows out to its end
                    starts = [e for e in inner if e in self.sources and e not in self.targets]
                    ends = [e for e in inner if e in self.targets and e not in self.sources]
                    self.anchor[element.id] = ((starts or inner)[0], (ends or inner)[-1])
            else:
                self.node(graph, element)

    def build(self) -> str:
        for element_id in self.order:  # dot creates nodes in this order
            self.graph.node(self.names.setdefault(element_id, f"n{len(self.names)}"))
        pools = [p for c in self.document.collaborations for p in c.participants if p.id]
        shown = set()
        for participant in pools:
            process = self.document.get(participant.process_ref or "")
            if isinstance(process, Process) and process.id not in shown:
                shown.add(process.id)
                with self.cluster(self.graph, participant.id, 30) as sub:
                    self.scope(sub, process.scope, pooled=True)
            else:
                self.node(self.graph, participant)
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
        if len(self.bands) > 1:  # all in the first rank: the bands cannot stand side by side
            with self.graph.subgraph(graph_attr={"rank": "min"}) as first:
                for name in self.bands:
                    first.node(name)
        return self.graph.source

    def endpoint(self, element_id: str | None, attrs: dict, key: str) -> str | None:
        element = self.document.get(element_id or "")
        if isinstance(element, Event) and element.attached_to:
            element_id = element.attached_to  # boundary events sit on their host
        if element_id in self.anchor:
            attrs[key] = self.clusters[element_id]
            return self.names.get(self.anchor[element_id][key == "ltail"])
        return self.names.get(element_id or "")


def _room_for(text: str) -> dict[str, str]:
    """An edge label as wide and high as ``text`` drawn as a flow's label, so that dot makes
    room for it; made of "n"s (whose width dot knows) and never the text, which dot could
    read as an HTML-like label or escapes."""
    n = measure("n", SIZE)
    lines = ("n" * max(1, round(measure(line, SIZE) / n)) for line in wrap(text, WIDTH, SIZE))
    return {"label": "\\n".join(lines),
            "fontname": "Helvetica", "fontsize": f"{SIZE:g}"}


def _flow_order(document: Document) -> list[str]:
    """Flow node ids depth first along the flows, from the nodes nothing flows into: dot
    breaks cycles depth first in node order, so it turns back the flows that close loops
    and the process reads from left to right."""
    nodes = [n for _, scope in document.scopes() for n in scope.nodes
             if n.id and not (isinstance(n, Event) and n.attached_to)]
    after: dict[str, list[str]] = {}
    entered = set()
    for _, scope in document.scopes():
        for flow in scope.flows:
            if flow.source and flow.target:
                after.setdefault(flow.source, []).append(flow.target)
                entered.add(flow.target)
    order: list[str] = []
    seen: set[str] = set()
    for root in [n.id for n in nodes if n.id not in entered] + [n.id for n in nodes]:
        stack = [root]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            order.append(current)
            stack.extend(reversed(after.get(current, [])))
    dot_nodes = {n.id for n in nodes if not (isinstance(n, SubProcess) and n.scope.nodes)}
    return [e for e in order if e in dot_nodes]


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
    top = float(result["bb"].split(",")[3])
    by_cluster = {v: k for k, v in builder.clusters.items()}
    if _lanes_upside_down(document, by_cluster, result):
        top = None  # read dot's y as it is: the picture mirrored, lanes in document order

    def flip(y: float) -> float:
        return top - y if top is not None else y

    def box(x0, y0, x1, y1):
        return Bounds(x0, min(flip(y0), flip(y1)), x1 - x0, y1 - y0)

    shapes: dict[str, Shape] = {}
    rooms: dict[str, Bounds] = {}  # element id -> its node's box in dot (shape and room)
    by_name = {v: k for k, v in builder.names.items()}
    for item in result.get("objects", []):
        name = item.get("name", "")
        if name in by_cluster:
            element_id = by_cluster[name]
            x0, y0, x1, y1 = (float(v) for v in item["bb"].split(","))
            bounds = box(x0, y0, x1, y1)
            if isinstance(document.get(element_id), Participant):
                bounds = Bounds(bounds.x - BAND, bounds.y, bounds.width + BAND, bounds.height)
            shapes[element_id] = Shape(id=f"{element_id}_di", element_ref=element_id, line=0,
                                       bounds=bounds, is_expanded=True, is_horizontal=True)
        elif name in by_name and "pos" in item:
            element = document.get(by_name[name])
            x, y = (float(v) for v in item["pos"].split(","))
            w, h = float(item["width"]) * 72, float(item["height"]) * 72
            rooms[element.id] = Bounds(x - w / 2, flip(y) - h / 2, w, h)
            sw, sh = builder.size(element)
            shapes[element.id] = Shape(
                id=f"{element.id}_di", element_ref=element.id, line=0,
                bounds=Bounds(x - sw / 2, flip(y) - sh / 2, sw, sh),
                is_expanded=False if isinstance(element, SubProcess) else None,
                is_marker_visible=True if isinstance(element, Gateway) else None,
                is_horizontal=True if isinstance(element, Participant) else None)
    _fit_lanes(document, shapes)
    boundary = _place_boundary_events(builder.boundary, shapes)
    guides, spots = {}, {}  # edge index -> dot's line; flow id -> where dot made room
    for item in result.get("edges", []):
        index = int(item.get("id", "e-1")[1:])
        if "pos" in item and index >= 0:
            guides[index] = [(x, flip(y)) for x, y in _points(item["pos"])]
        if "lp" in item and index >= 0:
            x, y = (float(v) for v in item["lp"].split(","))
            spots[builder.edges[index][0]] = (x, flip(y))
    edges = _route(document, builder, shapes, rooms, guides, boundary)
    shapes, edges = _place_labels(document, shapes, edges, spots)
    root = document.collaborations[0].id if document.collaborations else (
        document.processes[0].id if document.processes else None)
    plane = Plane(id="AutoLayout_plane", element_ref=root, line=0,
                  shapes=tuple(shapes.values()), edges=tuple(edges.values()))
    diagram = Diagram(id="AutoLayout", name="automatic layout", line=0, plane=plane)
    return dataclasses.replace(document, diagrams=(diagram,))


def _lanes_upside_down(document: Document, by_cluster: dict[str, str], result: dict) -> bool:
    """Whether dot stacked the lanes against document order (dot and graphviz-pure order a
    rank's nodes in opposite directions): the first lane of a pool must end up on top."""
    middle = {}
    for item in result.get("objects", []):
        if item.get("name") in by_cluster and "bb" in item:
            _, y0, _, y1 = (float(v) for v in item["bb"].split(","))
            middle[by_cluster[item["name"]]] = (y0 + y1) / 2
    agree = against = 0
    for process in document.processes:
        for lane_set in process.scope.lane_sets[:1]:
            placed = [middle[lane.id] for lane in lane_set.lanes if lane.id in middle]
            for i, upper in enumerate(placed):
                for lower in placed[i + 1:]:
                    agree += upper > lower  # dot's y grows upwards
                    against += upper < lower
    return against > agree


def _points(pos: str) -> list[tuple[float, float]]:
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
    return chosen


def _route(document: Document, builder: _Builder, shapes: dict[str, Shape],
           rooms: dict[str, Bounds], guides: dict[int, list], boundary: dict[str, int]
           ) -> dict[str, Edge]:
    """Sequence flows orthogonally through the gaps between rank columns, message flows
    straight between pools, associations along dot's own lines. ``boundary`` numbers the
    boundary events of each host from the right: the further left, the deeper their flows
    turn, so flows from one host never share a line."""
    free = route.gaps(route.columns([b for e, b in rooms.items()
                                     if not isinstance(document.get(e), Participant)]))
    obstacles = list(rooms.values())
    frames = {e: s.bounds for e, s in shapes.items()
              if isinstance(document.get(e), (Participant, SubProcess)) and s.is_expanded}
    plans, owners, walls = [], [], []
    found: dict[str, list] = {}
    for index, (element_id, tail, head, _) in enumerate(builder.edges):
        element = document.get(element_id)
        source, target = shapes.get(tail or ""), shapes.get(head or "")
        if source is None or target is None:
            continue
        if isinstance(element, MessageFlow):
            found[element_id] = route.between(source.bounds, target.bounds)
        elif isinstance(element, SequenceFlow):
            lead = (route.below(source.bounds, route.DROP + STAGGER * boundary[tail])
                    if tail in boundary else ())
            held = document.holders(element_id)
            walls.append([b for e, b in frames.items() if e not in held])
            plans.append(route.plan(source.bounds, target.bounds, guides.get(index, []), free,
                                    obstacles + walls[-1], lead))
            owners.append(element_id)
        elif index in guides:
            found[element_id] = guides[index]
    for element_id, plan, xs in zip(owners, plans, route.place_verticals(plans, free, walls)):
        found[element_id] = route.points(plan, xs)
    return {e: Edge(id=f"{e}_di", element_ref=e, line=0, waypoints=tuple(points))
            for e, points in found.items() if len(points) >= 2}


def _place_labels(document: Document, shapes: dict[str, Shape], edges: dict[str, Edge],
                  spots: dict[str, tuple[float, float]]
                  ) -> tuple[dict[str, Shape], dict[str, Edge]]:
    """DI label bounds for every external label, clear of shapes, labels and flows; a
    flow's label first tries the room dot made for it, when that lies beside the route."""
    obstacles, index = [], {}
    for element_id, shape in shapes.items():
        element = document.get(element_id)
        if isinstance(element, Lane) or isinstance(element, Participant) and shape.is_expanded:
            continue
        index[element_id] = len(obstacles)
        obstacles.append(placement.Obstacle(shape.bounds, outline(element),
                                            frame=bool(shape.is_expanded)))
    wanted, candidates, owners = [], [], []
    for element_id, item in (*shapes.items(), *edges.items()):
        text = label_text(document, document.get(element_id))
        if text is None:
            continue
        size = ink_size(text)
        wanted.append(element_id)
        if isinstance(item, Shape):
            candidates.append(placement.around_shape(item.bounds, size))
        else:
            options = placement.along_path(item.waypoints, size)
            if element_id in spots:
                (x, y), (w, h) = spots[element_id], size
                room = Bounds(round(x - w / 2), round(y - h / 2), w, h)
                if box_to_path(room, item.waypoints) <= NEAR:
                    options.insert(0, room)
            candidates.append(options)
        owners.append(index.get(element_id))
    chosen = placement.place(candidates, owners, obstacles,
                             [edge.waypoints for edge in edges.values()])
    shapes, edges = dict(shapes), dict(edges)
    for element_id, bounds in zip(wanted, chosen):
        target = shapes if element_id in shapes else edges
        target[element_id] = dataclasses.replace(target[element_id], label=Label(bounds=bounds))
    return shapes, edges


def _fit_lanes(document: Document, shapes: dict[str, Shape]) -> None:
    """Lanes become full-width stripes of their pool (sub-lanes of their lane), stacked
    without gaps, each as high as its content."""
    for collaboration in document.collaborations:
        for participant in collaboration.participants:
            process = document.get(participant.process_ref or "")
            pool = shapes.get(participant.id or "")
            if isinstance(process, Process) and pool is not None and process.scope.lane_sets:
                _stack(process.scope.lane_sets[0].lanes, pool.bounds, shapes)


def _stack(lanes, frame: Bounds, shapes: dict[str, Shape]) -> None:
    placed = sorted((shapes[lane.id] for lane in lanes if lane.id in shapes),
                    key=lambda shape: shape.bounds.y)
    top = frame.y
    for i, lane in enumerate(placed):
        bottom = (frame.y + frame.height if i == len(placed) - 1 else
                  (lane.bounds.y + lane.bounds.height + placed[i + 1].bounds.y) / 2)
        bounds = Bounds(frame.x + BAND, top, frame.width - BAND, bottom - top)
        shapes[lane.element_ref] = dataclasses.replace(lane, bounds=bounds)
        top = bottom
    for lane in lanes:
        if lane.id in shapes and lane.children:
            _stack(lane.children, shapes[lane.id].bounds, shapes)


def _place_boundary_events(events: list[Event], shapes: dict[str, Shape]) -> dict[str, int]:
    """On the host's bottom edge, spread from the right; each event's place (0: rightmost)."""
    order: dict[str, int] = {}
    count: dict[str, int] = {}
    for event in events:
        host = shapes.get(event.attached_to or "")
        if host is None:
            continue
        n = count[event.attached_to] = count.get(event.attached_to, 0) + 1
        order[event.id] = n - 1
        b = host.bounds
        x = b.x + b.width - 20 - 40 * n
        shapes[event.id] = Shape(id=f"{event.id}_di", element_ref=event.id, line=0,
                                 bounds=Bounds(max(x, b.x), b.y + b.height - 18, 36, 36))
    return order
