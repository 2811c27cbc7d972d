"""Decide simple gateway conditions without running them: comparisons of one variable
against constants, membership in constant collections, booleans, and not/and/or.

For the variables such conditions read, a small set of candidate values (every constant,
its neighbours, values beyond the extremes, "something else") covers every distinct
outcome, so trying all combinations decides "can all be false" and "can both be true".
Conditions with anything else (calls, vault facts, arithmetic) are left undecided.
"""

from __future__ import annotations

import ast
import itertools
from typing import Any, Iterable

from ..sandbox import Rejected, SandboxError, evaluate, parse

OTHER = "\u2063something else"  # a string no condition mentions
MAX_COMBINATIONS = 20_000
# Decisions with more conditional branches are left undecided: their pairs and value
# combinations cost more than they tell (no real decision has hundreds of branches).
MAX_BRANCHES = 32


def _constant(node: ast.AST) -> list | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool)):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        values = [_constant(e) for e in node.elts]
        return None if any(v is None for v in values) else [v[0] for v in values]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) \
            and isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float)):
        return [-node.operand.value]
    return None


def constants(source: str) -> dict[str, list] | None:
    """Variable -> constants it is compared with, or None when the condition is not simple.

    >>> constants("status == 'ready' and n > 2")
    {'status': ['ready'], 'n': [2]}
    >>> constants("vault.status('x') == 'A'") is None
    True
    """
    try:
        tree = parse(source)
    except Rejected:
        return None
    found: dict[str, list] = {}

    def visit(node: ast.AST) -> bool:
        if isinstance(node, ast.BoolOp):
            return all(visit(v) for v in node.values)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return visit(node.operand)
        if isinstance(node, ast.Name):
            found.setdefault(node.id, []).extend([True, False])
            return True
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = node.left, node.comparators[0]
            if isinstance(right, ast.Name) and not isinstance(left, ast.Name):
                left, right = right, left
            values = _constant(right)
            if isinstance(left, ast.Name) and values is not None:
                found.setdefault(left.id, []).extend(values)
                return True
        return False

    return found if visit(tree.body) else None


def _candidates(values: list) -> list:
    out: list = []
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    for number in numbers:
        out += [number, number - 1, number + 1, number - 0.5, number + 0.5]
    if numbers:
        out += [min(numbers) - 10, max(numbers) + 10]
    out += [v for v in values if isinstance(v, (str, bool))]
    if any(isinstance(v, str) for v in values):
        out.append(OTHER)
    if any(isinstance(v, bool) for v in values) or not out:
        out += [True, False]
    return list(dict.fromkeys(out))


def assignments(sources: Iterable[str]) -> list[dict[str, Any]] | None:
    """Every combination of candidate values for the variables of ``sources``, or None if
    a condition is not simple or there are too many combinations."""
    merged: dict[str, list] = {}
    for source in sources:
        found = constants(source)
        if found is None:
            return None
        for name, values in found.items():
            merged.setdefault(name, []).extend(values)
    names = sorted(merged)
    choices = [_candidates(merged[n]) for n in names]
    total = 1
    for choice in choices:
        total *= len(choice)
    if total > MAX_COMBINATIONS:
        return None
    return [dict(zip(names, combo)) for combo in itertools.product(*choices)]


def truth(source: str, assignment: dict[str, Any]) -> bool | None:
    """The condition's value under ``assignment`` (None if it fails, e.g. 'a' < 1)."""
    try:
        return bool(evaluate(source, assignment))
    except SandboxError:
        return None


def describe(assignment: dict[str, Any]) -> str:
    parts = []
    for name, value in assignment.items():
        shown = "something else" if value == OTHER else repr(value)
        parts.append(f"{name} = {shown}")
    return ", ".join(parts) or "always"
