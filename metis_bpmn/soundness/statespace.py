"""The state space of a token net, breadth first, so every state is reached by a shortest
firing sequence.

A state is ``(marking, end events reached once, end events reached twice or more)``, all
three integers: the ends as bits, the marking as two bits per edge holding its token count
(0 or 1 on a sequence flow, up to ``MESSAGE_CAP`` on a message flow), so a step is a few
integer operations and a state hashes fast.
Exploration records what the defect detectors need, in the order it meets them: a
terminated state that reached an end twice, a move that would put a second token on an edge
(that state is not explored further), a state where nothing can move. It stops after
``max_states`` states (``complete`` is then False).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .moves import ample_sets, can_reduce, may_cycle, mover, tokens
from .net import Net

# Messages waiting on one message flow are counted up to this many (message flows are
# channels, not sequence flows: more than one message is no lack of synchronisation).
MESSAGE_CAP = 3


@dataclass
class StateSpace:
    net: Net
    index: dict[int, int]  # edge id -> position in a marking
    messages: frozenset[int]  # positions of the edges that carry messages
    ends: list[str]
    edge_ids: list[int]  # position in a marking -> edge id
    parents: dict[tuple, tuple] = field(default_factory=dict)  # state -> (parent, move)
    order: list[tuple] = field(default_factory=list)  # expanded states, breadth first
    successors: dict[tuple, list[tuple]] = field(default_factory=dict)
    events: list[tuple] = field(default_factory=list)  # ("improper"|"unsafe"|"deadlock", state, move)
    dead: set[tuple] = field(default_factory=set)  # deadlocked states, states with an unsafe move
    # every move made (and the start moves), by identity: the moves of a net are made once
    # and shared by every state, and hashing a move is most of the cost of a set of them
    fired: dict[int, tuple] = field(default_factory=dict)
    complete: bool = True
    cyclic: bool = True  # the net has a cycle (else no livelock, and no successors kept)
    pruned: bool = False  # the partial-order reduction chose a node somewhere

    flows: int = 0  # the fields of the edges that are sequence flows, not messages

    def finished(self, marking: int) -> bool:
        """No token left on a sequence flow (messages nobody took do not count)."""
        return not marking & self.flows

    tokens = staticmethod(tokens)

    def step(self, move: tuple) -> tuple[str, ...]:
        """The elements a move runs: the consumed edges' elements, the node, its events."""
        edge_at, ids = self.net.edges, self.edge_ids
        return tuple(e for i in move[1] for e in edge_at[ids[i]].path) + (move[0],) + move[4]

    def path_to(self, state: tuple, last: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The elements run on the shortest way to ``state`` (a start's pseudo move names
        only its start event), then ``last``."""
        steps = []
        while state is not None:
            parent, move = self.parents[state]
            steps.append(move[4] if move[0] is None else self.step(move))
            state = parent
        return tuple(e for step in reversed(steps) for e in step) + last


def _message_edges(net: Net, index: dict[int, int]) -> frozenset[int]:
    """Indexes of the edges that carry messages (they run through ``#message`` helpers)."""
    return frozenset(i for e, i in index.items() if any(
        step.endswith("#message") for step in (net.edges[e].src, net.edges[e].dst,
                                                *net.edges[e].path)))


def _space(net: Net) -> StateSpace:
    """An empty state space of a net: its edges numbered, its ends and messages found."""
    edge_ids = sorted(net.edges)
    index = {edge_id: i for i, edge_id in enumerate(edge_ids)}
    messages = _message_edges(net, index)
    ends = sorted(n for n, k in net.kinds.items() if k in ("end", "terminate"))
    return StateSpace(net, index, messages, ends, edge_ids,
                      flows=sum(3 << (2 * i) for i in range(len(edge_ids)) if i not in messages))


def _started(space: StateSpace) -> deque:
    """The start states, queued: a start event's "move" runs it and puts tokens on its
    edges."""
    net, index, queue = space.net, space.index, deque()
    for start in sorted(n for n, k in net.kinds.items() if k == "start"):
        outs = tuple(index[e] for e in net.out[start])
        state = (sum(1 << (2 * i) for i in set(outs)), 0, 0)
        if state not in space.parents:
            space.parents[state] = (None, (None, (), outs, "start", (start,)))
            move = (start, (), outs, "start", ())
            space.fired[id(move)] = move
            queue.append(state)
    return queue


def _plan(enabled: list[tuple], marking: int, ample, space: StateSpace) -> tuple:
    """A marking's enabled moves (grouped by node, see :func:`.moves.mover`), the moves to
    make first and the moves made only if those close a cycle (the partial-order
    reduction's choice, see :func:`.moves.ample_sets`; without one, every move first)."""
    chosen = ample(enabled, marking) if ample else None
    if chosen is None:
        return enabled, enabled[0][1] if len(enabled) == 1 else \
            [pair for entry in enabled for pair in entry[1]], ()
    space.pruned = True  # (even when all is expanded after all, it is in another order)
    return enabled, chosen[1], [pair for entry in enabled if entry is not chosen
                                for pair in entry[1]]


def build_space(net: Net, max_states: int, fewer_interleavings: bool = False) -> StateSpace:
    space = _space(net)
    index, messages, ends = space.index, space.messages, space.ends
    end_bit = {n: 1 << i for i, n in enumerate(ends)}
    moves = mover(net, index, messages)
    ample = ample_sets(net, index) if fewer_interleavings and can_reduce(net) else None
    # Only a net with a cycle can livelock; the livelock search alone reads the successors.
    following: list = []
    record = space.cyclic = may_cycle(net)
    unsafe: set[int] = set()  # moves already found unsafe somewhere (by identity, see fired)
    parents, order, successors = space.parents, space.order, space.successors
    events, dead, fired, finished = space.events, space.dead, space.fired, space.finished
    carried = sum(3 << (2 * i) for i in messages)
    # A marking's moves do not depend on the ends reached: states that differ only there
    # (a third of them in a big cyclic net) share them.
    plans: dict[int, tuple] = {}
    queue = _started(space)
    while queue:
        state = queue.popleft()
        order.append(state)
        if record:
            following = successors[state] = []
        marking, once, twice = state
        if twice and finished(marking):
            events.append(("improper", state, None))
        plan = plans.get(marking)
        if plan is None:
            plan = plans[marking] = _plan(moves(marking), marking, ample, space)
        enabled, chosen, rest = plan
        revisits = False
        for batch in (chosen, rest) if rest else (chosen,):
            for move, (take, occupied, put, to_channels) in batch:
                fired[id(move)] = move
                new = marking - take
                reached_once, reached_twice = once, twice
                kind = move[3]
                if kind == "end" or kind == "terminate":
                    bit = end_bit[move[0]]
                    if once & bit:
                        reached_twice |= bit
                    reached_once |= bit
                    if kind == "terminate":
                        new &= carried
                if new & occupied:
                    dead.add(state)
                    if id(move) not in unsafe:  # the detector reports each move's first only
                        unsafe.add(id(move))
                        events.append(("unsafe", state, move))
                    continue
                new += put
                for shift in to_channels:
                    if (new >> shift) & 3 < MESSAGE_CAP:
                        new += 1 << shift
                successor = (new, reached_once, reached_twice)
                if record:
                    following.append(successor)
                if successor in parents:
                    revisits = True
                    continue
                parents[successor] = (state, move)
                if len(parents) > max_states:
                    space.complete = False
                    return space
                queue.append(successor)
            if not revisits:
                break  # the ample set sufficed; else (a cycle may close) expand fully
        if not enabled and not finished(marking):
            dead.add(state)
            events.append(("deadlock", state, None))
    return space
