"""Reachability over a scope's flow graph: what can start, what can finish, where tokens
get trapped. Pure functions over :func:`metis_bpmn.graph.build.flow_graph` graphs."""

from __future__ import annotations

from collections import deque
from typing import Iterable

import networkx as nx


def shortest_path_from(graph: nx.DiGraph, sources: Iterable[str], target: str,
                       avoid: Iterable[str] = ()) -> list[str]:
    """The shortest path from any of ``sources`` to ``target`` (BFS) that passes none of
    ``avoid``, or [] if there is none. Ties break by node id, so results are stable.

    >>> g = nx.DiGraph([("s", "a"), ("a", "b"), ("s", "b")])
    >>> shortest_path_from(g, ["s"], "b")
    ['s', 'b']
    >>> shortest_path_from(g, ["s"], "b", avoid=["b"])
    []
    """
    blocked = set(avoid)
    if target in blocked:
        return []
    parents: dict[str, str | None] = {}
    queue = deque()
    for source in sorted(set(sources)):
        if source in graph and source not in blocked:
            parents[source] = None
            queue.append(source)
    while queue:
        node = queue.popleft()
        if node == target:
            path = [node]
            while parents[path[-1]] is not None:
                path.append(parents[path[-1]])
            return path[::-1]
        for successor in sorted(graph.successors(node)):
            if successor not in parents and successor not in blocked:
                parents[successor] = node
                queue.append(successor)
    return []


def reachable_from(graph: nx.DiGraph, sources: Iterable[str], backward: bool = False
                   ) -> set[str]:
    """Every node reachable from ``sources`` (the sources included); ``backward``: along
    the edges' reverse (every node from which a source can be reached).

    >>> sorted(reachable_from(nx.DiGraph([("a", "b"), ("c", "d")]), ["a"]))
    ['a', 'b']
    """
    # One search from all sources: a search per source (nx.descendants) walked the shared
    # part again for each, which with many end events was quadratic.
    seen = {source for source in sources if source in graph}
    stack, following = list(seen), graph.pred if backward else graph.succ
    while stack:
        for successor in following[stack.pop()]:
            if successor not in seen:
                seen.add(successor)
                stack.append(successor)
    return seen


def can_reach(graph: nx.DiGraph, targets: Iterable[str]) -> set[str]:
    """Every node from which one of ``targets`` can be reached (the targets included)."""
    return reachable_from(graph, targets, backward=True)


def orphan_chain(graph: nx.DiGraph, node: str) -> list[str]:
    """For an unreachable node: the chain from a node with no predecessors to it, showing
    where the unreachable part begins (shortest such chain; just [node] if none)."""
    reverse = graph.reverse(copy=False)
    roots = [n for n in reachable_from(reverse, [node]) if graph.in_degree(n) == 0]
    return shortest_path_from(graph, roots, node) or [node]


def trapping_cycles(graph: nx.DiGraph, exits: set[str],
                    components: Iterable[set[str]] | None = None) -> list[list[str]]:
    """Strongly connected components (real cycles) with no edge leaving them and no exit
    inside: tokens that enter never leave. Each is returned as a sorted list of nodes.
    ``components``: the graph's strongly connected components, when already known.

    >>> g = nx.DiGraph([("s", "a"), ("a", "b"), ("b", "a"), ("s", "e")])
    >>> trapping_cycles(g, {"e"})
    [['a', 'b']]
    """
    found = []
    for component in components if components is not None \
            else nx.strongly_connected_components(graph):
        nodes = set(component)
        if len(nodes) == 1:
            (only,) = nodes
            if not graph.has_edge(only, only):
                continue
        if nodes & exits:
            continue
        if any(s not in nodes for n in nodes for s in graph.successors(n)):
            continue
        found.append(sorted(nodes))
    return sorted(found)
