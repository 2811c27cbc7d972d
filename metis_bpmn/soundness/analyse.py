"""Soundness of every scope of a document, computed once per file."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.elements import CallActivity, Document, Scope
from .explore import Result, explore
from .messages import compose, interacting, unreachable_receivers
from .net import build
from .reduce import reduce


@dataclass(frozen=True)
class ScopeResult:
    scope: Scope
    result: Result
    reduced_to: int  # nodes left after reduction


CALLS_STUCK = "its called process, which can never finish"
# A marking holds two bits per edge, and a move's effect is an integer as wide: past a few
# thousand edges every step costs time and memory in proportion (a 10 MiB file of 176,000
# parallel flows took 20 s and 4 GB). Real models have at most a few hundred after reduction.
MAX_EDGES = 5_000


def _never_completes(document: Document, results: list[ScopeResult]) -> set[str]:
    """Ids of call activities whose called process is in this file and can never finish."""
    stuck = {r.scope.owner for r in results
             if r.result.complete and not r.result.completes
             and r.scope.owner in {p.id for p in document.processes}}
    return {node.id for _, scope in document.scopes() for node in scope.nodes
            if isinstance(node, CallActivity) and node.called_element in stuck}


def _real(result: Result) -> Result:
    """Evidence without the helper nodes a composition adds (``Receive#message``)."""
    def clean(path):
        steps = [step.split("#", 1)[0] for step in path]
        return tuple(s for i, s in enumerate(steps) if i == 0 or s != steps[i - 1])
    for defect in result.defects:
        defect.node = defect.node.split("#", 1)[0]
        defect.path = clean(defect.path)
    result.live = {step.split("#", 1)[0] for step in result.live}
    return result


def _decided(net) -> Result | None:
    """The result of a net that the reduction brought down to one start, one end and one
    edge between them: sound, every element on that edge runs. No state space needed (most
    corpus scopes end like this)."""
    if len(net.kinds) != 2 or len(net.edges) != 1 or net.boundaries:
        return None
    (edge,) = net.edges.values()
    if net.kinds.get(edge.src) != "start" or net.kinds.get(edge.dst) != "end":
        return None
    return Result(live={edge.src, edge.dst, *edge.path, *edge.alt}, completes=True, states=2)


def _play(net, max_states: int) -> Result:
    """The token game with fewer interleavings (a partial-order reduction that keeps every
    deadlock and end state). When it finds a defect, or leaves an element unfired, the game
    is replayed in full, with a fifth of the budget, for the shortest counterexamples and the
    elements that really never run; if that replay runs out, the reduced game's (real,
    possibly longer) counterexamples are reported."""
    decided = _decided(net)
    if decided is not None:
        return decided
    if len(net.edges) > MAX_EDGES:
        return Result(complete=False, undecided=(
            f"was not played: its net has {len(net.edges):,} flows after reduction, over the "
            f"{MAX_EDGES:,} it is played on"))
    reduced = explore(net, max_states, fewer_interleavings=True)
    if not reduced.complete or not reduced.pruned:
        return reduced  # (a game that left no move out is the full game)
    everything = set(net.kinds) | {e for edge in net.edges.values() for e in edge.path + edge.alt}
    if not reduced.defects and everything <= reduced.live:
        return reduced
    # A defect's shortest run, or an element the reduced game did not fire (the reduction
    # keeps deadlocks and ends, not every step): the full game decides.
    full = explore(net, max(max_states // 5, 1))
    return full if full.complete else reduced


def analyse(document: Document, max_states: int = 50_000, message_flows: bool = True,
            unmodelled_senders: bool = False) -> list[ScopeResult]:
    """Every scope's token game. A call activity is an opaque task, unless it calls a process
    of the same file that can never finish: then it never finishes either (to a fixpoint, so
    A calls B calls C, and C deadlocks, blocks A too). With ``message_flows``, the processes
    of a collaboration that exchange messages are played together, their message flows
    carrying messages (:mod:`.messages`), with a tenth of the state budget; when that play
    runs out of states (reported as undecided), each process is also played on its own."""
    results: list[ScopeResult] = []
    calls: set[str] = set()
    for _ in range(len(document.processes) + 1):  # each pass adds a link of a call chain
        results = []
        blocked = {c: CALLS_STUCK for c in calls}
        composed: set[str] = set()
        for collaboration in document.collaborations if message_flows else ():
            blocked.update(unreachable_receivers(document, collaboration, unmodelled_senders))
            if not interacting(document, collaboration):
                continue
            found = compose(document, collaboration, blocked)
            if found is None:
                continue
            net, scope = reduce(found[0]), found[1]
            # Pools multiply each other's states: a tenth of the budget, then each process on
            # its own, so a big collaboration costs a little more, not seconds.
            result = _real(_play(net, max(max_states // 10, 1)))
            results.append(ScopeResult(scope, result, len(net.kinds)))
            if result.complete:  # else each process is still played on its own, below
                composed.update(p.process_ref for p in collaboration.participants
                                if p.process_ref)
        for process, scope in document.scopes():
            if scope is process.scope and process.id in composed:
                continue
            net = build(scope, blocked)
            if net is None:
                continue
            net = reduce(net)
            results.append(ScopeResult(scope, _play(net, max_states), len(net.kinds)))
        newly = _never_completes(document, results)
        if newly <= calls:
            break
        calls |= newly
    return results
