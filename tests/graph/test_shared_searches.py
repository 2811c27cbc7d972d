"""One search per scope gives what a search per element gave (the rules' evidence did not
change), on random graphs, next to the per-element searches written out as they were."""

from __future__ import annotations

import random
from collections import deque

import networkx as nx
import pytest

from metis_bpmn.graph.reachability import (
    CUT, can_reach, distances_to, nearest_path, orphan_chain, orphan_chains, search_tree,
    tree_path)


def _bfs(graph: nx.DiGraph, sources, target) -> list[str]:
    """The search the rules made per element (sources and successors in id order)."""
    parents: dict = {}
    queue: deque = deque()
    for source in sorted(set(sources)):
        if source in graph:
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
            if successor not in parents:
                parents[successor] = node
                queue.append(successor)
    return []


def _graphs():
    rng = random.Random(11)
    for _ in range(300):
        nodes = [f"n{i:02d}" for i in range(rng.randrange(1, 14))]
        graph = nx.DiGraph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from((rng.choice(nodes), rng.choice(nodes))
                             for _ in range(rng.randrange(0, 3 * len(nodes))))
        yield rng, graph, nodes


def test_one_search_tree_gives_each_target_its_path() -> None:
    for rng, graph, nodes in _graphs():
        sources = rng.sample(nodes, rng.randrange(1, len(nodes) + 1))
        tree = search_tree(graph, sources)
        for target in nodes:
            assert tree_path(tree, target) == _bfs(graph, sources, target)


def test_nearest_path_is_the_first_shortest_way_to_any_target() -> None:
    for rng, graph, nodes in _graphs():
        targets = set(rng.sample(nodes, rng.randrange(0, len(nodes) + 1)))
        distance = distances_to(graph, targets)
        for node in set(nodes) - targets:
            expected = min((_bfs(graph, [node], t) for t in targets),
                           key=lambda p: (len(p) or 10**9, p), default=[])
            assert nearest_path(graph, node, distance) == expected


def test_orphan_chains_from_all_roots_match_a_search_from_each_nodes_own() -> None:
    for _, graph, nodes in _graphs():
        chains = orphan_chains(graph)
        for node in nodes:
            roots = [n for n in can_reach(graph, [node]) if graph.in_degree(n) == 0]
            assert orphan_chain(chains, node) == (_bfs(graph, roots, node) or [node])


@pytest.mark.parametrize("limit", [1, 3])
def test_long_paths_are_cut_and_marked(limit: int) -> None:
    chain = nx.DiGraph([(f"c{i}", f"c{i + 1}") for i in range(6)])
    assert nearest_path(chain, "c0", distances_to(chain, ["c6"]), limit) == [
        f"c{i}" for i in range(limit)] + [CUT]
    assert tree_path(search_tree(chain, ["c0"]), "c6", limit) == [CUT] + [
        f"c{i}" for i in range(7 - limit, 7)]
