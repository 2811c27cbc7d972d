"""Structural reduction: remove fragments that are sound by construction, keeping, on each
remaining edge, the elements it stands for (so counterexamples can be spelt out) and the
elements of reduced-away alternatives (live whenever the edge is).

Rules, applied until nothing changes (each removes a node or an edge, so the work is
bounded by the net's size):

- sequence: a task or gateway with one edge in and one edge out (no boundary events);
- bond: parallel edges between two XORs (or a XOR and a task, which merges implicitly) are
  one choice; between two ANDs, two ORs, or a task and an AND/OR join, one edge;
- loop: an edge back from a XOR to a XOR that leads to it, when both keep another way in
  and out, is a loop that can always exit.

Mixed bonds (XOR to AND, AND to XOR) are defects and are left for the token game.
"""

from __future__ import annotations

from collections import deque

from .net import Net

_CHOICE = {("xor", "xor"), ("xor", "task")}
_ALL = {("and", "and"), ("or", "or"), ("task", "and"), ("task", "or")}


def _contractible(net: Net, node: str) -> bool:
    if net.kinds[node] in ("start", "end", "terminate", "boundary", "blocked") \
            or node in net.boundaries:
        return False
    ins, outs = net.inc[node], net.out[node]
    return len(ins) == 1 and len(outs) == 1 and net.edges[ins[0]].src != node


def _bonds(net: Net, node: str) -> set[str]:
    touched: set[str] = set()
    by_target: dict[str, list[int]] = {}
    for edge_id in net.out[node]:
        by_target.setdefault(net.edges[edge_id].dst, []).append(edge_id)
    for target, edges in by_target.items():
        pair = (net.kinds[node], net.kinds[target])
        if len(edges) < 2 or (pair not in _CHOICE and pair not in _ALL):
            continue
        keep = net.edges[edges[0]]
        for extra in edges[1:]:
            gone = net.remove_edge(extra)
            if pair in _CHOICE:
                keep.alt = _joined(_joined(keep.alt, gone.path), gone.alt)
            else:
                keep.path = _joined(keep.path, gone.path)
                keep.alt = _joined(keep.alt, gone.alt)
        touched |= {node, target}
    return touched


def _loops(net: Net, node: str) -> set[str]:
    if net.kinds[node] != "xor":
        return set()
    for edge_id in list(net.out[node]):
        edge = net.edges.get(edge_id)
        if edge is None or net.kinds.get(edge.dst) != "xor":
            continue
        target = edge.dst
        forward = [e for e in net.out[target] if net.edges[e].dst == node]
        if target == node:
            forward = [edge_id]
        if not forward or len(net.out[node]) < 2 or len(net.inc[target]) < 2:
            continue
        if target != node and any(net.edges[e].dst == target for e in net.out[node]
                                  if e != edge_id):
            continue
        # node -> target is the back edge: both keep another way out and in.
        gone = net.remove_edge(edge_id)
        stay = net.edges[net.out[node][0]]
        stay.alt = _joined(_joined(stay.alt, gone.path), gone.alt)
        return {node, target}
    return set()


def _joined(left, right) -> deque:
    """``left`` then ``right`` (tuples or deques), in the longer of the two as a deque: an
    element moves only into a run at least as long, so over a whole reduction it is copied
    a few times, not once per step (contracting a chain of 100,000 tasks copied its growing
    path each time: 43 s)."""
    if len(left) >= len(right):
        left = left if isinstance(left, deque) else deque(left)
        left.extend(right)
        return left
    right = right if isinstance(right, deque) else deque(right)
    right.extendleft(reversed(left))
    return right


def reduce(net: Net) -> Net:
    """The net with sound fragments removed (the rules above), in place. Paths joined while
    it works are deques (:func:`_joined`), tuples again at the end."""
    _apply_rules(net)
    for edge in net.edges.values():
        if not isinstance(edge.path, tuple) or not isinstance(edge.alt, tuple):
            edge.path, edge.alt = tuple(edge.path), tuple(edge.alt)
    return net


def _apply_rules(net: Net) -> None:
    work = list(net.kinds)
    queued = set(work)
    while work:
        node = work.pop()
        queued.discard(node)
        if node not in net.kinds:
            continue
        if _contractible(net, node):
            before = net.remove_edge(net.inc[node][0])
            after = net.remove_edge(net.out[node][0])
            net.add_edge(before.src, after.dst,
                         _joined(_joined(before.path, (node,)), after.path),
                         _joined(before.alt, after.alt))
            net.remove_node(node)
            touched = {before.src, after.dst}
        else:
            touched = _bonds(net, node) | _loops(net, node)
        for other in sorted(touched):  # sorted: ids are strings, set order varies by run
            if other in net.kinds and other not in queued:
                queued.add(other)
                work.append(other)
