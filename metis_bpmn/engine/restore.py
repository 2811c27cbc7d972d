"""Restore a saved instance without trusting it.

A saved state is checked before SpiffWorkflow sees any of it: it must be written by the
serializer version this release writes (older versions are migrated by SpiffWorkflow code
that evaluates timer expressions: never run on a vault's files), its process specs are
*replaced* by the ones built from the pinned process file (no expression, class name or
structure is taken from the JSON), and what remains (the task tree and data) must have the
exact shape SpiffWorkflow writes: known keys, task specs that exist in the pinned process,
states that are states, parents and children that exist, and data that is plain JSON.
"""

from __future__ import annotations

import re
from typing import Any

from SpiffWorkflow.util.task import TaskState

from ..errors import UserError
from .serialize import from_dict, serializer, to_dict

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_STATES = frozenset(v for v in vars(TaskState).values()
                    if isinstance(v, int) and v and not v & (v - 1))
_WORKFLOW_KEYS = {"data", "correlations", "last_task", "success", "completed", "tasks", "root"}
_TOP_KEYS = _WORKFLOW_KEYS | {"spec", "subprocess_specs", "subprocesses", "bpmn_events",
                              "typename", "serializer_version"}
_SUB_KEYS = _WORKFLOW_KEYS | {"parent_task_id", "spec", "typename"}
_TASK_KEYS = {"id", "parent", "children", "last_state_change", "state", "task_spec",
              "triggered", "internal_data", "data", "delta", "typename"}
# Values SpiffWorkflow's own registry tags in data: (typename, exact keys, key types).
_TAGGED = {"datetime": {"value": str}, "UUID": {"value": str},
           "timedelta": {"days": int, "seconds": int}}
_MAX_DEPTH = 64


class Unsafe(Exception):
    """The saved state is not one this release wrote."""


def _plain(value: Any, where: str, depth: int = 0) -> None:
    """JSON data as SpiffWorkflow writes it: no tagged objects but dates and ids."""
    if depth > _MAX_DEPTH:
        raise Unsafe(f"{where} is nested too deeply")
    if isinstance(value, dict):
        if "typename" in value:
            fields = _TAGGED.get(value["typename"])
            keys = set(value) - {"typename"}
            if fields is None or keys != set(fields) or not all(
                    type(value[k]) is t for k, t in fields.items()):
                raise Unsafe(f"{where} holds an object of type {str(value['typename'])[:40]!r}")
            if value["typename"] == "timedelta" and abs(value["days"]) > 10**6:
                raise Unsafe(f"{where} holds an out-of-range duration")
            return
        for key, item in value.items():
            _plain(item, f"{where}.{key}", depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _plain(item, f"{where}[{index}]", depth + 1)
    elif not (value is None or isinstance(value, (str, int, float, bool))):
        raise Unsafe(f"{where} is not JSON data")


def _tasks(workflow: dict, spec: dict, where: str) -> None:
    tasks = workflow.get("tasks")
    if not isinstance(tasks, dict) or not tasks:
        raise Unsafe(f"{where}.tasks is not a task table")
    names = spec.get("task_specs", {})
    for key, task in tasks.items():
        at = f"{where}.tasks.{key[:36]}"
        if not isinstance(task, dict) or set(task) != _TASK_KEYS or task["typename"] != "Task":
            raise Unsafe(f"{at} is not a task")
        if task["id"] != key or not _UUID.fullmatch(key):
            raise Unsafe(f"{at} has a bad id")
        if task["task_spec"] not in names:
            raise Unsafe(f"{at} names a step {str(task['task_spec'])[:60]!r} that the pinned "
                         "process file does not have")
        if task["state"] not in _STATES or not isinstance(task["triggered"], bool) \
                or not isinstance(task["last_state_change"], (int, float)):
            raise Unsafe(f"{at} has a bad state")
        if task["parent"] is not None and task["parent"] not in tasks:
            raise Unsafe(f"{at} has a parent that does not exist")
        children = task["children"]
        if not isinstance(children, list) or any(c not in tasks for c in children):
            raise Unsafe(f"{at} has children that do not exist")
        for field in ("internal_data", "data", "delta"):
            if not isinstance(task[field], dict):
                raise Unsafe(f"{at}.{field} is not a table")
            _plain(task[field], f"{at}.{field}")
    if workflow.get("root") not in tasks:
        raise Unsafe(f"{where}.root is not one of its tasks")
    if workflow.get("last_task") is not None and workflow["last_task"] not in tasks:
        raise Unsafe(f"{where}.last_task is not one of its tasks")
    if not isinstance(workflow.get("success"), bool) \
            or not isinstance(workflow.get("completed"), bool):
        raise Unsafe(f"{where} has a bad completion flag")
    for field in ("data", "correlations"):
        if not isinstance(workflow.get(field), dict):
            raise Unsafe(f"{where}.{field} is not a table")
        _plain(workflow[field], f"{where}.{field}")


def check_state(state: Any, trusted: dict) -> dict:
    """The saved ``state`` with its specs replaced by ``trusted``'s (a fresh instance of the
    pinned process, as a dict), after checking every other part. Raises :class:`Unsafe`."""
    if not isinstance(state, dict) or set(state) != _TOP_KEYS:
        raise Unsafe("the state does not have the keys this release writes")
    if state["serializer_version"] != serializer().VERSION or state["typename"] != "BpmnWorkflow":
        raise Unsafe(f"the state was written by serializer version "
                     f"{str(state['serializer_version'])[:20]}, not {serializer().VERSION}")
    if state["bpmn_events"] != []:
        raise Unsafe("the state holds pending engine events, which this release never saves")
    _tasks(state, trusted["spec"], "state")
    subprocesses = state["subprocesses"]
    if not isinstance(subprocesses, dict):
        raise Unsafe("state.subprocesses is not a table")
    for key, sub in subprocesses.items():
        where = f"state.subprocesses.{str(key)[:36]}"
        if not isinstance(sub, dict) or set(sub) != _SUB_KEYS \
                or sub["typename"] != "BpmnSubWorkflow" or sub["spec"] not in \
                trusted["subprocess_specs"] or not isinstance(key, str) or not _UUID.fullmatch(key):
            raise Unsafe(f"{where} is not a sub-process this process can run")
        _tasks(sub, trusted["subprocess_specs"][sub["spec"]], where)
    return {**state, "spec": trusted["spec"], "subprocess_specs": trusted["subprocess_specs"]}


def restore(state: Any, spec, subprocess_specs, label: str, remedy: str):
    """A workflow from a saved state and the specs of its pinned process file; ``remedy``
    says what the user can do when the state is refused."""
    from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

    trusted = to_dict(BpmnWorkflow(spec, subprocess_specs))
    try:
        checked = check_state(state, trusted)
    except Unsafe as exc:
        raise UserError(f"{label}: saved state refused: {exc}; it was not written by this "
                        f"release. {remedy}")
    try:
        return from_dict(checked)
    except Exception as exc:  # a state that passed the checks yet does not fit the process
        raise UserError(f"{label}: saved state cannot be restored ({type(exc).__name__}); "
                        f"the file is corrupt. {remedy}")
