"""Does every path pass a gate? Pure functions for "missing gate" checks.

A gate set guards a target when every path from the entries to the target passes one of
the gates: equivalently, removing the gates disconnects the target. The shortest path that
still arrives is the bypass, the evidence a finding needs.
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx

from .reachability import shortest_path_from


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
    return shortest_path_from(graph, sources, target, avoid=gates) or None
