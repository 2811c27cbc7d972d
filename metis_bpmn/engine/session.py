"""A Metis session: one workflow instance of a process, stepped against the vault and saved
in it, so the next session resumes where this one stopped."""

from __future__ import annotations

import getpass
import os
import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from SpiffWorkflow.bpmn.specs.event_definitions.conditional import (
    ConditionalEventDefinition,
)
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import (
    ErrorEventDefinition,
    EscalationEventDefinition,
)
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.util.task import TaskState

from .. import __version__
from ..errors import UserError
from ..model.elements import Document
from ..model.fields import FieldSpec, fields, process_fields
from ..reasons import explain_condition
from ..sandbox import Rejected, names_read
from .answers import read_answers
from .decisions import decision
from .loader import LoadedProcess, file_hash, load_process_bytes, siblings
from .locate import find_by_hash, read_process, record_path, recorded_file
from .restore import restore
from .scripting import SandboxEnvironment, SandboxScriptEngine
from .serialize import to_dict
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
    fields: tuple[FieldSpec, ...] = ()

    def label(self) -> str:
        return f"{self.name} ({self.id})" if self.name else self.id

    def as_json(self) -> dict:
        out = {"id": self.id, "name": self.name, "type": self.type, "lane": self.lane}
        if self.at is not None:
            out["at"] = self.at
        if self.fields:
            out["fields"] = [f.as_json() for f in self.fields]
        return out


@dataclass(frozen=True)
class Blocked:
    """A gate that waits for the vault; ``passes_now``: the vault as read by this command
    already satisfies it (the next ``step`` moves on)."""

    task: TaskView
    reasons: tuple[str, ...]
    passes_now: bool = False


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
    events: tuple[tuple[TaskView, str], ...] = ()  # awaited events: what and until when


def _failing_task(exc: Exception):
    """The task SpiffWorkflow was working on when it raised (its methods name it
    ``my_task``), innermost first."""
    frame = exc.__traceback__
    found = None
    while frame is not None:
        task = frame.tb_frame.f_locals.get("my_task")
        if getattr(getattr(task, "task_spec", None), "bpmn_id", None):
            found = task
        frame = frame.tb_next
    return found


def _when(text: str) -> str:
    return str(text).replace("T", " ")[:16] + " UTC" if text else "an unknown time"


def _span(seconds: float) -> str:
    """``3600`` -> ``1 h``; ``90`` -> ``90 s``; ``172800`` -> ``2 days``."""
    for unit, size in (("days", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size:g} {unit}"
    return f"{seconds:g} s"


def awaited(task) -> str:
    """What a waiting event task waits for, in words: ``timer, due 2027-01-01 08:25 UTC``,
    ``timer, 3 more times every 3600 s, next ...``, ``message 'Order'``."""
    definition = getattr(task.task_spec, "event_definition", None)
    kind = type(definition).__name__.replace("EventDefinition", "").lower()
    if not kind or kind in ("none", "conditional"):
        return ""
    if "timer" in kind:
        value = task.internal_data.get("event_value")
        if isinstance(value, dict):
            return (f"timer, {value.get('cycles')} more times every "
                    f"{_span(float(value.get('duration') or 0))}, next {_when(value.get('next'))}")
        return f"timer, due {_when(value)}"
    name = getattr(definition, "name", None)
    return f"{kind} {name!r}" if name else kind


def _names_read(task) -> set[str]:
    """Data names the conditions of a (failed) decision read."""
    spec = task.task_spec
    sources = [c.args[0] for c, _ in getattr(spec, "cond_task_specs", None) or [] if c]
    definition = getattr(spec, "event_definition", None)
    if isinstance(definition, ConditionalEventDefinition):
        sources.append(definition.expression)
    found: set[str] = set()
    for source in sources:
        try:
            found |= names_read(source)
        except Rejected:
            continue
    return found - {"vault"}


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


def pinned_process(store: Store, record: dict) -> LoadedProcess:
    """The process a session runs: its pinned copy in the vault, else the recorded file or a
    file in ``processes/`` with the same hash. Never a file whose hash differs."""
    process = record["process"]
    digest = process["sha256"]
    data = store.pinned_process(digest)
    path = Path(process["file"])
    if data is None:
        found = recorded_file(process, store.vault)
        if found is not None and file_hash(source := read_process(found)) == digest:
            data, path = source, found
        elif (moved := find_by_hash(digest, store.vault)) is not None:
            path, data = moved
            store.keep_process(data)
    if data is None:
        raise UserError(f"session {record['id']}: its process file ({process['file']}, sha256 "
                        f"{digest[:12]}) is gone and no copy with that hash is kept in "
                        f"{store.vault / '.metis' / 'processes'}; restore it, or abort the "
                        "session")
    return load_process_bytes(data, path, process["id"], _pinned_calls(store, process))


def _pinned_calls(store: Store, process: dict):
    """The called processes' files as the session started them: pinned by hash."""
    calls = process.get("calls") or {}

    def find(process_id: str):
        entry = calls.get(process_id)
        data = store.pinned_process(entry["sha256"]) if entry else None
        return (entry["file"], data) if data is not None else None
    return find


def default_facts(vault: Path):
    from ..vault.facts import VaultFacts
    return VaultFacts.load(vault)


class Session:
    def __init__(self, store: Store, session_id: str, record: dict, workflow: BpmnWorkflow,
                 facts_factory: Callable[[Path], Any], loaded: LoadedProcess | None = None) -> None:
        self.store = store
        self.id = session_id
        self.record = record
        self.workflow = workflow
        self.document: Document | None = loaded.document if loaded else None
        self._models: dict[str, Document] = loaded.document_of() if loaded else {}
        self._facts_factory = facts_factory
        self._facts: Any = None
        self.decisions: list[dict] = []  # made by this command's automatic steps
        self.environment = SandboxEnvironment(self.facts, self.allow_scripts)
        workflow.script_engine = SandboxScriptEngine(environment=self.environment)

    # -- facts: read once per command, so a whole step sees one consistent vault ------------
    def facts(self) -> Any:
        if self._facts is None:
            self._facts = self._facts_factory(self.store.vault)
            self.record["facts_at"] = now()
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
              label: str | None = None,
              facts_factory: Callable[[Path], Any] = default_facts) -> "Session":
        source = read_process(process_file)
        loaded = load_process_bytes(source, process_file, process_id, siblings(process_file))
        process = next(p for p in loaded.document.processes if p.id == loaded.process_id)
        data = read_answers(fields(process), dict(data or {}), f"process {loaded.process_id!r}")
        data = dict(loaded.called_defaults) | data
        store = Store(vault)
        session_id = store.new_id(process_file.stem)
        workflow = BpmnWorkflow(loaded.spec, loaded.subprocess_specs)
        workflow.data.update(data)
        for task in workflow.get_tasks(state=TaskState.READY):
            task.data.update(data)
        path, base = record_path(process_file, vault)
        subject = next((str(v) for v in data.values() if isinstance(v, str) and v), None)
        record = {
            "format": FORMAT, "id": session_id, "created": now(), "updated": now(),
            "label": (label or subject or "")[:200] or None, "by": _who(by),
            "process": {"file": path, "base": base, "id": loaded.process_id,
                        "name": loaded.name, "sha256": loaded.sha256,
                        "calls": {pid: {"file": name, "sha256": file_hash(data)}
                                  for pid, name, data in loaded.calls}},
            "engine": {"metis_bpmn": __version__, "spiffworkflow": "3.2.0"},
            "allow_scripts": allow_scripts, "aborted": False, "status": None, "log": 0,
            "state": {},
        }
        session = cls(store, session_id, record, workflow, facts_factory, loaded)
        store.keep_process(source)
        for _, _, called in loaded.calls:
            store.keep_process(called)
        with store.lock(session_id):
            session._advance()
            session._commit({"event": "start", "by": _who(by), "data": data,
                             "process": record["process"]})
        return session

    @classmethod
    def open(cls, vault: Path, session_id: str, *,
             facts_factory: Callable[[Path], Any] = default_facts) -> "Session":
        store = Store(vault)
        record = store.read(session_id)
        loaded = pinned_process(store, record)
        rebuild = f"metis-bpmn session migrate {session_id} --vault {shlex.quote(str(vault))}"
        workflow = restore(record["state"], loaded.spec, loaded.subprocess_specs,
                           f"session {session_id}",
                           f"`{rebuild}` rebuilds it from its event log, or abort it")
        return cls(store, session_id, record, workflow, facts_factory, loaded)

    def process_path(self) -> Path | None:
        """The recorded process file, where it is now (None when it moved or is gone)."""
        return recorded_file(self.record["process"], self.store.vault)

    def _command(self, verb: str) -> str:
        return f"metis-bpmn session {verb} {self.id} --vault {shlex.quote(str(self.store.vault))}"

    def check_process_unchanged(self) -> None:
        path = self.process_path()
        if path is None:
            return  # moved or gone: the pinned copy runs; a moved file is still found by hash
        pinned = self.record["process"]["sha256"]
        current = file_hash(read_process(path))
        if current != pinned:
            raise UserError(
                f"session {self.id}: process file {path} changed since the session started "
                f"(sha256 {pinned[:12]} -> {current[:12]}); run `{self._command('migrate')}` "
                "to move the instance to the new version, or abort it")

    # -- stepping -----------------------------------------------------------------------------
    def _advance(self) -> None:
        """Run automatic work until only people, waits or the end remain."""
        workflow = self.workflow
        count = [0]
        current: list = [None]

        def starting(task) -> None:
            current[0] = task

        def budget(task) -> None:
            count[0] += 1
            if count[0] > AUTOMATIC_STEP_BUDGET:
                raise Runaway()
            made = decision(task, self.facts())
            if made is not None:
                self.decisions.append(made)

        self.record["errors"] = {}
        try:
            for task in workflow.get_tasks(state=TaskState.ERROR):
                if not task.task_spec.manual:  # retry decisions that failed on vault facts
                    task._set_state(TaskState.READY)
            workflow.update_waiting_tasks()  # re-check conditional events against the vault
            workflow.do_engine_steps(will_complete_task=starting, did_complete_task=budget)
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
        except (TypeError, ValueError, AttributeError, KeyError, IndexError,
                ArithmeticError) as exc:
            # The engine itself broke on a value of the wrong kind (a timer that is not text,
            # a cardinality that is not a number): the step fails, the instance stays usable.
            self._engine_failed(_failing_task(exc) or current[0], exc)

    def _engine_failed(self, task, exc: Exception) -> None:
        spec = task.task_spec if task is not None else None
        key = getattr(spec, "bpmn_id", None) or "?"
        if task is not None and task.task_spec.bpmn_id:
            task._set_state(TaskState.ERROR)
        kind = "timer value" if "Timer" in type(getattr(spec, "event_definition", None)).__name__ \
            else "multi-instance cardinality or collection" if hasattr(spec, "cardinality") \
            else "value an expression gave"
        self.record["errors"][key] = (f"the engine cannot use the {kind} here "
                                      f"({type(exc).__name__}); fix the expression or the data")

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

    def _commit(self, event: dict) -> None:
        """Log the event, then save the instance that counts it: one durable unit."""
        if self.decisions:
            event = {**event, "decisions": self.decisions}
        seq = int(self.record.get("log", 0)) + 1
        self.store.log(self.id, seq, event)
        self.record["log"] = seq
        status = self.status()
        self.record["state"] = to_dict(self.workflow)
        self.record["updated"] = now()
        self.record["status"] = status.state
        self.record["next"] = status.ready[0].label() if status.ready else None
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
        re-check the vault), run automatic steps, save, log. ``data`` is read against the
        task's declared fields first; a refusal changes nothing."""
        given = dict(data or {})
        with self.store.lock(self.id):
            self.reload()
            if self.record.get("aborted"):
                raise UserError(f"session {self.id} was aborted")
            self.check_process_unchanged()
            self.refresh()
            ready = self.workflow.get_tasks(state=TaskState.READY, manual=True)
            done, answers = None, {}
            if not recheck and (ready or task_ref is not None):
                task = self._choose(ready, task_ref)
                answers = read_answers(self.fields_of(task), given, _view(task).label(),
                                       self._note_exists)
                task.data.update(answers)
                task.run()
                done = _view(task)
            elif given:
                answers = self._repair(given)
            self._advance()
            self._commit({"event": "step" if done else "recheck", "by": _who(by),
                          "task": done.id if done else None, "name": done.name if done else None,
                          "data": answers, "note": note, "status": self.status().state})
        return done

    def _note_exists(self, ref: str) -> bool:
        return bool(self.facts().note_exists(ref))

    def _model(self, task) -> Document | None:
        """The model of the file that defines the task's process (a called one's for a task
        of a call activity's process)."""
        return self._models.get(task.workflow.spec.name, self.document)

    def element_of(self, task):
        """The task's element in its own process file."""
        model = self._model(task)
        return model.get(task.task_spec.bpmn_id) if model is not None else None

    def fields_of(self, task) -> tuple[FieldSpec, ...]:
        """The fields a task's element declares in the process file."""
        element = self.element_of(task)
        return fields(element) if element is not None else ()

    def _repair(self, given: dict) -> dict:
        """Data for a decision that failed for want of it (``name 'x' is not defined``):
        only names its conditions read, typed by the process's declarations; it is then
        decided again."""
        errored = [t for t in self.workflow.get_tasks(state=TaskState.ERROR)
                   if t.task_spec.bpmn_id]
        if not errored:
            raise UserError(f"session {self.id}: no task is ready and nothing failed; --set "
                            "has nothing to go to (nothing was changed)")
        model = self._model(errored[0])
        process = next((p for p in model.processes
                        if p.id == errored[0].workflow.spec.name), None) if model else None
        declared = process_fields(process) if process is not None else {}
        read = set().union(*(_names_read(t) for t in errored))
        unknown = sorted(set(given) - read)
        if unknown:
            raise UserError(f"the failed decision at {_view(errored[0]).label()} does not read "
                            f"{', '.join(map(repr, unknown))}; it reads "
                            f"{', '.join(sorted(read)) or 'no data'} (nothing was changed)")
        typed = {k: v for k, v in given.items() if k in declared}
        answers = read_answers([replace(declared[k], required=False) for k in typed], typed,
                               f"the failed decision at {_view(errored[0]).label()}",
                               self._note_exists)
        answers.update(read_answers((), {k: v for k, v in given.items() if k not in declared},
                                    "the failed decision"))
        for task in errored:
            task.data.update(answers)
            task._set_state(TaskState.READY)
        return answers

    def positions(self) -> list[str]:
        """Where the instance's tokens are: ready, waiting and failed steps."""
        mask = TaskState.READY | TaskState.WAITING | TaskState.ERROR | TaskState.STARTED
        return list(dict.fromkeys(t.task_spec.bpmn_id for t in self.workflow.get_tasks(
            state=mask) if t.task_spec.bpmn_id))

    def plan(self, until: str | None = None):
        """What has to happen from here (to ``until``: an element id, name or part of a
        name), read off the process and the vault as it is now; nothing is stepped."""
        from ..plan import find_element, plan

        process = next(p for p in self.document.processes
                       if p.id == self.record["process"]["id"])
        target = None
        if until is not None:
            try:
                target = find_element(process, self.document, until)
            except LookupError as exc:
                raise UserError(str(exc))
        data = dict(self.workflow.last_task.data) if self.workflow.last_task else {}
        return plan(self.document, process, self.facts(), positions=self.positions(),
                    data=data, until=target)

    def next_task(self, status: Status) -> TaskView | None:
        """The most useful ready task: the one the most remaining steps of the plan to the
        end wait for (the critical path), not the first in file order."""
        if len(status.ready) < 2:
            return status.ready[0] if status.ready else None
        steps = self.plan().steps
        waiting_on = {i: {i} for i in range(len(steps))}
        for index in range(len(steps) - 1, -1, -1):  # steps come in flow order
            for later, step in enumerate(steps):
                if index in step.after:
                    waiting_on[index] |= waiting_on[later]
        weight = {step.id: len(waiting_on[i]) for i, step in enumerate(steps)}
        return max(status.ready, key=lambda t: weight.get(t.id, 0))

    def history(self) -> list[dict]:
        """The committed steps (and re-checks that decided something), oldest first."""
        events = self.store.events(self.id, self.record.get("log"))
        return [e for e in events if e.get("event") in ("start", "step", "migrate", "abort")
                or e.get("decisions")]

    def reload(self) -> None:
        """Read the instance again (under the lock, another command may have stepped it)."""
        fresh = Session.open(self.store.vault, self.id, facts_factory=self._facts_factory)
        self.record, self.workflow = fresh.record, fresh.workflow
        self.document, self._models = fresh.document, fresh._models
        self.workflow.script_engine = SandboxScriptEngine(environment=self.environment)

    def abort(self, *, by: str | None = None, note: str | None = None) -> None:
        with self.store.lock(self.id):
            self.reload()
            if self.record.get("aborted"):
                raise UserError(f"session {self.id} was already aborted")
            self.record["aborted"] = True
            self._commit({"event": "abort", "by": _who(by), "note": note})

    # -- status -------------------------------------------------------------------------------
    def _conditions(self, task) -> list[str]:
        spec = task.task_spec
        found = []
        definition = getattr(spec, "event_definition", None)
        if isinstance(definition, ConditionalEventDefinition):
            found.append(definition.expression)
        found += [c.args[0] for c, _ in getattr(spec, "cond_task_specs", None) or [] if c]
        return found

    def _gate(self, task) -> tuple[bool, tuple[str, ...]]:
        """(a condition of the gate holds with the vault as it is now, why the others fail)."""
        names = {**self.workflow.data_objects, **task.data}
        reasons: list[str] = []
        holds = False
        for expression in self._conditions(task):
            now, why = explain_condition(expression, names, self.facts())
            holds = holds or now
            reasons += [r for r in why if r not in reasons]
        return holds, tuple(reasons)

    def _gate_reasons(self, task) -> tuple[str, ...]:
        return self._gate(task)[1]

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
        blocked = [Blocked(_view(t), reasons, holds)
                   for t in gates for holds, reasons in [self._gate(t)]]
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
        ready_views = tuple(replace(_view(t), fields=self.fields_of(t)) for t in ready)
        events = tuple((_view(t), awaited(t)) for t in waiting
                       if t not in gates and t not in joins and awaited(t))
        return Status(state=state, ready=ready_views,
                      waiting=tuple(map(_view, waiting)), completed=tuple(map(_view, completed)),
                      blocked=tuple(blocked), deadlock=deadlock, errors=tuple(errors),
                      data=data, events=events)


def list_sessions(vault: Path) -> list[dict]:
    """Every saved session: id, process (file and name), label, who started it and when,
    its state and the task that is ready next."""
    store = Store(vault)
    rows = []
    for session_id in store.ids():
        try:
            record = store.read(session_id)
        except UserError as exc:
            rows.append({"id": session_id, "process": None, "name": None, "label": None,
                         "by": None, "created": None, "updated": None, "status": "corrupt",
                         "next": None, "error": str(exc)})
            continue
        rows.append({"id": session_id, "process": record["process"]["file"],
                     "name": record["process"]["name"] or record["process"]["id"],
                     "label": record.get("label"), "by": record.get("by"),
                     "created": record.get("created"), "updated": record.get("updated"),
                     "status": record.get("status"), "next": record.get("next")})
    return rows
