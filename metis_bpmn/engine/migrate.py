"""Move a session to a new version of its process file, or rebuild it from its event log.

- An instance of this release whose process file changed moves with SpiffWorkflow's spec
  diff: both versions are built from BPMN files (the old one from the pinned copy, by hash),
  never from the saved JSON; refused when the new version removes a step the session reached.
- An instance this release cannot read (an older format or serializer version, or a state
  that fails the checks of :mod:`.restore`) is rebuilt by replaying its event log on a fresh
  instance: the data it was started with and each completed step, in order, with the vault as
  it is now. Nothing of the old state is passed to the engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from .. import __version__
from ..errors import UserError
from .loader import LoadedProcess, file_hash, load_process_bytes, siblings
from .locate import find_by_hash, read_process, recorded_file
from .serialize import check_data
from .session import Session, _pinned_calls, _who, default_facts
from .store import FORMAT, Store, now


def _target(store: Store, process: dict, given: Path | None) -> tuple[Path, bytes]:
    """The process file to move to: ``--process``, else the recorded file where it is now,
    else (unchanged, moved) a file with the pinned hash."""
    if given is not None:
        return given, read_process(given)
    found = recorded_file(process, store.vault)
    if found is not None:
        return found, read_process(found)
    digest = str(process.get("sha256", ""))
    kept = store.pinned_process(digest)
    if kept is not None:
        return Path(str(process.get("file", "process.bpmn"))), kept
    moved = find_by_hash(digest, store.vault)
    if moved is not None:
        return moved
    raise UserError(f"the process file {str(process.get('file'))[:200]} is not in the vault or "
                    "the project; pass it with --process FILE")


def _library(store: Store, path: Path, process: dict):
    """Called processes from the files next to the new version, else the pinned copies."""
    pinned = _pinned_calls(store, process if isinstance(process, dict) else {})
    nearby = siblings(path) if path.exists() else None
    return lambda pid: (nearby(pid) if nearby else None) or pinned(pid)


def _calls(loaded: LoadedProcess) -> dict:
    return {pid: {"file": name, "sha256": file_hash(data)} for pid, name, data in loaded.calls}


def _keep(store: Store, data: bytes, loaded: LoadedProcess) -> None:
    store.keep_process(data)
    for _, _, called in loaded.calls:
        store.keep_process(called)


def migrate(vault: Path, session_id: str, *, process: Path | None = None,
            by: str | None = None,
            facts_factory: Callable[[Path], Any] = default_facts) -> tuple[Session, dict]:
    store = Store(vault)
    with store.lock(session_id):
        try:
            record = store.read(session_id)
            session = Session.open(vault, session_id, facts_factory=facts_factory)
        except UserError as unreadable:
            return _rebuild(store, session_id, process, by, facts_factory, str(unreadable))
        return session, _move(session, store, record, process, by)


def _move(session: Session, store: Store, record: dict, given: Path | None,
          by: str | None) -> dict:
    from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow

    from .serialize import serializer

    path, data = _target(store, record["process"], given)
    loaded = load_process_bytes(data, path, record["process"]["id"], _library(store, path,
                                                                              record["process"]))
    if loaded.sha256 == record["process"]["sha256"]:
        raise UserError(f"session {session.id}: the process file has not changed")
    top, subs = diff_workflow(serializer().registry, session.workflow, loaded.spec,
                              loaded.subprocess_specs)
    reached = ~(TaskState.PREDICTED_MASK | TaskState.FUTURE)
    lost = [t for diff in (top, *[d for d in subs.values() if d]) for t in diff.removed
            if t.state & reached and t.task_spec.bpmn_id]
    if lost or any(d is None for d in subs.values()):
        names = ", ".join(sorted({t.task_spec.bpmn_name or t.task_spec.bpmn_id
                                  for t in lost})) or "a called sub-process"
        raise UserError(f"session {session.id}: cannot migrate: the new version removes "
                        f"steps this session has reached ({names}); abort it and start a new "
                        "session")
    migrate_workflow(top, session.workflow, loaded.spec)
    for sp_id, diff in subs.items():
        sub = session.workflow.subprocesses[sp_id]
        migrate_workflow(diff, sub, loaded.subprocess_specs[sub.spec.name])
    old = record["process"]["sha256"]
    _keep(store, data, loaded)
    session.record["process"]["sha256"] = loaded.sha256
    session.record["process"]["calls"] = _calls(loaded)
    session.refresh()
    session._advance()
    summary = {"from": old, "to": loaded.sha256, "changed": len(top.changed), "how": "diff"}
    session._commit({"event": "migrate", "by": _who(by), **summary})
    return summary


def _rebuild(store: Store, session_id: str, given: Path | None, by: str | None,
             facts_factory: Callable[[Path], Any], why: str) -> tuple[Session, dict]:
    raw = store.read_raw(session_id)
    process = raw.get("process") if isinstance(raw, dict) else None
    if not isinstance(process, dict):
        raise UserError(f"session {session_id}: cannot rebuild: the file names no process "
                        f"({why})")
    path, data = _target(store, process, given)
    loaded = load_process_bytes(data, path, str(process.get("id") or "") or None,
                                _library(store, path, process))
    events = store.events(session_id)
    session = _fresh(store, session_id, loaded, path, raw, facts_factory)
    _keep(store, data, loaded)
    replayed = _replay(session, events)
    summary = {"from": str(process.get("sha256", ""))[:64], "to": loaded.sha256,
               "replayed": replayed, "how": "event log"}
    session._commit({"event": "migrate", "by": _who(by), **summary})
    return session, summary


def _fresh(store: Store, session_id: str, loaded: LoadedProcess, path: Path, raw: dict,
           facts_factory) -> Session:
    from .locate import record_path

    file, base = record_path(path, store.vault) if path.exists() else (path.name, "project")
    record = {
        "format": FORMAT, "id": session_id,
        "created": str(raw.get("created") or now())[:64], "updated": now(),
        "label": raw.get("label") if isinstance(raw.get("label"), str) else None,
        "by": str(raw.get("by") or "unknown")[:200],
        "process": {"file": file, "base": base, "id": loaded.process_id, "name": loaded.name,
                    "sha256": loaded.sha256, "calls": _calls(loaded)},
        "engine": {"metis_bpmn": __version__, "spiffworkflow": "3.2.0"},
        "allow_scripts": raw.get("allow_scripts") is True, "aborted": False, "status": None,
        "log": 0, "state": {},
    }
    workflow = BpmnWorkflow(loaded.spec, loaded.subprocess_specs)
    return Session(store, session_id, record, workflow, facts_factory, loaded)


def _replay(session: Session, events: list[dict]) -> int:
    """Apply the logged start data and steps in order; returns the steps replayed."""
    steps = 0
    for number, event in enumerate(events, 1):
        kind = event.get("event")
        data = event.get("data") if isinstance(event.get("data"), dict) else {}
        if kind == "start":
            check_data(data, f"event {number}")
            session.workflow.data.update(data)
            for task in session.workflow.get_tasks(state=TaskState.READY):
                task.data.update(data)
        elif kind == "step" and event.get("task"):
            check_data(data, f"event {number}")
            session._advance()
            ready = [t for t in session.workflow.get_tasks(state=TaskState.READY, manual=True)
                     if t.task_spec.bpmn_id == event["task"]]
            if not ready:
                raise UserError(f"session {session.id}: cannot rebuild from the event log: "
                                f"step {number} ({str(event['task'])[:80]}) is not ready in "
                                "the process as it is now; the session file was left as it "
                                "was")
            ready[0].data.update(data)
            ready[0].run()
            steps += 1
        elif kind == "abort":
            session.record["aborted"] = True
    session._advance()
    return steps
