"""A scope as a token net: nodes with firing rules, edges that carry tokens.

Node kinds: ``task`` (activities, intermediate events, sub-processes: any incoming token
enables it, it puts a token on every outgoing edge), ``xor`` (exclusive and event-based
gateways: one token in, one branch out), ``and`` (parallel: all in, all out), ``or``
(inclusive and complex: non-local join, any non-empty set of branches out), ``start``,
``end``, ``terminate``, and ``blocked`` (a call of a process that can never finish, a
receiver no message can reach: it never fires). Boundary events belong to their host: an interrupting one replaces
the host's completion, a non-interrupting one adds its branch to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from ..graph.build import link_pairs
from ..model.elements import Event, Scope, SubProcess

GATEWAY_KINDS = {"exclusiveGateway": "xor", "eventBasedGateway": "xor",
                 "parallelGateway": "and", "inclusiveGateway": "or", "complexGateway": "or"}


@dataclass
class Edge:
    id: int
    src: str
    dst: str
    path: tuple[str, ...] = ()  # elements this edge stands for, in firing order
    alt: tuple[str, ...] = ()  # elements of reduced-away alternatives, live when this is


class Ports(dict):
    """A node's edge ids in insertion order, with O(1) removal: a 10,000-way gateway is
    reduced in linear time. Reads like a list: ``ports[0]``, ``len``, iteration."""

    def append(self, edge_id: int) -> None:
        self[edge_id] = None

    def remove(self, edge_id: int) -> None:
        del self[edge_id]

    def __getitem__(self, index: int):  # type: ignore[override]
        if index != 0:
            raise IndexError("only the first edge id is looked up by position")
        return next(iter(self))


@dataclass
class Net:
    kinds: dict[str, str]
    edges: dict[int, Edge]
    out: dict[str, Ports]
    inc: dict[str, Ports]
    boundaries: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # host -> (event, interrupting)
    names: dict[str, str] = field(default_factory=dict)
    event_based: set[str] = field(default_factory=set)  # xor nodes that choose by event
    receivers: set[str] = field(default_factory=set)  # nodes that also wait for a message
    why_blocked: dict[str, str] = field(default_factory=dict)  # blocked node -> what it waits for
    next_id: int = 0

    def add_edge(self, src: str, dst: str, path: tuple[str, ...] = (),
                 alt: tuple[str, ...] = ()) -> int:
        edge = Edge(self.next_id, src, dst, path, alt)
        self.next_id += 1
        self.edges[edge.id] = edge
        self.out[src].append(edge.id)
        self.inc[dst].append(edge.id)
        return edge.id

    def remove_edge(self, edge_id: int) -> Edge:
        edge = self.edges.pop(edge_id)
        self.out[edge.src].remove(edge_id)
        self.inc[edge.dst].remove(edge_id)
        return edge

    def remove_node(self, node: str) -> None:
        for edge_id in list(self.out[node]) + list(self.inc[node]):
            if edge_id in self.edges:
                self.remove_edge(edge_id)
        del self.kinds[node], self.out[node], self.inc[node]


def build(scope: Scope, blocked: Mapping[str, str] = MappingProxyType({})) -> Net | None:
    """The token net of a scope, or None when it has no start event to play from.
    ``blocked`` elements never fire; the value says what they wait for (a called process
    that cannot finish, a message nobody sends)."""
    kinds: dict[str, str] = {}
    net = Net(kinds, {}, {}, {})
    for node in scope.nodes:
        if not node.id:
            continue
        if isinstance(node, Event) and node.tag == "boundaryEvent":
            # A compensation boundary event never takes the token: it only associates the
            # compensation handler with its activity.
            if node.attached_to and "compensate" not in node.kinds:
                net.boundaries.setdefault(node.attached_to, []).append(
                    (node.id, node.cancel_activity))
            kind = "boundary"
        elif isinstance(node, SubProcess) and node.triggered_by_event:
            continue  # analysed as its own scope; it starts on its event
        elif node.tag == "startEvent":
            kind = "start"
        elif node.tag == "endEvent":
            kind = "terminate" if isinstance(node, Event) and "terminate" in node.kinds else "end"
        elif node.id in blocked:
            kind = "blocked"
            net.why_blocked[node.id] = blocked[node.id]
        else:
            kind = GATEWAY_KINDS.get(node.tag, "task")
        kinds[node.id] = kind
        if node.tag == "eventBasedGateway":
            net.event_based.add(node.id)
        net.out[node.id], net.inc[node.id] = Ports(), Ports()
        net.names[node.id] = " ".join((node.name or "").split()) or node.id
    if not any(k == "start" for k in kinds.values()):
        return None
    for flow in scope.flows:
        if flow.source in kinds and flow.target in kinds:
            net.add_edge(flow.source, flow.target)
    for source, target in link_pairs(scope):
        if source in kinds and target in kinds:
            net.add_edge(source, target)
    # Boundary events whose host is not a node of this scope cannot fire.
    net.boundaries = {h: b for h, b in net.boundaries.items() if h in kinds}
    return net
