"""The token game on a (reduced) net: its state space (:mod:`.statespace`), then the defects
found in it, each with the shortest firing sequence that leads to it.

Data is abstracted: every branch of a decision is possible. Exploration stops at
``max_states`` with an explicit "undecided" result. Proper completion is judged on
terminated states only (no token left on a sequence flow), as the published semantics do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..graph.cycles import backward_closure, first_on_cycle
from .net import Net
from .statespace import StateSpace, build_space


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
    complete: bool = True  # False: the state budget ran out (or see ``undecided``)
    completes: bool = False  # some run ends with no token left
    states: int = 0
    pruned: bool = False  # fewer interleavings were played than the full game has
    undecided: str | None = None  # why the game was not played at all


def explore(net: Net, max_states: int = 50_000, fewer_interleavings: bool = False) -> Result:
    """Explore the token game breadth first and report its defects. With
    ``fewer_interleavings`` (a partial-order reduction, see
    :func:`.moves.ample_sets`), fewer orders of concurrent steps are tried."""
    space = build_space(net, max_states, fewer_interleavings)
    result = Result(live=live_elements(space), complete=space.complete,
                    states=len(space.parents), pruned=space.pruned)
    reported: set[tuple] = set()
    for kind, state, move in space.events:
        result.defects.extend(_DETECTORS[kind](space, state, move, reported))
    if space.complete:
        result.completes = any(space.finished(state[0]) for state in space.order)
        trapped = livelock(space, result.completes, result.defects) if space.cyclic else None
        if trapped is not None:
            result.defects.append(trapped)
    return result


def live_elements(space: StateSpace) -> set[str]:
    """Elements that fire in some run: each move's node and events, and the elements of the
    edges it takes tokens from and puts them on (a token on an edge ran its elements; a
    message put on a channel runs them when it is taken)."""
    edges, ids, messages = space.net.edges, space.edge_ids, space.messages
    live: set[str] = set()
    for node, consumed, outs, kind, events in space.fired.values():
        live.add(node)
        live.update(events)
        for i in consumed + tuple(i for i in outs if kind == "start" or i not in messages):
            live.update(edges[ids[i]].path)
            live.update(edges[ids[i]].alt)
    return live


def improper_completion(space: StateSpace, state, _move, reported) -> list[Defect]:
    """A terminated state that reached an end event twice, once per end event."""
    twice, net = state[2], space.net
    defects = []
    for bit, node in enumerate(space.ends):
        if twice & (1 << bit) and ("improper", node) not in reported:
            reported.add(("improper", node))
            witness = space.path_to(state)
            habit = any(node in _ends_after(net, event) for event in witness
                        if _non_interrupting(net, event))
            defects.append(Defect("improper-completion", node, witness,
                                  ("non-interrupting",) if habit else ()))
    return defects


def lack_of_synchronization(space: StateSpace, state, move, reported) -> list[Defect]:
    """A move that puts a second token on an edge, once per set of target edges."""
    key = ("unsafe", tuple(sorted(move[2])))
    if key in reported:
        return []
    reported.add(key)
    return [Defect("lack-of-synchronization", move[0], space.path_to(state, space.step(move)))]


def deadlock(space: StateSpace, state, _move, reported) -> list[Defect]:
    """A stuck state, once per set of stuck nodes, blamed on its root cause first: a
    receiver that holds its token but not its message, a step that never fires. A node
    whose only marked inputs are messages (unused ones) waits for nothing and is not blamed."""
    net, index, messages = space.net, space.index, space.messages
    edge_of = {i: net.edges[e] for i, e in enumerate(space.edge_ids)}
    tokens = space.tokens(state[0])
    held = {edge_of[i].dst for i in tokens if i not in messages}
    stuck = tuple(sorted(held or {edge_of[i].dst for i in tokens}))
    if ("deadlock", stuck) in reported:
        return []
    reported.add(("deadlock", stuck))

    def starved(node: str) -> bool:  # its token is there, its message is not
        return node in net.receivers and not any(
            index[e] in tokens for e in net.inc.get(node, ()) if index[e] in messages)

    waiting = min(stuck, key=lambda n: (not starved(n), n not in net.receivers
                                        and net.kinds.get(n) != "blocked", n))
    missing = tuple(net.names.get(_last(net, e), _last(net, e))
                    for e in net.inc.get(waiting, ()) if index[e] not in tokens)
    if not missing and waiting in net.why_blocked:
        missing = (net.why_blocked[waiting],)
    on_edges = tuple(e for i in tokens for e in edge_of[i].path)
    return [Defect("deadlock", waiting, space.path_to(state, on_edges), missing)]


def livelock(space: StateSpace, completes: bool, defects: list[Defect]) -> Defect | None:
    """Markings that can neither complete nor get stuck: tokens circulate forever. (Markings
    that lead to a deadlock or an unsafe state are that defect's, not a livelock.) Judged on
    markings alone: the end events a run reached change no move."""
    first: dict[tuple, tuple] = {}
    for state in space.order:
        first.setdefault(state[0], state)
    markings = list(first)
    nexts: dict[tuple, set[tuple]] = {m: set() for m in markings}
    for state, following in space.successors.items():
        nexts[state[0]].update(s[0] for s in following)
    predecessors: dict[tuple, list[tuple]] = {}
    for marking, following in nexts.items():
        for nxt in following:
            predecessors.setdefault(nxt, []).append(marking)
    settled = backward_closure(predecessors, [m for m in markings if space.finished(m)]
                               + [s[0] for s in space.dead])
    trapped = next((m for m in markings if m not in settled), None)
    if trapped is None and not completes and not any(d.kind == "deadlock" for d in defects):
        # Every marking can reach an unsafe one, yet no run ever completes and the runs go
        # on forever (a cycle): tokens are produced in a loop faster than they leave it. The
        # unsafe markings are that loop's symptom, not an end of its runs.
        trapped = first_on_cycle(markings, {m: list(n) for m, n in nexts.items()})
    if trapped is None:
        return None
    first_marked = next(iter(space.tokens(trapped)))
    node = space.net.edges[space.edge_ids[first_marked]].dst
    return Defect("livelock", node, space.path_to(first[trapped]))


_DETECTORS = {"improper": improper_completion, "unsafe": lack_of_synchronization,
              "deadlock": deadlock}


def _last(net: Net, edge_id: int) -> str:
    """The element right before an edge's target: the branch that should deliver."""
    edge = net.edges[edge_id]
    return edge.path[-1] if edge.path else edge.src


def _non_interrupting(net: Net, event: str) -> bool:
    return any(e == event and not interrupting
               for events in net.boundaries.values() for e, interrupting in events)


def _ends_after(net: Net, event: str) -> set[str]:
    """The end events downstream of a boundary event."""
    seen: set[str] = set()
    stack = [event]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(net.edges[e].dst for e in net.out.get(node, ()))
    return {n for n in seen if net.kinds.get(n) in ("end", "terminate")}
