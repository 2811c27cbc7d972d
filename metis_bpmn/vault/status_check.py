"""The statuses of a vault checked against each other: every chat-plan cell and area-README
``Status:`` line is a known status without a doubtful remark, each area README agrees with
its chat-plan row, and the chat plan agrees with the latest handoff's updated chat plan.
Each finding points at the line that holds the status."""

from __future__ import annotations

from typing import Callable

from ..finding import Severity
from ..vocabulary import STATUS_ORDER, area_key, closest_status, normalise, qualifier
from .facts import VaultFacts, plan_rows
from .reader import Vault

Add = Callable[..., None]
_KNOWN = "known statuses: " + ", ".join(STATUS_ORDER)


def _cell_problems(add: Add, path: str, line: int, label: str, cell: str) -> str | None:
    """Report an unknown or doubtful status; the status it reads as, or None."""
    status = normalise(cell)
    if status is None and not cell.strip("*_ \t"):
        add("vault/unknown-status", Severity.WARNING, path,
            f"{label} has an empty status: processes read it as no status", line, hint=_KNOWN)
        return None
    if status is None:
        near = closest_status(cell)
        add("vault/unknown-status", Severity.WARNING, path,
            f"{label} has status '{cell.strip()}', which is not a known status"
            + (f" (did you mean {near}?)" if near else "")
            + ": processes read it as no status", line, hint=_KNOWN)
        return None
    remark = qualifier(cell)
    if remark:
        add("vault/status-qualifier", Severity.WARNING, path,
            f"{label} reads as {status}, but its status adds '{remark}'", line,
            hint="write the status the area has and move the remark out of the cell")
    return status


def check_statuses(vault: Vault, facts: VaultFacts, add: Add) -> None:
    config = vault.config
    plan_note = vault.notes.get(config.chat_plan_note)
    rows = plan_rows(plan_note, config.chat_plan_heading) if plan_note else []
    if not rows:
        where = f" under '{config.chat_plan_heading}'" if config.chat_plan_heading else ""
        add("vault/no-chat-plan", Severity.WARNING, config.chat_plan_note,
            ("has no table with a Status column" + where) if plan_note
            else "does not exist: the vault has no chat plan", 1 if plan_note else None,
            hint="the chat plan is a table of areas and their status; processes read it")
    plan = {}
    for label, cell, line in rows:
        key = area_key(label)
        if key in plan:
            add("vault/duplicate-plan-row", Severity.WARNING, config.chat_plan_note,
                f"{label} is in the chat plan twice (first at line {plan[key][2]}): processes "
                "read this row", line, hint="keep one row per area")
        status = _cell_problems(add, config.chat_plan_note, line, label, cell)
        plan[key] = (label, status, line, cell)

    of_readme: dict[str, list[tuple]] = {}
    for row in plan.values():
        readme = facts._readme_of(row[0])
        if readme:
            of_readme.setdefault(readme, []).append(row)
    for path in facts._area_readmes().values():
        body = vault.notes[path].body
        if body.status is None:
            continue
        said = _cell_problems(add, path, body.status_line, "the area README", body.status)
        areas = of_readme.get(path, [])
        if said is None or len(areas) != 1:
            continue
        label, status, line, _ = areas[0]
        if status and status != said:
            add("vault/readme-status-mismatch", Severity.WARNING, path,
                f"says {said}, the chat plan ({config.chat_plan_note} line {line}) says "
                f"{label} is {status}", body.status_line,
                hint="update whichever is behind; the chat plan is what processes read")

    latest = facts.latest_handoff()
    if latest is None:
        return
    for label, cell, handoff_line in plan_rows(vault.notes[latest]):
        said = normalise(cell)
        found = plan.get(area_key(label))
        if found is None or said is None or found[1] == said:
            continue
        planned_label, planned, line, planned_cell = found
        planned = planned or f"'{planned_cell.strip()}'"  # a cell the model does not know
        add("vault/chat-plan-mismatch", Severity.WARNING, config.chat_plan_note,
            f"the chat plan says {planned_label} is {planned}, "
            f"the latest handoff ({latest} line {handoff_line}) says {said}", line,
            hint="update the chat plan, or the handoff if it is wrong")
