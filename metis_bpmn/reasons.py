"""Reasons in vault terms: the facts a condition reads (recorded call by call), and why a
condition fails now: only its clauses that fail, each in words ("Chat 8a is SETUP READY,
needs FIRST PASS", "setup doc X does not exist"), never as an expression with its value.

Used by sessions (why a gate is blocked) and by the planner (what a gate needs), so it sits
below both and imports neither.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Callable

from .sandbox import SandboxError, evaluate, names_read, parse


@dataclass(frozen=True)
class FactCall:
    name: str
    args: tuple
    result: Any


class RecordingFacts:
    """A read-only proxy over the vault facts that records every call and its result."""

    def __init__(self, facts: Any) -> None:
        self._facts = facts
        self.FACT_NAMES = facts.FACT_NAMES
        self.calls: list[FactCall] = []

    def __getattr__(self, name: str) -> Callable:
        if name.startswith("_") or name not in self.FACT_NAMES:
            raise AttributeError(name)
        method = getattr(self._facts, name)

        def call(*args):
            result = method(*args)
            self.calls.append(FactCall(name, args, result))
            return result

        return call


def _args(args: tuple) -> str:
    return ", ".join(str(a) for a in args)


def _missing(name: str, args: tuple, result) -> tuple[str, ...]:
    if name == "missing_handoff_parts":  # already sentences
        return tuple(map(str, result))
    what = {"missing_setup_docs": "setup doc {} named in {} does not exist",
            "missing_handoff_fields": "handoff note {1} lacks {0}"}.get(name)
    if what is None:
        return (f"{name[len('missing_'):].replace('_', ' ')} missing for {_args(args)}: "
                f"{', '.join(map(str, result))}",)
    return tuple(what.format(item, args[0] if args else "") for item in result)


_EMPTY = {
    "notes_with_tag": "no note is tagged {0}", "notes_in": "no note is in {0}",
    "handoff_notes": "there is no handoff note", "setup_docs": "there are no setup docs",
    "setup_docs_named_in": "{0} names no setup doc", "open_questions": "{0} captures no open "
    "questions", "decisions": "{0} records no decisions", "table": "{0} has no table",
    "latest_handoff": "there is no handoff note", "statuses": "the chat plan has no rows",
}


def explain_call(call: FactCall, facts: Any) -> tuple[str, ...]:
    """The reasons in words why ``call`` failed; none when it held."""
    if call.name.startswith("missing_"):
        return _missing(call.name, call.args, call.result) if call.result else ()
    reason = _explain_one(call, facts)
    return (reason,) if reason else ()


def _explain_one(call: FactCall, facts: Any) -> str | None:
    name, args, result = call.name, call.args, call.result
    if name == "status_at_least":
        return None if result or len(args) != 2 else facts.explain_status(*args)
    if name == "status" and args:
        return f"{args[0]} is {result or 'not in the chat plan'}"
    if result or isinstance(result, (int, float)) and not isinstance(result, bool):
        return None
    if name == "note_exists":
        return f"note {_args(args)} does not exist"
    if name == "frontmatter" and len(args) >= 2:
        return f"note {args[0]} has no front matter {args[1]!r}"
    if name == "mentions" and len(args) == 2:
        return f"{args[0]} does not mention {args[1]!r}"
    if name == "has_tag" and len(args) == 2:
        return f"{args[0]} is not tagged {args[1]}"
    if name == "handoff_complete" and args:
        if not facts.note_exists(args[0]):
            return f"handoff note {args[0]} does not exist"
        missing = facts.missing_handoff_fields(args[0])
        return f"handoff note {args[0]} lacks {', '.join(missing) or 'required front matter'}"
    if name == "decisions_stated" and args:
        return f"{args[0]} neither records decisions nor states that none were made"
    if name in _EMPTY:
        return _EMPTY[name].format(*args, *[""] * 2)
    return f"{name.replace('_', ' ')} ({_args(args)}) does not hold"


def _leaves(node: ast.expr) -> list[ast.expr]:
    """The clauses of a condition: the operands of its and/or, flattened."""
    if isinstance(node, ast.BoolOp):
        return [leaf for value in node.values for leaf in _leaves(value)]
    return [node]


def _data_words(clause: ast.expr, names: dict) -> str:
    """A failing clause that reads only process data, as the data it read."""
    read = sorted(names_read(ast.unparse(clause)) & set(names))
    if not read:
        return f"{ast.unparse(clause)} does not hold"
    return ", ".join(f"{name} is {names[name]!r}" for name in read)


def explain_condition(source: str, names: dict, facts: Any) -> tuple[bool, list[str]]:
    """(does the condition hold with these facts now, the reasons of its clauses that
    fail), each clause evaluated in the sandbox with its own record of fact calls."""
    try:
        if evaluate(source, names, {"vault": RecordingFacts(facts)}):
            return True, []
        tree = parse(source)
    except SandboxError as exc:
        return False, [f"the condition cannot be evaluated: {exc}"]
    reasons: list[str] = []
    for clause in _leaves(tree.body):
        recorder = RecordingFacts(facts)
        try:
            if evaluate(ast.unparse(clause), names, {"vault": recorder}):
                continue
        except SandboxError as exc:
            reasons.append(f"{ast.unparse(clause)} cannot be evaluated: {exc}")
            continue
        if isinstance(clause, ast.UnaryOp) and isinstance(clause.op, ast.Not):
            # "not vault.mentions(...)" fails because the fact holds: say what holds (a
            # missing_* fact holds with the list of what is missing).
            words = [w for c in recorder.calls for w in (
                explain_call(c, facts) if c.name.startswith("missing_")
                else filter(None, [_held(c, facts)]))]
        else:
            words = [w for c in recorder.calls for w in explain_call(c, facts)]
        if not words and isinstance(clause, ast.Compare) and recorder.calls:
            # vault.frontmatter(note, "status") == "accepted": what the vault says instead
            said = [w for c in recorder.calls if (w := _held(c, facts))]
            words = [f"{w}, needs {_needs(clause)}" for w in said]
        for reason in words or [_data_words(clause, names)]:
            if reason not in reasons:
                reasons.append(reason)
    return False, reasons


def _needs(clause: ast.Compare) -> str:
    """``== 'accepted'`` of a comparison, in words: ``'accepted'``, ``>= 2``."""
    ops = {ast.Eq: "", ast.NotEq: "not ", ast.Gt: "> ", ast.GtE: ">= ", ast.Lt: "< ",
           ast.LtE: "<= ", ast.In: "one of ", ast.NotIn: "none of "}
    return " and ".join(f"{ops.get(type(op), '')}{ast.unparse(right)}"
                        for op, right in zip(clause.ops, clause.comparators))


def _held(call: FactCall, facts: Any) -> str | None:
    """What a fact call that helped a condition hold says, in words."""
    name, args, result = call.name, call.args, call.result
    if name == "status_at_least" and len(args) == 2 and result:
        return f"{args[0]} is {facts.status(args[0])}"
    if name == "status" and args:
        return f"{args[0]} is {result or 'not in the chat plan'}"
    if name == "note_exists" and result:
        return f"note {_args(args)} exists"
    if name.startswith("missing_") and not result:
        return f"no {name[len('missing_'):].replace('_', ' ')} missing for {_args(args)}"
    if name == "mentions" and len(args) == 2:
        return f"{args[0]} {'mentions' if result else 'does not mention'} {args[1]!r}"
    if name == "frontmatter" and len(args) >= 2 and result is not None:
        return f"note {args[0]} has {args[1]}: {result}"
    if name == "handoff_complete" and result:
        return f"handoff note {_args(args)} is complete"
    return None


def because(source: str, names: dict, facts: Any) -> list[str]:
    """Why a condition holds now: the data its clauses read, with their values, and the
    vault facts in words."""
    try:
        tree = parse(source)
    except SandboxError:
        return []
    reasons: list[str] = []
    for clause in _leaves(tree.body):
        recorder = RecordingFacts(facts)
        try:
            if not evaluate(ast.unparse(clause), names, {"vault": recorder}):
                continue
        except SandboxError:
            continue
        words = [w for c in recorder.calls if (w := _held(c, facts))]
        read = sorted(names_read(ast.unparse(clause)) & set(names))
        words += [f"{name} is {names[name]!r}" for name in read]
        reasons += [w for w in words if w not in reasons]
    return reasons
