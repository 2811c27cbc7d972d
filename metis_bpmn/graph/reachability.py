"""Reachability over a scope's flow graph: what can start, what can finish, where tokens
get trapped. Pure functions over :func:`metis_bpmn.graph.build.flow_graph` graphs."""

from __future__ import annotations

from collections import deque
from typing import Iterable

import networkx as nx

# Evidence paths from the per-element searches are cut at this many elements, "…" marking
# the cut: a 600 KB chain of 10,000 dead ends gave each a path thousands of steps long (a
# report of hundreds of megabytes, built in 30 s). Real ones have a few dozen.
EVIDENCE_LIMIT = 100
CUT = "…"


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
    return tree_path(search_tree(graph, sources, avoid=blocked, until=target), target)


def search_tree(graph: nx.DiGraph, sources: Iterable[str], *, avoid: set[str] | None = None,
                until: str | None = None) -> dict[str, tuple[str | None, int]]:
    """Each node reached from ``sources`` (passing none of ``avoid``) -> (its parent, its
    distance), breadth first, sources and successors in id order: :func:`tree_path` gives
    the first shortest path in id order to every node at once. The search stops when it
    gets to ``until``.

    >>> tree_path(search_tree(nx.DiGraph([("s", "a"), ("a", "b"), ("s", "b")]), ["s"]), "b")
    ['s', 'b']
    """
    avoid = avoid or set()
    tree: dict[str, tuple[str | None, int]] = {}
    queue: deque[str] = deque()
    for source in sorted(set(sources)):
        if source in graph and source not in avoid:
            tree[source] = (None, 0)
            queue.append(source)
    while queue:
        node = queue.popleft()
        if node == until:
            break
        depth = tree[node][1] + 1
        for successor in sorted(graph.successors(node)):
            if successor not in tree and successor not in avoid:
                tree[successor] = (node, depth)
                queue.append(successor)
    return tree


def tree_path(tree: dict[str, tuple[str | None, int]], node: str,
              limit: int | None = None) -> list[str]:
    """The path :func:`search_tree` found to ``node`` ([] if it did not reach it); with
    ``limit``, its last ``limit`` elements after a :data:`CUT` when it is longer."""
    if node not in tree:
        return []
    path = [node]
    while (parent := tree[path[-1]][0]) is not None:
        if limit is not None and len(path) == limit:
            path.append(CUT)
            break
        path.append(parent)
    return path[::-1]


def nearest_path(graph: nx.DiGraph, node: str, distance: dict[str, int],
                 limit: int | None = None) -> list[str]:
    """The first (in id order) of the shortest paths from ``node`` to the targets whose
    ``distance`` map (see :func:`distances_to`) is given; [] if none can be reached. It is
    the path :func:`shortest_path_from` gives to the nearest target, the first in id order
    among equals: going one step closer each time, to the first successor in id order.
    With ``limit``, its first ``limit`` elements and a :data:`CUT` when it is longer.

    >>> g = nx.DiGraph([("a", "c"), ("a", "b"), ("b", "t"), ("c", "t")])
    >>> nearest_path(g, "a", distances_to(g, ["t"]))
    ['a', 'b', 't']
    """
    if node not in distance:
        return []
    path = [node]
    while distance[path[-1]]:
        if limit is not None and len(path) == limit:
            path.append(CUT)
            break
        step = distance[path[-1]] - 1
        path.append(min(s for s in graph.successors(path[-1]) if distance.get(s) == step))
    return path


def distances_to(graph: nx.DiGraph, targets: Iterable[str]) -> dict[str, int]:
    """Each node from which one of ``targets`` can be reached -> the fewest steps to one."""
    distance = {target: 0 for target in targets if target in graph}
    queue = deque(distance)
    while queue:
        node = queue.popleft()
        for predecessor in graph.predecessors(node):
            if predecessor not in distance:
                distance[predecessor] = distance[node] + 1
                queue.append(predecessor)
    return distance


def reachable_from(graph: nx.DiGraph, sources: Iterable[str]) -> set[str]:
    """Every node reachable from ``sources`` (the sources included).

    >>> sorted(reachable_from(nx.DiGraph([("a", "b"), ("c", "d")]), ["a"]))
    ['a', 'b']
    """
    # One search from all sources: a search per source (nx.descendants) walked the shared
    # part again for each, which with many end events was quadratic.
    seen = {source for source in sources if source in graph}
    stack, following = list(seen), graph.succ
    while stack:
        for successor in following[stack.pop()]:
            if successor not in seen:
                seen.add(successor)
                stack.append(successor)
    return seen


def can_reach(graph: nx.DiGraph, targets: Iterable[str]) -> set[str]:
    """Every node from which one of ``targets`` can be reached (the targets included)."""
    return set(distances_to(graph, targets))


def orphan_chains(graph: nx.DiGraph) -> dict[str, tuple[str | None, int]]:
    """For :func:`orphan_chain`: one search from every node without predecessors (a search
    per unreachable node made a long unreachable chain quadratic). A root that cannot reach
    a node never meets its ancestors, so each node gets the path a search from its own
    roots alone would give."""
    return search_tree(graph, [n for n in graph if graph.in_degree(n) == 0])


def orphan_chain(chains: dict[str, tuple[str | None, int]], node: str) -> list[str]:
    """For an unreachable node: the chain from a node with no predecessors to it, showing
    where the unreachable part begins (shortest such chain; just [node] if none; cut to the
    last :data:`EVIDENCE_LIMIT` elements)."""
    return tree_path(chains, node, EVIDENCE_LIMIT) or [node]


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
