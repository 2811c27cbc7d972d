"""Which moves a marking enables, and the partial-order reduction that picks fewer of them.

A marking is an integer, two bits per edge holding its token count (see :mod:`.statespace`);
the nodes that look beyond their own inputs read it as ``tokens``, a dict from edge index to
its token count (marked edges only, in index order). A move is ``(node, consumed edge
indexes, edge indexes it puts tokens on, node kind, boundary events it fires)``.
"""

from __future__ import annotations

from collections import deque
from functools import reduce
from itertools import combinations
from operator import or_

from ..graph.cycles import first_on_cycle
from .net import Net

MAX_OR_BRANCHES = 8


def upstream(net: Net) -> dict[int, set[int]]:
    """For each edge: the edges from which a token can reach it (used by OR-joins)."""
    preds: dict[int, set[int]] = {}
    for edge_id, edge in net.edges.items():
        seen = {edge_id}
        queue = deque([edge.src])
        visited = set()
        while queue:
            node = queue.popleft()
            if node in visited:
                continue
            visited.add(node)
            for incoming in net.inc[node]:
                if incoming not in seen:
                    seen.add(incoming)
                    queue.append(net.edges[incoming].src)
        preds[edge_id] = seen
    return preds


def can_reduce(net: Net) -> bool:
    """The reduction is only used where every node's moves are its own business: no
    non-local OR-join and no terminate end (each depends on tokens anywhere)."""
    return not {"or", "terminate"} & set(net.kinds.values())


def may_cycle(net: Net) -> bool:
    """Whether a token can come back to an edge: the net, with each host leading to its
    boundary events, has a cycle. Without one, every move takes a token from an edge that
    comes, in topological order, before every edge it puts one on: markings never repeat
    along a run, each run ends completed or dead, and there is no livelock to look for
    (most models: the search for it walked the whole state space twice)."""
    following = {node: [net.edges[e].dst for e in net.out[node]]
                 + [event for event, _ in net.boundaries.get(node, ())] for node in net.kinds}
    return first_on_cycle(list(net.kinds), following) is not None


def mover(net: Net, index: dict[int, int], messages: set[int]):
    """``moves(marking)``: the moves a marking (two bits per edge, see :mod:`.statespace`)
    enables, grouped by node, nodes in the net's order: a list of ``(node, moves, inputs,
    producers)``: each move with its :func:`effect`, the fields of the edges the moves take
    tokens from, the nodes that put tokens there; nodes without a move left out.

    A node's moves depend only on the tokens of a few edges (:func:`_relevant`): they are
    computed once per node and tokens on those edges, and a state's moves are a few
    integer operations and dictionary reads."""
    edge_at = {i: net.edges[e] for e, i in index.items()}
    nodes = list(net.kinds)  # a node is handled by its position in the net's order
    position = {node: i for i, node in enumerate(nodes)}
    ins = {node: tuple(index[e] for e in net.inc[node]) for node in nodes}
    outs = {node: tuple(index[e] for e in net.out[node]) for node in nodes}
    above = upstream(net) if "or" in net.kinds.values() else {}
    context = (net, index, edge_at, outs, messages)
    dst = [position[edge_at[i].dst] for i in range(len(edge_at))]
    field = [sum(3 << (2 * i) for i in ins[node]) for node in nodes]
    relevant = [sum(3 << (2 * i) for i in _relevant(net, index, node, ins[node], above))
                for node in nodes]
    # Per node: the tokens on its relevant edges -> its entry (None: no move).
    cache: list[dict[int, tuple | None]] = [{} for _ in nodes]

    def entry(node: str, have: list[int], tokens) -> tuple | None:
        group = node_moves(node, have, tokens)
        if not group:
            return None
        consumed = {i for move in group for i in move[1]}
        return (node, tuple((m, effect(m, messages)) for m in group),
                sum(3 << (2 * i) for i in consumed), {edge_at[i].src for i in consumed})

    def node_moves(node: str, have: list[int], tokens) -> tuple:
        kind = net.kinds[node]
        if kind == "blocked":  # it never completes, but its interrupting boundaries can
            return tuple(m for i in have for m in _escapes(context, node, i))
        if kind == "and":
            if len(have) == len(ins[node]):
                return ((node, tuple(have), outs[node], kind, ()),)
            if node in net.receivers:  # waiting for its message: escapes still fire
                return tuple(m for i in have if i not in messages
                             for m in _escapes(context, node, i))
            return ()
        if kind == "or":
            return tuple(_or_moves(context, node, have, tokens, above))
        # One token at a time: task, xor, events, ends (an event-based gateway's branches
        # wait for their messages).
        return tuple(m for i in have for m in _single_moves(context, node, kind, i, tokens))

    def moves(marking: int) -> list[tuple]:
        marked = []
        rest = marking
        while rest:
            at = dst[((rest & -rest).bit_length() - 1) >> 1]
            marked.append(at)
            rest &= ~field[at]
        if len(marked) > 1:
            marked.sort()
        found = []
        for at in marked:
            bits = marking & relevant[at]
            known = cache[at]
            if bits in known:
                found_entry = known[bits]
            else:
                held = tokens(bits)
                node = nodes[at]
                found_entry = known[bits] = entry(node, [i for i in ins[node] if i in held],
                                                  held)
            if found_entry is not None:
                found.append(found_entry)
        return found
    return moves


def _relevant(net: Net, index: dict[int, int], node: str, inputs: tuple[int, ...],
              above: dict[int, set[int]]) -> set[int]:
    """The edges whose tokens decide a node's moves: its inputs; for an OR-join, every edge
    upstream of them (a token there may still arrive); for an event-based gateway, the
    message inputs of the receivers its branches lead to (see :func:`_message_ready`)."""
    found = set(inputs)
    if net.kinds[node] == "or":
        found.update(index[e] for edge_id in net.inc[node] for e in above[edge_id])
    if node in net.event_based:
        for edge_id in net.out[node]:
            found.update(index[e] for e in net.inc.get(_event_of(net, edge_id), ()))
    return found


def _event_of(net: Net, edge_id: int) -> str:
    """The node an event-based gateway's branch leads to, past the ``#in`` helper a
    composition puts before a receiver."""
    target = net.edges[edge_id].dst
    if target.endswith("#in") and len(net.out.get(target, ())) == 1:
        target = net.edges[net.out[target][0]].dst
    return target


def effect(move: tuple, messages) -> tuple[int, int, int, tuple[int, ...]]:
    """What a move does to a marking, as integers: the tokens it takes, the fields of the
    sequence flows it puts tokens on (a token already there is a lack of synchronisation),
    the tokens it puts on them, and the bit offsets of the message flows it adds a message
    to. (A move's edges are distinct: a node's own edges, or its own and its boundary
    event's.)"""
    flows = [i for i in move[2] if i not in messages]
    return (sum(1 << (2 * i) for i in move[1]), sum(3 << (2 * i) for i in flows),
            sum(1 << (2 * i) for i in flows), tuple(2 * i for i in move[2] if i in messages))


def tokens(marking: int) -> dict[int, int]:
    """Edge index -> tokens, for the marked edges, in index order.

    >>> tokens(0b11_00_01)
    {0: 1, 2: 3}
    """
    found = {}
    while marking:
        i = ((marking & -marking).bit_length() - 1) >> 1
        found[i] = (marking >> (2 * i)) & 3
        marking &= ~(3 << (2 * i))
    return found


def _escapes(context, node: str, i: int):
    """The interrupting boundary events of a step that waits: each takes its token away."""
    net, _, _, outs, _ = context
    for event, interrupting in net.boundaries.get(node, ()):
        if interrupting:
            yield node, (i,), outs[event], "task", (event,)


def _or_moves(context, node, have, tokens, above):
    """An OR-join fires when no token upstream can still reach an empty input; an OR-split
    puts tokens on any non-empty set of its branches."""
    net, index, edge_at, outs, _ = context
    empty = [e for e in net.inc[node] if index[e] not in tokens]
    blocking = set().union(*(above[e] for e in empty)) if empty else set()
    if any(edge_at[i].id in blocking for i in tokens if i not in have):
        return
    branches = outs[node]
    if len(branches) > MAX_OR_BRANCHES:
        yield node, tuple(have), branches, "or", ()
        return
    for size in range(1, len(branches) + 1):
        for subset in combinations(branches, size):
            yield node, tuple(have), subset, "or", ()


def _single_moves(context, node, kind, i, tokens):
    net, _, edge_at, outs, messages = context
    if kind == "xor":
        for out in outs[node]:
            if node in net.event_based and not _message_ready(context, out, tokens):
                continue
            yield node, (i,), (out,), kind, ()
        return
    yield node, (i,), outs[node], kind, ()
    for event, interrupting in net.boundaries.get(node, ()):
        branch = outs[event] if interrupting else outs[node] + outs[event]
        yield node, (i,), branch, kind, (event,)


def _message_ready(context, out: int, tokens) -> bool:
    """An event-based gateway's branch can be taken once its event can happen: a receiver's
    message is there; an event that can never fire (no message flow reaches it) never is."""
    net, index, edge_at, _, _ = context
    edge = edge_at[out]
    if net.kinds.get(edge.dst) == "blocked" and not edge.path:
        return False  # (with a path, the branch's event is on it: it fires, the block is later)
    target = _event_of(net, edge.id)
    if target not in net.receivers:
        return True
    return any(index[e] in tokens for e in net.inc[target]
               if net.edges[e].src != edge.src and not net.edges[e].src.endswith("#in"))


def ample_sets(net: Net, index: dict[int, int]):
    """A partial-order reduction for these nets, where every edge has one producer and one
    consumer node, so a node's moves are disabled only by its own other moves (its internal
    choice) and different nodes' moves commute. At a state it fires one node (all of that
    node's moves, so no choice is lost): the first node, in the net's order, none of whose
    marked inputs can still receive another token before it fires (no marked edge upstream
    of the input's producer, so consuming a token never hides a second one arriving on the
    same edge: a lack of synchronisation) and none of whose moves is unsafe (the search stops
    at an unsafe step, which would leave the postponed moves unexplored). The other nodes'
    moves stay enabled and unchanged: a persistent set, which keeps every deadlock and end
    state. When a chosen move leads to a state seen before (a cycle may close), the state is
    expanded fully, so no move is postponed forever (the cycle proviso). Without a node that
    qualifies, the state is expanded fully.

    ``choose(enabled, marking)`` takes the moves of :func:`mover` and returns the entry of
    the node to fire, or None to expand fully; it works on the state space's integer
    markings (two bits per edge) with each move's :func:`effect`: the tokens it takes and
    the fields of the sequence flows it puts tokens on.
    """
    reach: dict[str, set[str]] = {}

    def downstream(node: str) -> set[str]:
        if node not in reach:
            seen, stack = {node}, [node]
            while stack:
                current = stack.pop()
                for edge_id in net.out.get(current, ()):
                    target = net.edges[edge_id].dst
                    if target not in seen:
                        seen.add(target)
                        stack.append(target)
            reach[node] = seen
        return reach[node]

    edge_at = {i: net.edges[e] for e, i in index.items()}
    # Nodes whose moves another node's move can add to (a message arriving enables a branch
    # of an event-based gateway, the completion of a receiver): never chosen alone.
    waiting = net.event_based | net.receivers | {n for n, k in net.kinds.items()
                                                 if k == "blocked"}
    feeds: dict[str, int] = {}  # node -> the fields of the edges a token can reach it from

    def fed(node: str) -> int:
        if node not in feeds:
            feeds[node] = sum(3 << (2 * j) for j, edge in edge_at.items()
                              if node in downstream(edge.dst))
        return feeds[node]

    # Entry (by identity: the mover keeps its entries for the whole exploration) -> the
    # fields upstream of its producers, its own inputs left out.
    upstream_of: dict[int, int] = {}

    def choose(enabled: list[tuple], marking: int) -> tuple | None:
        nodes = {entry[0] for entry in enabled}
        for entry in enabled:
            node, pairs, inputs, producers = entry
            if node in waiting or not nodes.isdisjoint(producers):
                continue
            feeding = upstream_of.get(id(entry))
            if feeding is None:
                feeding = upstream_of[id(entry)] = reduce(or_, map(fed, producers), 0) & ~inputs
            if feeding & marking:
                continue  # a token may still arrive on an input
            # Unsafe: a move puts a token on a sequence flow that still holds one.
            if any((marking - take) & occupied for _, (take, occupied, _, _) in pairs):
                continue
            return entry
        return None
    return choose

