"""Explain why a gate is blocked, in vault terms, from the fact calls its condition made."""

from __future__ import annotations

from typing import Any

from .scripting import FactCall


def _quote(args: tuple) -> str:
    return ", ".join(repr(a) for a in args)


def explain_call(call: FactCall, facts: Any) -> str | None:
    """A reason when ``call`` is a failing fact, else None."""
    name, args, result = call.name, call.args, call.result
    if name == "status_at_least" and not result and len(args) == 2:
        return facts.explain_status(*args)
    if name == "status" and args:
        return f"{args[0]} is {result or 'not in the chat plan'}"
    if name == "note_exists" and not result:
        return f"note {args[0]} does not exist"
    if name == "handoff_complete" and not result and args:
        if not facts.note_exists(args[0]):
            return f"handoff note {args[0]} does not exist"
        missing = facts.missing_handoff_fields(args[0])
        return f"handoff note {args[0]} lacks {', '.join(missing) or 'required front matter'}"
    if name.startswith("missing_") and result:
        what = name[len("missing_"):].replace("_", " ")
        return f"{what} missing for {args[0]}: {', '.join(map(str, result))}"
    if name == "decisions_stated" and not result and args:
        return f"{args[0]} neither records decisions nor states that none were made"
    if name == "has_tag" and not result and len(args) == 2:
        return f"{args[0]} is not tagged {args[1]}"
    if not result and not isinstance(result, (int, float)):
        return f"vault.{name}({_quote(args)}) is {result!r}"
    return None


def explain(calls: list[FactCall], facts: Any) -> list[str]:
    reasons: list[str] = []
    for call in calls:
        reason = explain_call(call, facts)
        if reason and reason not in reasons:
            reasons.append(reason)
    return reasons
