"""What gate conditions may name: the vault facts and status values, and process data."""

from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass

from ..model.elements import Document, Expression, Process, Scope
from ..sandbox import Rejected
from ..sandbox import parse as sandbox_parse
from ..sandbox.checker import RESERVED
from ..vocabulary import FACT_NAMES
from ..vocabulary import STATUS_ORDER, normalise


def closest(word: str, options) -> str | None:
    found = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.5)
    return found[0] if found else None


@dataclass(frozen=True)
class Condition:
    """A condition that gates work: on a sequence flow, or a conditional event."""

    element_id: str  # the flow or event holding it
    node_id: str  # the flow-graph node where it is decided (gateway or event)
    expression: Expression
    scope: Scope
    process: Process


def python_conditions(document: Document) -> list[Condition]:
    """Conditions of executable processes written in Python (SpiffWorkflow's language)."""
    found = []
    for process in document.processes:
        if not process.is_executable:
            continue
        for scope in process.scope.walk():
            for flow in scope.flows:
                if flow.condition and flow.id and flow.source:
                    found.append(Condition(flow.id, flow.source, flow.condition, scope, process))
            for node in scope.nodes:
                for definition in getattr(node, "definitions", ()):
                    if definition.condition and node.id:
                        found.append(Condition(node.id, node.id, definition.condition, scope,
                                               process))
    return [c for c in found if "${" not in c.expression.body and c.expression.body.strip()
            and (c.expression.language or "python").lower() in ("python", "python3", "py")]


def parse(source: str) -> ast.AST | None:
    try:
        return sandbox_parse(source)
    except Rejected:
        return None


def vault_calls(tree: ast.AST) -> list[ast.Call | ast.Attribute]:
    """Every ``vault.<name>`` use (called or not)."""
    return [n for n in ast.walk(tree) if isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name) and n.value.id == "vault"]


def status_literals(tree: ast.AST) -> list[str]:
    """Status strings a condition compares with: ``vault.status_at_least(a, "X")`` and
    ``vault.status(a) == "X"`` (either side)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "status_at_least" and len(node.args) == 2 \
                and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
            found.append(node.args[1].value)
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Call) and isinstance(s.func, ast.Attribute)
                   and s.func.attr == "status" for s in sides):
                found += [s.value for s in sides
                          if isinstance(s, ast.Constant) and isinstance(s.value, str)]
    return found


def unknown_status(value: str) -> str | None:
    """A hint for an unknown status value, or None when the value is a known status."""
    if normalise(value) is not None:
        return None
    return closest(value.upper(), STATUS_ORDER) or STATUS_ORDER[0]


GLOBALS = frozenset({"vault", *RESERVED})
FACTS = FACT_NAMES
