"""What a condition needs from the vault and the process data, fact by fact: ``{"fact",
"now", "wants"}`` for each of its clauses that fails with the vault as it is now."""

from __future__ import annotations

import ast
from typing import Any

from ..reasons import RecordingFacts
from ..sandbox import SandboxError, evaluate, names_read, parse


def _compared(clause: ast.expr) -> str | None:
    """The constant a clause compares a fact or a name with (``... == "COMPLETE"``)."""
    if isinstance(clause, ast.Compare):
        for side in (clause.left, *clause.comparators):
            if isinstance(side, ast.Constant) and isinstance(side.value, (str, int, float)):
                return str(side.value)
    return None


def _from_call(call, facts: Any, clause: ast.expr) -> dict | None:
    name, args, result = call.name, call.args, call.result
    if name == "status_at_least" and len(args) == 2 and not result:
        return {"fact": str(args[0]), "now": facts.status(args[0]) or "not in the chat plan",
                "wants": str(args[1])}
    if name == "status" and args:
        return {"fact": str(args[0]), "now": result or "not in the chat plan",
                "wants": _compared(clause) or "a status"}
    if name.startswith("missing_") and result:
        what = name[len("missing_"):].replace("_", " ")
        return {"fact": f"{what} of {args[0]}" if args else what,
                "now": "missing " + ", ".join(map(str, result)), "wants": "none missing"}
    if name == "note_exists" and not result:
        return {"fact": f"note {args[0]}", "now": "missing", "wants": "exists"}
    if name == "handoff_complete" and not result and args:
        lacks = facts.missing_handoff_fields(args[0]) if facts.note_exists(args[0]) else []
        return {"fact": f"handoff {args[0]}",
                "now": ("lacks " + ", ".join(lacks)) if lacks else "missing",
                "wants": "complete"}
    if not result and not isinstance(result, (int, float)):
        return {"fact": f"{name.replace('_', ' ')} ({', '.join(map(str, args))})",
                "now": "no", "wants": "yes"}
    return None


def _from_data(clause: ast.expr, names: dict) -> list[dict]:
    read = sorted(names_read(ast.unparse(clause)) - {"vault"})
    wants = _compared(clause) or ("no" if isinstance(clause, ast.UnaryOp) else "yes")
    return [{"fact": name, "now": names[name], "wants": wants} if name in names else
            {"fact": name, "now": "not given yet", "wants": "given by an earlier step"}
            for name in read]


def needs(source: str, names: dict, facts: Any) -> tuple[bool, list[dict]]:
    """(does the condition hold now, what its failing clauses need)."""
    try:
        tree = parse(source)
    except SandboxError:
        return False, [{"fact": "the condition", "now": "cannot be read", "wants": "valid"}]
    body = tree.body
    either = isinstance(body, ast.BoolOp) and isinstance(body.op, ast.Or)
    clauses = body.values if isinstance(body, ast.BoolOp) else [body]
    found: list[dict] = []
    held = []
    for clause in clauses:
        recorder = RecordingFacts(facts)
        try:
            value = evaluate(ast.unparse(clause), names, {"vault": recorder})
        except SandboxError:
            value = False  # a name not set yet: the data it reads is what is needed
        held.append(bool(value))
        if value:
            continue
        items = [n for call in recorder.calls if (n := _from_call(call, facts, clause))]
        for item in items or _from_data(clause, names):
            if item not in found:
                found.append(item)
    holds = any(held) if either else all(held)
    return holds, [] if holds else found
