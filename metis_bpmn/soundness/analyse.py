"""Soundness of every scope of a document, computed once per file."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.elements import CallActivity, Document, Scope
from .explore import Result, explore
from .messages import compose
from .net import build
from .reduce import reduce


@dataclass(frozen=True)
class ScopeResult:
    scope: Scope
    result: Result
    reduced_to: int  # nodes left after reduction


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
    return result


def analyse(document: Document, max_states: int = 50_000,
            message_flows: bool = True) -> list[ScopeResult]:
    """Every scope's token game. A call activity is an opaque task, unless it calls a process
    of the same file that can never finish: then it never finishes either. With
    ``message_flows``, the processes of a collaboration are played together, their message
    flows carrying messages (:mod:`.messages`)."""
    results: list[ScopeResult] = []
    blocked: set[str] = set()
    for _ in range(2):  # the second pass sees which called processes cannot finish
        results = []
        composed: set[str] = set()
        for collaboration in document.collaborations if message_flows else ():
            found = compose(document, collaboration, blocked)
            if found is None:
                continue
            net, scope = found
            composed.update(p.process_ref for p in collaboration.participants if p.process_ref)
            net = reduce(net)
            results.append(ScopeResult(scope, _real(explore(net, max_states)), len(net.kinds)))
        for process, scope in document.scopes():
            if scope is process.scope and process.id in composed:
                continue
            net = build(scope, blocked)
            if net is None:
                continue
            net = reduce(net)
            results.append(ScopeResult(scope, explore(net, max_states), len(net.kinds)))
        newly = _never_completes(document, results)
        if newly <= blocked:
            break
        blocked |= newly
    return results
