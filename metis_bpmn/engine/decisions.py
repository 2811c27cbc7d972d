"""Which branch a decision took, and why: the condition that held and the data and vault
facts it read, with their values (or, for a default flow, why every other condition
failed). Recorded in the event log and shown by ``session show``."""

from __future__ import annotations

from typing import Any

from ..reasons import because, explain_condition


def _label(spec) -> str:
    return spec.bpmn_name or spec.bpmn_id or spec.name


def decision(task, facts: Any) -> dict | None:
    """The decision a completed gateway task made, or None for anything else."""
    spec = task.task_spec
    branches = getattr(spec, "cond_task_specs", None)
    if not branches or len(branches) < 2 or not spec.bpmn_id:
        return None  # a merge passes its token on: no choice was made
    taken = {child.task_spec.name for child in task.children}
    names = dict(task.data)
    chosen = [(condition, target) for condition, target in branches if target in taken]
    if not chosen:
        return None
    targets = {s.name: s for s in spec.outputs}
    reasons: list[str] = []
    for condition, _ in chosen:
        if condition is not None:
            reasons += because(condition.args[0], names, facts)
            continue
        for other, _ in branches:  # the default: every other condition failed
            if other is not None:
                reasons += explain_condition(other.args[0], names, facts)[1]
    return {"gateway": spec.bpmn_id, "name": spec.bpmn_name,
            "took": [_label(targets[t]) if t in targets else t for _, t in chosen],
            "condition": [c.args[0] if c is not None else "default" for c, _ in chosen],
            "because": list(dict.fromkeys(reasons))}
