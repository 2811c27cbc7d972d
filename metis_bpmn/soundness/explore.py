"""The token game on a (reduced) net, breadth first, so every defect found comes with the
shortest firing sequence that leads to it.

A state is the number of tokens on each edge (0, 1; a second token on an edge is a lack of
synchronisation and that state is not explored further) plus the set of end events already
reached (a second token reaching the same end is improper completion). Data is abstracted:
every branch of a decision is possible. Exploration stops at ``max_states`` with an explicit
"undecided" result.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from itertools import combinations

from .net import Net

MAX_OR_BRANCHES = 8
# Messages waiting on one message flow are counted up to this many (message flows are
# channels, not sequence flows: more than one message is no lack of synchronisation).
MESSAGE_CAP = 3


@dataclass
class Defect:
    kind: str  # deadlock, lack-of-synchronization, improper-completion, livelock
    node: str
    path: tuple[str, ...]
    # deadlock: the names of what never delivers; improper completion: ("non-interrupting",)
    # when a non-interrupting boundary branch ends at the same end event
    detail: tuple[str, ...] = ()


@dataclass
class Result:
    defects: list[Defect] = field(default_factory=list)
    live: set[str] = field(default_factory=set)  # elements that fire in some run
    complete: bool = True  # False: the state budget ran out
    completes: bool = False  # some run ends with no token left
    states: int = 0


def _upstream(net: Net) -> dict[int, set[int]]:
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


def _ample_sets(net: Net, index: dict[int, int], messages: set[int]):
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

    def unsafe(move, marking) -> bool:
        _, consumed, (outs,), _, _ = move
        return any(marking[index[e]] and index[e] not in consumed and index[e] not in messages
                   for e in outs)

    def choose(enabled, marking):
        marked = [i for i, v in enumerate(marking) if v]
        by_node: dict[str, list] = {}
        for move in enabled:
            by_node.setdefault(move[0], []).append(move)
        for node, node_moves in by_node.items():
            if node in waiting or any(unsafe(m, marking) for m in node_moves):
                continue
            inputs = {i for move in node_moves for i in move[1]}
            producers = {edge_at[i].src for i in inputs}
            if any(p in by_node or any(p in downstream(edge_at[j].dst) for j in marked
                                       if j not in inputs) for p in producers):
                continue
            return node_moves
        return enabled
    return choose


def _message_ready(net: Net, edge_id: int, marking, index) -> bool:
    """An event-based gateway's branch can be taken once its event can happen: a receiver's
    message is there; an event that can never fire (no message flow reaches it) never is."""
    target = net.edges[edge_id].dst
    if net.kinds.get(target) == "blocked" and not net.edges[edge_id].path:
        return False  # (with a path, the branch's event is on it: it fires, the block is later)
    if target.endswith("#in") and len(net.out.get(target, ())) == 1:
        target = net.edges[net.out[target][0]].dst
    if target not in net.receivers:
        return True
    return any(marking[index[e]] for e in net.inc[target]
               if net.edges[e].src != net.edges[edge_id].src and not net.edges[e].src.endswith("#in"))


def _last(net: Net, edge_id: int) -> str:
    """The element right before an edge's target: the branch that should deliver."""
    edge = net.edges[edge_id]
    return edge.path[-1] if edge.path else edge.src


def _message_edges(net: Net, index: dict[int, int]) -> set[int]:
    """Indexes of the edges that carry messages (they run through ``#message`` helpers)."""
    return {i for e, i in index.items() if any(
        step.endswith("#message") for step in (net.edges[e].src, net.edges[e].dst,
                                                *net.edges[e].path))}


def _after_non_interrupting(net: Net) -> dict[str, set[str]]:
    """Non-interrupting boundary event -> the end events downstream of it."""
    found: dict[str, set[str]] = {}
    for events in net.boundaries.values():
        for event, interrupting in events:
            if interrupting:
                continue
            seen: set[str] = set()
            stack = [event]
            while stack:
                node = stack.pop()
                if node not in seen:
                    seen.add(node)
                    stack.extend(net.edges[e].dst for e in net.out.get(node, ()))
            found[event] = {n for n in seen if net.kinds.get(n) in ("end", "terminate")}
    return found


def explore(net: Net, max_states: int = 50_000, fewer_interleavings: bool = False) -> Result:
    """Explore the token game breadth first. With ``fewer_interleavings`` (a partial-order
    reduction, see :func:`_ample_sets`), fewer orders of concurrent steps are tried.

    A state is (tokens per edge, end events reached once, end events reached twice or
    more); proper completion is judged on terminated states only (no token left on a
    sequence flow), as the published semantics do."""
    index = {edge_id: i for i, edge_id in enumerate(sorted(net.edges))}
    edge_of = {i: net.edges[e] for e, i in index.items()}
    ends = sorted(n for n, k in net.kinds.items() if k in ("end", "terminate"))
    end_bit = {n: 1 << i for i, n in enumerate(ends)}
    upstream = _upstream(net) if "or" in net.kinds.values() else {}
    position = {node: i for i, node in enumerate(net.kinds)}
    # Messages nobody took (the branch an event-based gateway did not choose) do not keep a
    # run from completing: only tokens on sequence flows do.
    messages = _message_edges(net, index)
    ample = _ample_sets(net, index, messages) if fewer_interleavings and can_reduce(net) \
        else None
    shared_ends = _after_non_interrupting(net)
    result = Result()
    moves = _mover(net, index, edge_of, upstream, position, messages)

    def finished(marking) -> bool:
        return not any(v for i, v in enumerate(marking) if i not in messages)

    starts = sorted(n for n, k in net.kinds.items() if k == "start")
    parents: dict[tuple, tuple | None] = {}
    queue: deque = deque()
    size = len(index)
    for start in starts:
        marking = [0] * size
        for edge_id in net.out[start]:
            marking[index[edge_id]] = 1
            result.live.update(net.edges[edge_id].path)  # tokens on an edge ran its elements
            result.live.update(net.edges[edge_id].alt)
        state = (tuple(marking), 0, 0)
        if state not in parents:
            parents[state] = (None, (start,))
            queue.append(state)
            result.live.add(start)

    def path_to(state, last: tuple[str, ...] = ()) -> tuple[str, ...]:
        steps = []
        while state is not None:
            parent, fired = parents[state]
            steps.append(fired)
            state = parent
        return tuple(e for step in reversed(steps) for e in step) + last

    reported: set[tuple] = set()
    successors: dict[tuple, list[tuple]] = {}
    dead: set[tuple] = set()  # deadlocked states, and states with an unexplored (unsafe) move
    order: list[tuple] = []
    while queue:
        state = queue.popleft()
        order.append(state)
        successors[state] = []
        marking, once, twice = state
        if twice and finished(marking):
            for node in ends:
                if twice & end_bit[node] and ("improper", node) not in reported:
                    reported.add(("improper", node))
                    witness = path_to(state)
                    habit = any(node in shared_ends.get(e, ()) for e in witness)
                    result.defects.append(Defect("improper-completion", node, witness,
                                                 ("non-interrupting",) if habit else ()))
        enabled = list(moves(marking))
        chosen = ample(enabled, marking) if ample else enabled
        revisits = False
        for number, (node, consumed, (outs,), kind, fired) in enumerate(chosen + [
                m for m in enabled if m not in chosen]):
            if number == len(chosen) and not revisits:
                break  # the ample set sufficed; else (a cycle may close) expand fully
            result.live.add(node)
            result.live.update(fired)
            new = list(marking)
            for i in consumed:
                new[i] = new[i] - 1 if i in messages else 0
                result.live.update(edge_of[i].path)
                result.live.update(edge_of[i].alt)
            step = tuple(e for i in consumed for e in edge_of[i].path) + (node,) + fired
            reached_once, reached_twice = once, twice
            if kind in ("end", "terminate"):
                if once & end_bit[node]:
                    reached_twice |= end_bit[node]
                reached_once |= end_bit[node]
                if kind == "terminate":
                    new = [v if i in messages else 0 for i, v in enumerate(new)]
            safe = True
            for edge_id in outs:
                i = index[edge_id]
                if i in messages:
                    new[i] = min(new[i] + 1, MESSAGE_CAP)
                    continue
                if new[i]:
                    safe = False
                new[i] = 1
                result.live.update(edge_of[i].path)  # tokens on an edge ran its elements
                result.live.update(edge_of[i].alt)
            if not safe:
                dead.add(state)
                key = ("unsafe", tuple(sorted(outs)))
                if key not in reported:
                    reported.add(key)
                    result.defects.append(Defect("lack-of-synchronization", node,
                                                 path_to(state, step)))
                continue
            successor = (tuple(new), reached_once, reached_twice)
            successors[state].append(successor)
            revisits = revisits or successor in parents
            if successor not in parents:
                parents[successor] = (state, step)
                if len(parents) > max_states:
                    result.complete = False
                    result.states = len(parents)
                    return result
                queue.append(successor)
        if not enabled and not finished(marking):
            dead.add(state)
            _deadlock(net, state, edge_of, index, reported, result, path_to, messages)
    result.states = len(parents)
    result.completes = any(finished(state[0]) for state in order)
    _livelocks(result, order, successors, dead, path_to, edge_of, finished)
    return result


def _deadlock(net: Net, state, edge_of, index, reported, result: Result, path_to,
              messages: set[int]) -> None:
    """Report a stuck state once per set of stuck nodes, at its root cause first: a
    receiver that holds its token but not its message, a step that never fires. A node
    whose only marked inputs are messages (unused ones) waits for nothing and is not blamed."""
    marking = state[0]
    held = {edge_of[i].dst for i, v in enumerate(marking) if v and i not in messages}
    stuck = tuple(sorted(held or {edge_of[i].dst for i, v in enumerate(marking) if v}))
    if ("deadlock", stuck) in reported:
        return
    reported.add(("deadlock", stuck))

    def starved(node: str) -> bool:  # its token is there, its message is not
        return node in net.receivers and not any(
            marking[index[e]] for e in net.inc.get(node, ()) if index[e] in messages)

    waiting = min(stuck, key=lambda n: (not starved(n), n not in net.receivers
                                        and net.kinds.get(n) != "blocked", n))
    missing = tuple(net.names.get(_last(net, e), _last(net, e))
                    for e in net.inc.get(waiting, ()) if not marking[index[e]])
    if not missing and waiting in net.why_blocked:
        missing = (net.why_blocked[waiting],)
    held = tuple(e for i, v in enumerate(marking) if v for e in edge_of[i].path)
    result.defects.append(Defect("deadlock", waiting, path_to(state, held), missing))


def _mover(net: Net, index, edge_of, upstream, position, messages: set[int]):
    """The moves enabled in a marking: (node, consumed edge indexes, [edges it puts tokens
    on], node kind, boundary events the step fires)."""
    def moves(marking):
        marked = [i for i, v in enumerate(marking) if v]
        # Only nodes with a token waiting can fire; visit them in the net's node order.
        for node in sorted({edge_of[i].dst for i in marked}, key=position.__getitem__):
            kind = net.kinds[node]
            ins = [index[e] for e in net.inc[node]]
            have = [i for i in ins if marking[i]]
            if not have:
                continue
            if kind == "blocked":  # it never completes, but its interrupting boundaries can
                for i in have:
                    yield from _escapes(net, node, i)
                continue
            if kind == "and":
                if len(have) == len(ins):
                    yield node, have, [list(net.out[node])], kind, ()
                elif node in net.receivers:  # waiting for its message: escapes still fire
                    for i in have:
                        if i not in messages:
                            yield from _escapes(net, node, i)
                continue
            if kind == "or":
                yield from _or_moves(net, node, have, marking, marked, index, edge_of, upstream)
                continue
            for i in have:  # one token at a time: task, xor, events, ends
                yield from _single_moves(net, node, kind, i, marking, index)
    return moves


def _escapes(net: Net, node: str, i: int):
    """The interrupting boundary events of a step that waits: each takes its token away."""
    for event, interrupting in net.boundaries.get(node, ()):
        if interrupting:
            yield node, [i], [list(net.out[event])], "task", (event,)


def _or_moves(net: Net, node, have, marking, marked, index, edge_of, upstream):
    """An OR-join fires when no token upstream can still reach an empty input; an OR-split
    puts tokens on any non-empty set of its branches."""
    empty = [e for e in net.inc[node] if not marking[index[e]]]
    blocking = set().union(*(upstream[e] for e in empty)) if empty else set()
    if any(edge_of[i].id in blocking for i in marked if i not in have):
        return
    outs = list(net.out[node])
    if len(outs) > MAX_OR_BRANCHES:
        yield node, have, [outs], "or", ()
        return
    for size in range(1, len(outs) + 1):
        for subset in combinations(outs, size):
            yield node, have, [list(subset)], "or", ()


def _single_moves(net: Net, node, kind, i, marking, index):
    if kind == "xor":
        for out in net.out[node]:
            if node in net.event_based and not _message_ready(net, out, marking, index):
                continue
            yield node, [i], [[out]], kind, ()
        return
    yield node, [i], [list(net.out[node])], kind, ()
    for event, interrupting in net.boundaries.get(node, ()):
        branch = list(net.out[event])
        yield node, [i], [branch if interrupting else list(net.out[node]) + branch], kind, \
            (event,)


def _livelocks(result: Result, order, successors, dead, path_to, edge_of, finished) -> None:
    """Markings that can neither complete nor get stuck: tokens circulate forever. (Markings
    that lead to a deadlock or an unsafe state are that defect's, not a livelock.) Judged on
    markings alone: the end events a run reached change no move."""
    first: dict[tuple, tuple] = {}
    for state in order:
        first.setdefault(state[0], state)
    markings = list(first)
    nexts: dict[tuple, set[tuple]] = {m: set() for m in markings}
    for state, following in successors.items():
        nexts[state[0]].update(s[0] for s in following)
    predecessors: dict[tuple, list[tuple]] = {}
    for marking, following in nexts.items():
        for nxt in following:
            predecessors.setdefault(nxt, []).append(marking)
    settled = {m for m in markings if finished(m)} | {s[0] for s in dead}
    queue = deque(settled)
    while queue:
        marking = queue.popleft()
        for previous in predecessors.get(marking, ()):
            if previous not in settled:
                settled.add(previous)
                queue.append(previous)
    trapped = next((m for m in markings if m not in settled), None)
    if trapped is None and not result.completes and not any(
            d.kind == "deadlock" for d in result.defects):
        # Every marking can reach an unsafe one, yet no run ever completes and the runs go
        # on forever (a cycle): tokens are produced in a loop faster than they leave it. The
        # unsafe markings are that loop's symptom, not an end of its runs.
        trapped = _first_on_cycle(markings, {m: list(n) for m, n in nexts.items()})
    if trapped is not None:
        node = next(edge_of[i].dst for i, v in enumerate(trapped) if v)
        result.defects.append(Defect("livelock", node, path_to(first[trapped])))


def _first_on_cycle(order, successors):
    """The earliest explored state (breadth-first order) that lies on a cycle of states."""
    rank = {state: i for i, state in enumerate(order)}
    on_cycle = set()
    # Tarjan's strongly connected components, iteratively: states in a component of two or
    # more states, or with a self-loop, lie on a cycle.
    index, low, stack, on_stack, counter = {}, {}, [], set(), 0
    for root in order:
        if root in index:
            continue
        work = [(root, iter(successors.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            state, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child == state:
                    on_cycle.add(state)
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors.get(child, ()))))
                elif child in on_stack:
                    low[state] = min(low[state], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[state])
            if low[state] == index[state]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == state:
                        break
                if len(component) > 1:
                    on_cycle.update(component)
    return min(on_cycle, key=rank.__getitem__, default=None)
