"""Soundness of every scope of a document, computed once per file."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.elements import Document, Scope
from .explore import Result, explore
from .net import build
from .reduce import reduce


@dataclass(frozen=True)
class ScopeResult:
    scope: Scope
    result: Result
    reduced_to: int  # nodes left after reduction


def analyse(document: Document, max_states: int = 50_000) -> list[ScopeResult]:
    results = []
    for _, scope in document.scopes():
        net = build(scope)
        if net is None:
            continue
        net = reduce(net)
        results.append(ScopeResult(scope, explore(net, max_states), len(net.kinds)))
    return results
