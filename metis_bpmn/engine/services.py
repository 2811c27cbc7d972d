"""Built-in service-task operations: the vault checks a session handoff needs.

A ``bpmn:serviceTask`` with ``spiffworkflow:serviceTaskOperator id="<operation>"`` calls one of
these with its parameters; the result (``{"ok": bool, "reasons": [...]}``) lands in the task's
result variable, so a following gateway can test ``result["ok"]`` and the decision is saved
with the session (auditable: which facts was the gate decided on).
"""

from __future__ import annotations

from typing import Any, Callable


def _result(reasons: list[str]) -> dict:
    return {"ok": not reasons, "reasons": reasons}


def note_has_front_matter(facts: Any, note: str, keys: str | list = "") -> dict:
    """The note exists and its front matter has ``keys`` (list or comma-separated)."""
    if not facts.note_exists(note):
        return _result([f"note {note} does not exist"])
    wanted = keys.split(",") if isinstance(keys, str) else list(keys)
    missing = [k.strip() for k in wanted if k.strip() and facts.frontmatter(note, k.strip()) is None]
    return _result([f"{note} has no front matter {k!r}" for k in missing])


def handoff_complete(facts: Any, note: str) -> dict:
    """The handoff note exists with the required front matter (tags incl. session-handoff,
    created, session) and every setup doc it names exists."""
    if not facts.note_exists(note):
        return _result([f"handoff note {note} does not exist"])
    reasons = [f"{note} lacks {field}" for field in facts.missing_handoff_fields(note)]
    reasons += [f"setup doc {doc} named in {note} does not exist"
                for doc in facts.missing_setup_docs(note)]
    return _result(reasons)


def status_at_least(facts: Any, area: str, status: str) -> dict:
    """The chat-plan status of ``area`` is at least ``status``."""
    ok = facts.status_at_least(area, status)
    return _result([] if ok else [facts.explain_status(area, status)])


def setup_docs_exist(facts: Any, note: str) -> dict:
    """Every setup doc named in the note exists."""
    return _result([f"setup doc {doc} does not exist" for doc in facts.missing_setup_docs(note)])


SERVICES: dict[str, Callable[..., dict]] = {
    "vault_note_has_front_matter": note_has_front_matter,
    "vault_handoff_complete": handoff_complete,
    "vault_status_at_least": status_at_least,
    "vault_setup_docs_exist": setup_docs_exist,
}
