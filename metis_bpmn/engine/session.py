"""A Metis session: one workflow instance of a process, stepped against the vault and saved
in it, so the next session resumes where this one stopped."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from SpiffWorkflow.bpmn.specs.event_definitions.conditional import ConditionalEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import (
    ErrorEventDefinition, EscalationEventDefinition,
)
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.util.task import TaskState

from .. import __version__
from ..errors import UserError
from .explain import explain
from .loader import file_hash, load_process
from .scripting import SandboxEnvironment, SandboxScriptEngine
from .serialize import check_data, from_dict, to_dict
from .store import FORMAT, Store, now

# Automatic steps (gateways, scripts, events) allowed between two person steps: a loop
# without a person or a wait in it would otherwise make SpiffWorkflow spin forever. The
# engine's cost per step grows with the history, so the budget is kept modest.
AUTOMATIC_STEP_BUDGET = 2_000


class Runaway(Exception):
    pass


@dataclass(frozen=True)
class TaskView:
    id: str
    name: str | None
    type: str
    lane: str | None = None
    at: float | None = None

    def label(self) -> str:
        return f"{self.name} ({self.id})" if self.name else self.id

    def as_json(self) -> dict:
        out = {"id": self.id, "name": self.name, "type": self.type, "lane": self.lane}
        if self.at is not None:
            out["at"] = self.at
        return out


@dataclass(frozen=True)
class Blocked:
    task: TaskView
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Status:
    """Where an instance stands after a step. ``state`` is one of: ``complete``,
    ``waiting-for-person``, ``waiting-for-vault``, ``waiting-for-event``, ``deadlocked``,
    ``error``, ``aborted``."""

    state: str
    ready: tuple[TaskView, ...] = ()
    waiting: tuple[TaskView, ...] = ()
    completed: tuple[TaskView, ...] = ()
    blocked: tuple[Blocked, ...] = ()
    deadlock: tuple[tuple[TaskView, tuple[str, ...]], ...] = ()
    errors: tuple[tuple[TaskView, str], ...] = ()
    data: dict = field(default_factory=dict)


def _who(by: str | None) -> str:
    if by:
        return by
    try:
        return os.environ.get("METIS_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _view(task) -> TaskView:
    spec = task.task_spec
    return TaskView(id=spec.bpmn_id, name=spec.bpmn_name, type=type(spec).__name__,
                    lane=getattr(spec, "lane", None), at=task.last_state_change)


def default_facts(vault: Path):
    from ..vault.facts import VaultFacts
    return VaultFacts.load(vault)


class Session:
    def __init__(self, store: Store, session_id: str, record: dict, workflow: BpmnWorkflow,
                 facts_factory: Callable[[Path], Any]) -> None:
        self.store = store
        self.id = session_id
        self.record = record
        self.workflow = workflow
        self._facts_factory = facts_factory
        self._facts: Any = None
        self.environment = SandboxEnvironment(self.facts, self.allow_scripts)
        workflow.script_engine = SandboxScriptEngine(environment=self.environment)

    # -- facts: read once per command, so a whole step sees one consistent vault ------------
    def facts(self) -> Any:
        if self._facts is None:
            self._facts = self._facts_factory(self.store.vault)
        return self._facts

    def refresh(self) -> None:
        self._facts = None

    @property
    def allow_scripts(self) -> bool:
        return bool(self.record.get("allow_scripts"))

    # -- creating and opening -----------------------------------------------------------------
    @classmethod
    def start(cls, vault: Path, process_file: Path, *, process_id: str | None = None,
              data: dict | None = None, by: str | None = None, allow_scripts: bool = False,
              facts_factory: Callable[[Path], Any] = default_facts) -> "Session":
        data = dict(data or {})
        check_data(data, "--set")
        loaded = load_process(process_file, process_id)
        store = Store(vault)
        session_id = store.new_id(process_file.stem)
        workflow = BpmnWorkflow(loaded.spec, loaded.subprocess_specs)
        workflow.data.update(data)
        for task in workflow.get_tasks(state=TaskState.READY):
            task.data.update(data)
        try:
            stored_file = process_file.resolve().relative_to(vault.resolve()).as_posix()
        except ValueError:
            stored_file = str(process_file.resolve())
        record = {
            "format": FORMAT, "id": session_id, "created": now(), "updated": now(),
            "process": {"file": stored_file, "id": loaded.process_id, "name": loaded.name,
                        "sha256": loaded.sha256},
            "engine": {"metis_bpmn": __version__, "spiffworkflow": "3.2.0"},
            "allow_scripts": allow_scripts, "aborted": False, "status": None, "state": {},
        }
        session = cls(store, session_id, record, workflow, facts_factory)
        with store.lock(session_id):
            session._advance()
            session._save()
            store.log(session_id, {"event": "start", "by": _who(by), "data": data,
                                   "process": record["process"]})
        return session

    @classmethod
    def open(cls, vault: Path, session_id: str, *,
             facts_factory: Callable[[Path], Any] = default_facts) -> "Session":
        store = Store(vault)
        record = store.read(session_id)
        try:
            workflow = from_dict(record["state"])
        except Exception as exc:  # any failure to restore means the file is damaged
            raise UserError(f"session {session_id}: saved state cannot be restored "
                            f"({type(exc).__name__}: {exc}); the file is corrupt")
        return cls(store, session_id, record, workflow, facts_factory)

    def process_path(self) -> Path:
        path = Path(self.record["process"]["file"])
        return path if path.is_absolute() else self.store.vault / path

    def check_process_unchanged(self) -> None:
        path = self.process_path()
        pinned = self.record["process"]["sha256"]
        try:
            current = file_hash(path.read_bytes())
        except OSError:
            raise UserError(f"session {self.id}: its process file {path} is gone; restore it "
                            "or abort the session")
        if current != pinned:
            raise UserError(
                f"session {self.id}: process file {path} changed since the session started "
                f"(sha256 {pinned[:12]} -> {current[:12]}); run `metis-bpmn session migrate "
                f"{self.id}` to move the instance to the new version, or abort it")

    # -- stepping -----------------------------------------------------------------------------
    def _advance(self) -> None:
        """Run automatic work until only people, waits or the end remain."""
        workflow = self.workflow
        count = [0]

        def budget(_task) -> None:
            count[0] += 1
            if count[0] > AUTOMATIC_STEP_BUDGET:
                raise Runaway()

        self.record["errors"] = {}
        try:
            for task in workflow.get_tasks(state=TaskState.ERROR):
                if not task.task_spec.manual:  # retry decisions that failed on vault facts
                    task._set_state(TaskState.READY)
            workflow.update_waiting_tasks()  # re-check conditional events against the vault
            workflow.do_engine_steps(did_complete_task=budget)
            self._uncaught(workflow.get_events())
        except Runaway:
            raise UserError(f"session {self.id}: more than {AUTOMATIC_STEP_BUDGET:,} automatic "
                            "steps without a person or a wait: the process loops forever; "
                            "nothing was saved")
        except WorkflowException as exc:
            # The failing task is now in ERROR; keep the engine's message for status().
            task = getattr(exc, "task", None)
            spec = getattr(exc, "task_spec", None) or (task.task_spec if task else None)
            key = getattr(spec, "bpmn_id", None) or "?"
            self.record["errors"][key] = " ".join(str(exc).split()).rstrip(". ")

    def _uncaught(self, events) -> None:
        """An error or escalation nobody catches: SpiffWorkflow just completes, keeping the
        event aside. Record it, so the instance reports an error instead of success."""
        for event in events:
            definition = event.event_definition
            if isinstance(definition, (ErrorEventDefinition, EscalationEventDefinition)):
                kind = "error" if isinstance(definition, ErrorEventDefinition) else "escalation"
                name = definition.name or getattr(definition, "code", None) or "unnamed"
                self.record.setdefault("uncaught", []).append(
                    f"{kind} {name!r} was thrown and nothing catches it")

    def _save(self) -> None:
        self.record["state"] = to_dict(self.workflow)
        self.record["updated"] = now()
        self.record["status"] = self.status().state
        self.store.write(self.id, self.record)

    def _choose(self, ready: list, task_ref: str | None):
        if not ready:
            raise UserError(f"session {self.id}: no task is ready ({self.status().state})")
        if task_ref is None:
            if len(ready) == 1:
                return ready[0]
            choices = ", ".join(_view(t).label() for t in ready)
            raise UserError(f"session {self.id}: {len(ready)} tasks are ready; choose one with "
                            f"--task: {choices}")
        wanted = task_ref.strip().lower()
        matches = [t for t in ready if t.task_spec.bpmn_id.lower() == wanted
                   or (t.task_spec.bpmn_name or "").strip().lower() == wanted]
        if len(matches) != 1:
            choices = ", ".join(_view(t).label() for t in ready)
            raise UserError(f"session {self.id}: no single ready task {task_ref!r}; "
                            f"ready: {choices}")
        return matches[0]

    def step(self, task_ref: str | None = None, *, data: dict | None = None,
             note: str | None = None, by: str | None = None,
             recheck: bool = False) -> TaskView | None:
        """Complete one ready task (or, with ``recheck`` or when nothing is ready, only
        re-check the vault), run automatic steps, save, log."""
        data = dict(data or {})
        check_data(data, "--set")
        with self.store.lock(self.id):
            fresh = Session.open(self.store.vault, self.id, facts_factory=self._facts_factory)
            self.record, self.workflow = fresh.record, fresh.workflow
            self.workflow.script_engine = SandboxScriptEngine(environment=self.environment)
            if self.record.get("aborted"):
                raise UserError(f"session {self.id} was aborted")
            self.check_process_unchanged()
            self.refresh()
            ready = self.workflow.get_tasks(state=TaskState.READY, manual=True)
            done = None
            if not recheck and (ready or task_ref is not None):
                task = self._choose(ready, task_ref)
                task.data.update(data)
                task.run()
                done = _view(task)
            self._advance()
            self._save()
            self.store.log(self.id, {"event": "step" if done else "recheck", "by": _who(by),
                                     "task": done.id if done else None,
                                     "name": done.name if done else None,
                                     "data": data, "note": note,
                                     "status": self.record["status"]})
        return done

    def migrate(self, *, by: str | None = None) -> dict:
        """Move the instance to the current version of its process file (SpiffWorkflow's
        spec diff): refused when the new version removes a step the session has reached."""
        from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow

        from .serialize import serializer

        with self.store.lock(self.id):
            self.record = self.store.read(self.id)
            self.workflow = from_dict(self.record["state"])
            self.workflow.script_engine = SandboxScriptEngine(environment=self.environment)
            loaded = load_process(self.process_path(), self.record["process"]["id"])
            if loaded.sha256 == self.record["process"]["sha256"]:
                raise UserError(f"session {self.id}: the process file has not changed")
            top, subs = diff_workflow(serializer().registry, self.workflow, loaded.spec,
                                      loaded.subprocess_specs)
            reached = ~(TaskState.PREDICTED_MASK | TaskState.FUTURE)
            lost = [t for diff in (top, *[d for d in subs.values() if d]) for t in diff.removed
                    if t.state & reached and t.task_spec.bpmn_id]
            if lost or any(d is None for d in subs.values()):
                names = ", ".join(sorted({t.task_spec.bpmn_name or t.task_spec.bpmn_id
                                          for t in lost})) or "a called sub-process"
                raise UserError(f"session {self.id}: cannot migrate: the new version removes "
                                f"steps this session has reached ({names}); abort it and "
                                "start a new session")
            migrate_workflow(top, self.workflow, loaded.spec)
            for sp_id, diff in subs.items():
                sub = self.workflow.subprocesses[sp_id]
                migrate_workflow(diff, sub, loaded.subprocess_specs[sub.spec.name])
            old = self.record["process"]["sha256"]
            self.record["process"]["sha256"] = loaded.sha256
            self.refresh()
            self._advance()
            self._save()
            summary = {"from": old, "to": loaded.sha256, "changed": len(top.changed)}
            self.store.log(self.id, {"event": "migrate", "by": _who(by), **summary})
        return summary

    def abort(self, *, by: str | None = None, note: str | None = None) -> None:
        with self.store.lock(self.id):
            self.record = self.store.read(self.id)
            if self.record.get("aborted"):
                raise UserError(f"session {self.id} was already aborted")
            self.record["aborted"] = True
            self.record["status"] = "aborted"
            self.record["updated"] = now()
            self.store.write(self.id, self.record)
            self.store.log(self.id, {"event": "abort", "by": _who(by), "note": note})

    # -- status -------------------------------------------------------------------------------
    def _gate_reasons(self, task) -> tuple[str, ...]:
        spec = task.task_spec
        expressions = []
        definition = getattr(spec, "event_definition", None)
        if isinstance(definition, ConditionalEventDefinition):
            expressions.append(definition.expression)
        for condition, _ in getattr(spec, "cond_task_specs", []) or []:
            if condition is not None:
                expressions.append(condition.args[0])
        reasons: list[str] = []
        for expression in expressions:
            try:
                self.environment.evaluate(expression, dict(task.data),
                                          self.workflow.data_objects)
            except Exception as exc:
                reasons.append(f"condition {expression!r} failed: {exc}")
                continue
            reasons.extend(r for r in explain(self.environment.last_calls, self.facts())
                           if r not in reasons)
        return tuple(reasons)

    def _waits_for(self, join) -> tuple[str, ...]:
        arrived = {t.task_spec.name for t in self.workflow.get_tasks(state=TaskState.COMPLETED)}
        return tuple(sorted((s.bpmn_name or s.bpmn_id or s.name) for s in join.task_spec.inputs
                            if s.name not in arrived))

    def status(self) -> Status:
        wf = self.workflow
        visible = lambda t: t.task_spec.bpmn_id is not None  # noqa: E731 (internal specs)
        ready = [t for t in wf.get_tasks(state=TaskState.READY, manual=True) if visible(t)]
        waiting = [t for t in wf.get_tasks(state=TaskState.WAITING) if visible(t)]
        completed = sorted((t for t in wf.get_tasks(state=TaskState.COMPLETED) if visible(t)),
                           key=lambda t: t.last_state_change)
        errored = [t for t in wf.get_tasks(state=TaskState.ERROR) if visible(t)]
        gates = [t for t in waiting if isinstance(getattr(t.task_spec, "event_definition", None),
                                                  ConditionalEventDefinition)]
        joins = [t for t in waiting if type(t.task_spec).__name__ in
                 ("ParallelGateway", "InclusiveGateway")]
        blocked = [Blocked(_view(t), self._gate_reasons(t)) for t in gates]
        errors = []
        recorded = dict(self.record.get("errors") or {})
        for task in errored:
            parts = [recorded.pop(task.task_spec.bpmn_id)] \
                if task.task_spec.bpmn_id in recorded else []
            parts += [r for r in self._gate_reasons(task) if r not in parts]
            errors.append((_view(task), "; ".join(parts) or "the task failed"))
        # Some failures (a timer expression that does not evaluate, an uncaught error
        # event) leave no task in ERROR.
        for bpmn_id, message in sorted(recorded.items()):
            errors.append((TaskView(id=bpmn_id, name=None, type="?"), message))
        for message in self.record.get("uncaught", []):
            errors.append((TaskView(id="uncaught", name=None, type="event"), message))
        data = dict(wf.last_task.data) if wf.last_task is not None else dict(wf.data)
        if self.record.get("aborted"):
            state = "aborted"
        elif errors:
            state = "error"
        elif wf.is_completed():
            state = "complete"
        elif ready:
            state = "waiting-for-person"
        elif blocked:
            state = "waiting-for-vault"
        elif joins and len(joins) == len(waiting):
            state = "deadlocked"
        elif waiting:
            state = "waiting-for-event"
        else:
            state = "deadlocked"
        deadlock = tuple((_view(j), self._waits_for(j)) for j in joins) \
            if state == "deadlocked" else ()
        return Status(state=state, ready=tuple(map(_view, ready)),
                      waiting=tuple(map(_view, waiting)), completed=tuple(map(_view, completed)),
                      blocked=tuple(blocked), deadlock=deadlock, errors=tuple(errors),
                      data=data)


def list_sessions(vault: Path) -> list[dict]:
    store = Store(vault)
    rows = []
    for session_id in store.ids():
        try:
            record = store.read(session_id)
            rows.append({"id": session_id, "process": record["process"]["file"],
                         "status": record.get("status"), "updated": record.get("updated"),
                         "created": record.get("created")})
        except UserError as exc:
            rows.append({"id": session_id, "process": None, "status": "corrupt",
                         "updated": None, "created": None, "error": str(exc)})
    return rows
