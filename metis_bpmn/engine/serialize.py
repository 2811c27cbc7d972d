"""SpiffWorkflow state <-> JSON-safe dict, with the 3.2.0 serializer traps handled.

- Child task data is stored as a delta against the parent and restored in mapping order: a
  reordered ``tasks`` mapping (sorted keys, a JSON database) silently restores empty data.
  We re-order every ``tasks`` mapping parents-first before restoring.
- A dict with a key ``typename`` anywhere in task data is mistaken for a tagged object and
  breaks restore; such data is refused when it is set.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from ..errors import UserError

_SERIALIZER: BpmnWorkflowSerializer | None = None


def serializer() -> BpmnWorkflowSerializer:
    global _SERIALIZER
    if _SERIALIZER is None:
        _SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    return _SERIALIZER


def _parents_first(workflow: dict) -> None:
    tasks = workflow.get("tasks")
    root = workflow.get("root")
    if not isinstance(tasks, dict) or root not in tasks:
        return
    ordered: dict[str, Any] = {}
    queue = deque([root])
    while queue:
        task_id = queue.popleft()
        if task_id in ordered or task_id not in tasks:
            continue
        ordered[task_id] = tasks[task_id]
        queue.extend(tasks[task_id].get("children", []))
    ordered.update((k, v) for k, v in tasks.items() if k not in ordered)
    workflow["tasks"] = ordered


def to_dict(workflow) -> dict:
    ser = serializer()
    state = ser.to_dict(workflow)
    state[ser.VERSION_KEY] = ser.VERSION
    return state


def from_dict(state: dict):
    """Restore a state of the current serializer version (never migrated: SpiffWorkflow's
    migrations evaluate expressions; see :mod:`.restore`)."""
    state = dict(state)
    _parents_first(state)
    for sub in (state.get("subprocesses") or {}).values():
        if isinstance(sub, dict):
            _parents_first(sub)
    return serializer().from_dict(state)


def check_data(data: Any, where: str = "data") -> None:
    """Refuse values the serializer cannot round-trip faithfully."""
    if isinstance(data, dict):
        if "typename" in data:
            raise UserError(f"{where}: the key 'typename' is reserved by the workflow engine "
                            "(it would corrupt the saved session); rename it")
        for key, value in data.items():
            if not isinstance(key, str):
                raise UserError(f"{where}: keys must be strings")
            check_data(value, f"{where}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            check_data(value, f"{where}[{index}]")
    elif not isinstance(data, (str, int, float, bool)) and data is not None:
        raise UserError(f"{where}: {type(data).__name__} values cannot be saved; use JSON "
                        "values (text, numbers, true/false, lists, objects)")
