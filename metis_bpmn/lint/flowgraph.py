"""Per-scope flow graphs and their reachability facts, computed once per file and shared
by the reachability rules through ``ctx.memo``."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..graph.build import entry_nodes, flow_graph
from ..graph.reachability import can_reach, reachable_from, trapping_cycles
from ..model.elements import Activity, Event, FlowNode, Scope


@dataclass(frozen=True)
class ScopeFacts:
    owner: object
    scope: Scope
    graph: nx.DiGraph
    entries: list[str]
    reachable: set[str]
    exits: set[str]
    finishing: set[str]  # nodes from which an exit can be reached


def _exempt(node: FlowNode) -> bool:
    """Nodes that are legitimately outside the normal flow: compensation handlers."""
    return isinstance(node, Activity) and node.is_for_compensation


def graph_of(ctx, scope: Scope) -> nx.DiGraph:
    """The flow graph of a scope, built once per file for every rule that asks (networkx
    graphs are slow to build and several rules walk the same one)."""
    return ctx.memo(("flow graph", id(scope)), lambda: flow_graph(scope))


def reachable_in(ctx, scope: Scope) -> set[str]:
    """What can be reached from the scope's entries, once per file."""
    return ctx.memo(("reachable", id(scope)),
                    lambda: reachable_from(graph_of(ctx, scope), entry_nodes(scope)))


def components_of(ctx, scope: Scope) -> list[set[str]]:
    """The strongly connected components of a scope's flow graph, once per file."""
    return ctx.memo(("components", id(scope)),
                    lambda: list(nx.strongly_connected_components(graph_of(ctx, scope))))


def trapped_in(ctx, facts: ScopeFacts) -> list[list[str]]:
    """The scope's cycles that tokens can enter but never leave (see
    :func:`..graph.reachability.trapping_cycles`), once per file."""
    return ctx.memo(("trapped", id(facts.scope)), lambda: trapping_cycles(
        facts.graph, facts.exits, components_of(ctx, facts.scope)))


def scope_facts(ctx) -> list[ScopeFacts]:
    def compute() -> list[ScopeFacts]:
        result = []
        for owner, scope in ctx.document.containers():
            if owner.tag == "adHocSubProcess":
                continue  # its children run in any order, without flows
            graph = graph_of(ctx, scope)
            entries = entry_nodes(scope)
            # Ends: end events, and (as BPMN allows) anything without outgoing flows.
            exits = {n.id for n in scope.nodes
                     if n.id and (n.tag == "endEvent" or graph.out_degree(n.id) == 0)}
            reachable = reachable_in(ctx, scope)
            result.append(ScopeFacts(owner, scope, graph, entries, reachable, exits,
                                     can_reach(graph, exits)))
        return result
    return ctx.memo("scope_facts", compute)


def is_exempt(node: FlowNode) -> bool:
    return _exempt(node) or (isinstance(node, Event) and node.tag == "boundaryEvent"
                             and "compensate" in node.kinds)
