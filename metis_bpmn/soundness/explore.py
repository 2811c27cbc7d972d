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


@dataclass
class Defect:
    kind: str  # deadlock, lack-of-synchronization, improper-completion, livelock
    node: str
    path: tuple[str, ...]
    detail: tuple[str, ...] = ()  # deadlock: edges' source names that never deliver


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


def _ample_sets(net: Net, index: dict[int, int]):
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

    def unsafe(move, marking) -> bool:
        _, consumed, (outs,), _ = move
        return any(marking[index[e]] and index[e] not in consumed for e in outs)

    def choose(enabled, marking):
        marked = [i for i, v in enumerate(marking) if v]
        by_node: dict[str, list] = {}
        for move in enabled:
            by_node.setdefault(move[0], []).append(move)
        for node_moves in by_node.values():
            if any(unsafe(m, marking) for m in node_moves):
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
    """An event-based gateway's branch to a receiver can be taken once its message is there."""
    target = net.edges[edge_id].dst
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


def explore(net: Net, max_states: int = 50_000, fewer_interleavings: bool = False) -> Result:
    """Explore the token game breadth first. With ``fewer_interleavings`` (a partial-order
    reduction, see :func:`_ample_sets`), fewer orders of concurrent steps are tried."""
    index = {edge_id: i for i, edge_id in enumerate(sorted(net.edges))}
    edge_of = {i: net.edges[e] for e, i in index.items()}
    ends = sorted(n for n, k in net.kinds.items() if k in ("end", "terminate"))
    end_bit = {n: 1 << i for i, n in enumerate(ends)}
    upstream = _upstream(net) if "or" in net.kinds.values() else {}
    position = {node: i for i, node in enumerate(net.kinds)}
    ample = _ample_sets(net, index) if fewer_interleavings and can_reduce(net) else None
    result = Result()

    # A move: (node, consumed edge indexes, [edges it puts tokens on], node kind)
    def moves(state):
        marking, fired_ends = state
        marked = [i for i, v in enumerate(marking) if v]
        # Only nodes with a token waiting can fire; visit them in the net's node order.
        for node in sorted({edge_of[i].dst for i in marked}, key=position.__getitem__):
            kind = net.kinds[node]
            ins = [index[e] for e in net.inc[node]]
            have = [i for i in ins if marking[i]]
            if not have or kind == "blocked":
                continue
            if kind == "and":
                if len(have) == len(ins):
                    yield node, have, [list(net.out[node])], kind
                continue
            if kind == "or":
                empty = [e for e in net.inc[node] if not marking[index[e]]]
                blocking = set().union(*(upstream[e] for e in empty)) if empty else set()
                if any(edge_of[i].id in blocking for i in marked if i not in have):
                    continue
                outs = list(net.out[node])
                if len(outs) > MAX_OR_BRANCHES:
                    yield node, have, [outs], kind
                    continue
                for size in range(1, len(outs) + 1):
                    for subset in combinations(outs, size):
                        yield node, have, [list(subset)], kind
                continue
            for i in have:  # one token at a time: task, xor, events, ends
                if kind == "xor":
                    for out in net.out[node]:
                        if node in net.event_based and not _message_ready(net, out, marking,
                                                                           index):
                            continue
                        yield node, [i], [[out]], kind
                else:
                    alternatives = [list(net.out[node])]
                    for event, interrupting in net.boundaries.get(node, ()):
                        branch = list(net.out[event])
                        alternatives.append(branch if interrupting
                                            else list(net.out[node]) + branch)
                    for outs in alternatives:
                        yield node, [i], [outs], kind

    # Messages nobody took (the branch an event-based gateway did not choose) do not keep a
    # run from completing: only tokens on sequence flows do.
    messages = {i for e, i in index.items() if any(
        step.endswith("#message") for step in (net.edges[e].src, net.edges[e].dst,
                                                *net.edges[e].path))}

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
        state = (tuple(marking), 0)
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
        marking, fired_ends = state
        enabled = list(moves(state))
        any_move = bool(enabled)
        chosen = ample(enabled, marking) if ample else enabled
        revisits = False
        for number, (node, consumed, (outs,), kind) in enumerate(chosen + [
                m for m in enabled if m not in chosen]):
            if number == len(chosen) and not revisits:
                break  # the ample set sufficed; else (a cycle may close) expand fully
            result.live.add(node)
            new = list(marking)
            for i in consumed:
                new[i] = 0
                result.live.update(edge_of[i].path)
                result.live.update(edge_of[i].alt)
            step = tuple(e for i in consumed for e in edge_of[i].path) + (node,)
            ends = fired_ends
            if kind in ("end", "terminate"):
                if fired_ends & end_bit[node] and ("improper", node) not in reported:
                    reported.add(("improper", node))
                    result.defects.append(Defect("improper-completion", node,
                                                 path_to(state, step)))
                ends |= end_bit[node]
                if kind == "terminate":
                    new = [0] * size
            safe = True
            for edge_id in outs:
                i = index[edge_id]
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
            successor = (tuple(new), ends)
            successors[state].append(successor)
            revisits = revisits or successor in parents
            if successor not in parents:
                parents[successor] = (state, step)
                if len(parents) > max_states:
                    result.complete = False
                    result.states = len(parents)
                    return result
                queue.append(successor)
        if not any_move and not finished(marking):
            dead.add(state)
            stuck = tuple(sorted({edge_of[i].dst for i, v in enumerate(marking) if v}))
            if ("deadlock", stuck) not in reported:
                reported.add(("deadlock", stuck))
                # The root cause first: a receiver without its message, a step that never fires.
                waiting = min(stuck, key=lambda n: (n not in net.receivers
                                                    and net.kinds.get(n) != "blocked", n))
                missing = tuple(net.names.get(_last(net, e), _last(net, e))
                                for e in net.inc.get(waiting, ())
                                if not marking[index[e]])
                if not missing and waiting in net.why_blocked:
                    missing = (net.why_blocked[waiting],)
                held = tuple(e for i, v in enumerate(marking) if v for e in edge_of[i].path)
                result.defects.append(Defect("deadlock", waiting, path_to(state, held), missing))
    result.states = len(parents)
    result.completes = any(finished(state[0]) for state in order)
    _livelocks(result, order, successors, dead, path_to, edge_of, finished)
    return result


def _livelocks(result: Result, order, successors, dead, path_to, edge_of, finished) -> None:
    """States that can neither complete nor get stuck: tokens circulate forever. (States
    that lead to a deadlock or an unsafe state are that defect's, not a livelock.)"""
    predecessors: dict[tuple, list[tuple]] = {}
    for state, nexts in successors.items():
        for nxt in nexts:
            predecessors.setdefault(nxt, []).append(state)
    settled = {s for s in order if finished(s[0])} | dead
    queue = deque(settled)
    while queue:
        state = queue.popleft()
        for previous in predecessors.get(state, ()):
            if previous not in settled:
                settled.add(previous)
                queue.append(previous)
    trapped = next((s for s in order if s not in settled), None)
    if trapped is None and not result.completes and not any(
            d.kind == "deadlock" for d in result.defects):
        # Every state can reach an unsafe one, yet no run ever completes and the runs go on
        # forever (a cycle of states): tokens are produced in a loop faster than they leave
        # it. The unsafe states are that loop's symptom, not an end of its runs.
        trapped = _first_on_cycle(order, successors)
    if trapped is not None:
        node = next(edge_of[i].dst for i, v in enumerate(trapped[0]) if v)
        result.defects.append(Defect("livelock", node, path_to(trapped)))


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
