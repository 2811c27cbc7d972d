"""Does every path pass a gate? Pure functions for "missing gate" checks.

A gate set guards a target when every path from the entries to the target passes one of
the gates: equivalently, removing the gates disconnects the target. The shortest path that
still arrives is the bypass, the evidence a finding needs.
"""

from __future__ import annotations

from collections import deque
from typing import Iterable

import networkx as nx


def bypass_path(graph: nx.DiGraph, sources: Iterable[str], target: str,
                gates: Iterable[str]) -> list[str] | None:
    """The shortest path from a source to ``target`` that avoids every gate, or None when
    the gates guard the target on every path.

    >>> g = nx.DiGraph([("start", "work"), ("work", "xor"), ("xor", "review"),
    ...                 ("review", "end"), ("xor", "skip"), ("skip", "end")])
    >>> bypass_path(g, ["start"], "end", ["review"])
    ['start', 'work', 'xor', 'skip', 'end']
    >>> bypass_path(g, ["start"], "end", ["xor"]) is None
    True
    """
    blocked = set(gates)
    if target in blocked:
        return None
    parents: dict[str, str | None] = {}
    queue: deque[str] = deque()
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
    return None
