"""Soundness of every scope of a document, computed once per file."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.elements import CallActivity, Document, Scope
from .explore import Result, explore
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


def analyse(document: Document, max_states: int = 50_000) -> list[ScopeResult]:
    """Every scope's token game. A call activity is an opaque task, unless it calls a process
    of the same file that can never finish: then it never finishes either."""
    results: list[ScopeResult] = []
    blocked: set[str] = set()
    for _ in range(2):  # the second pass sees which called processes cannot finish
        results = []
        for _, scope in document.scopes():
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
