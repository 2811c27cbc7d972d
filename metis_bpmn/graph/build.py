"""Build the flow graph of one scope (a process or a sub-process) from the model.

The graph comes from ``sourceRef``/``targetRef`` only (never from ``<incoming>``/
``<outgoing>`` children). Nodes are flow-node ids with attributes ``tag``, ``name`` and
``element``. Edges carry ``kind``:

- ``"flow"``: a sequence flow; ``flows`` lists the flow ids (parallel flows share an edge);
- ``"attached"``: host activity -> boundary event attached to it;
- ``"link"``: link throw event -> link catch event with the same link name.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from ..model.elements import Event, FlowNode, Scope, SubProcess


def flow_graph(scope: Scope) -> nx.DiGraph:
    """The directed flow graph of ``scope`` (nested sub-processes are single nodes).

    Flows whose ends are not nodes of this scope are left out (``dangling-reference`` and
    the structural rules report them).
    """
    graph = nx.DiGraph()
    for node in scope.nodes:
        if node.id:  # an element without id cannot be referenced by any flow
            graph.add_node(node.id, tag=node.tag, name=node.name, element=node)
    for flow in scope.flows:
        if flow.source in graph and flow.target in graph:
            if graph.has_edge(flow.source, flow.target):
                graph.edges[flow.source, flow.target]["flows"].append(flow.id)
            else:
                graph.add_edge(flow.source, flow.target, kind="flow", flows=[flow.id])
    for node in scope.nodes:
        if isinstance(node, Event) and node.attached_to in graph:
            graph.add_edge(node.attached_to, node.id, kind="attached", flows=[])
    for source, target in link_pairs(scope):
        if source in graph and target in graph:
            graph.add_edge(source, target, kind="link", flows=[])
    return graph


def link_pairs(scope: Scope) -> list[tuple[str, str]]:
    """(throw, catch) ids of the link events of a scope with the same link name: a link
    throw continues at its catch, as if a sequence flow joined them."""
    throws, catches = defaultdict(list), defaultdict(list)
    for node in scope.nodes:
        if isinstance(node, Event) and "link" in node.kinds and node.id:
            name = next(d.link_name or node.name for d in node.definitions if d.kind == "link")
            (throws if node.is_throw else catches)[name].append(node.id)
    return [(source, target) for name, sources in throws.items() for source in sources
            for target in catches.get(name, ())]


def is_event_subprocess(node: FlowNode) -> bool:
    return isinstance(node, SubProcess) and node.triggered_by_event


def entry_nodes(scope: Scope) -> list[str]:
    """Where tokens can enter ``scope``: start events, and event sub-processes (which
    start on their event, not by a sequence flow). Sorted by id."""
    entries = [n.id for n in scope.nodes
               if n.tag == "startEvent" or is_event_subprocess(n)]
    return sorted(e for e in entries if e)

