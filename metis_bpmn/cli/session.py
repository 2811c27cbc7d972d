"""``metis-bpmn session ...``: run a process as a workflow instance against the vault."""

from __future__ import annotations

import json
import shlex
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import UserError
from ..report.text import escape_control
from ..deadline import deadline
from . import app

session_app = typer.Typer(
    help="Run a process as a workflow instance against the vault; state is saved in the "
         "vault (.metis/sessions/) so the next session resumes it.",
    no_args_is_help=True)
app.add_typer(session_app, name="session")

STATE_WORDS = {
    "complete": "complete", "waiting-for-person": "waiting for a person",
    "waiting-for-vault": "waiting for the vault", "waiting-for-event": "waiting for an event",
    "deadlocked": "deadlocked", "error": "in error", "aborted": "aborted",
}


class Format(str, Enum):
    text = "text"
    json = "json"


VAULT = typer.Option(Path("."), "--vault", help="The vault folder (default: current directory).")
FORMAT = typer.Option(Format.text, "--format", "-f", help="Output format.")
SET = typer.Option([], "--set", "-s", metavar="KEY=VALUE",
                   help="Give a field of the task (its declared type: yes/no, a number, one "
                        "of its values...; an undeclared field takes JSON or text). "
                        "Repeatable.")
BY = typer.Option(None, "--by", help="Who acts (default: $METIS_USER or the login name).")


def _vault(path: Path) -> Path:
    if not path.is_dir():
        raise UserError(f"vault folder {path} does not exist")
    return path


def parse_sets(items: list[str]) -> dict:
    data = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise UserError(f"--set {item!r}: use KEY=VALUE with KEY a name like area or handoff")
        data[key] = value  # read against the task's declared fields by the engine
    return data


def _engine():
    from ..engine import session  # SpiffWorkflow loads only for session commands
    return session


def status_json(session) -> dict:
    status = session.status()
    record = session.record
    return {
        "version": 1,
        "session": {"id": session.id, "process": record["process"], "created": record["created"],
                    "updated": record["updated"], "state": status.state},
        "ready": [t.as_json() for t in status.ready],
        "waiting": [t.as_json() for t in status.waiting],
        "completed": [t.as_json() for t in status.completed],
        "blocked": [{**b.task.as_json(), "reasons": list(b.reasons), "passesNow": b.passes_now}
                    for b in status.blocked],
        "awaiting": [{**t.as_json(), "event": what} for t, what in status.events],
        "deadlock": [{**t.as_json(), "waitsFor": list(w)} for t, w in status.deadlock],
        "errors": [{**t.as_json(), "message": m} for t, m in status.errors],
        "data": status.data,
        "history": session.history(),
        "next": (lambda t: t.as_json() if t else None)(session.next_task(status)),
    }


def status_text(session) -> str:
    status = session.status()
    process = session.record["process"]
    lines = [f"Session {session.id}: {process['name'] or process['id']} ({process['file']})",
             f"State: {STATE_WORDS.get(status.state, status.state)}"]
    if status.ready:
        lines.append("Ready:")
        for task in status.ready:
            lines.append(f"  - {task.label()}" + (f"  [{task.lane}]" if task.lane else ""))
            lines += [f"      --set {f.describe()}" + (f"  {f.question}" if f.question else "")
                      for f in task.fields]
    for blocked in status.blocked:
        if blocked.passes_now:
            lines.append(f"Passes now: {blocked.task.label()}: the vault satisfies it; "
                         f"`metis-bpmn session step {session.id} --recheck --vault "
                         f"{shlex.quote(str(session.store.vault))}` moves on")
            continue
        lines.append(f"Blocked: {blocked.task.label()}")
        lines += [f"  - {reason}" for reason in blocked.reasons]
    if status.blocked:
        lines.append("  (gates checked against the vault as it is now)")
    for task, what in status.events:
        lines.append(f"Waiting: {task.label()}: {what}")
    for join, waits in status.deadlock:
        lines.append(f"Deadlock: {join.label()} waits for {', '.join(waits) or 'a branch'} "
                     "that can no longer arrive")
    for task, message in status.errors:
        lines.append(f"Error at {task.label()}: {message}")
    if status.completed:
        lines.append("Completed: " + " -> ".join(t.name or t.id for t in status.completed))
    history = session.history()
    lines += _history(history) if len(history) > 1 else []
    if status.data:
        lines.append("Data: " + json.dumps(status.data, ensure_ascii=False, sort_keys=True))
    following = session.next_task(status) if len(status.ready) > 1 else None
    if following is not None:
        lines.append(f"Next: {following.label()}" + (f"  [{following.lane}]"
                                                       if following.lane else ""))
    return "\n".join(escape_control(line) for line in lines)


HISTORY = 8  # history lines in show; the event log has them all


def _history(events: list[dict]) -> list[str]:
    """One line per person step (who, when, data, note), with the decisions it led to."""
    lines = []
    for event in events[-HISTORY:]:
        when = str(event.get("at", ""))[:16].replace("T", " ")
        what = {"start": "started", "abort": "aborted", "migrate": "migrated",
                "recheck": "re-checked the vault"}.get(event["event"]) \
            or str(event.get("name") or event.get("task") or "")
        data = ", ".join(f"{k}={v}" for k, v in (event.get("data") or {}).items())
        note = f" - {event['note']}" if event.get("note") else ""
        lines.append(f"  {when} {event.get('by', '?')}: {what}"
                     + (f" ({data})" if data else "") + note)
        for made in event.get("decisions") or ():
            reasons = "; ".join(made.get("because") or ()) or "its condition held"
            lines.append(f"      {made.get('name') or made.get('gateway')}: took "
                         f"{', '.join(made.get('took') or ())} because {reasons}")
    return ["History:", *lines] if lines else []


def _print(session, format: Format) -> None:
    if format is Format.json:
        typer.echo(json.dumps(status_json(session), indent=2, ensure_ascii=False))
    else:
        typer.echo(status_text(session))
    if session.status().state in ("deadlocked", "error"):
        raise typer.Exit(1)


def _settings():
    from ..lint.config import load_settings
    return load_settings()


def _limit(what: str):
    """The per-file time limit of the configuration, for one session command."""
    return deadline(_settings().timeout, what)


def _allow_scripts(process: Path) -> bool:
    setting = _settings().settings.get("session", {}).get("allow-scripts", False)
    if isinstance(setting, list):  # the configuration's shape is checked when it is read
        return process.name in setting or process.as_posix() in setting
    return setting


@session_app.command("start")
def start(process: Path = typer.Argument(..., help="The BPMN file to run."),
          vault: Path = VAULT, set_: List[str] = SET,
          process_id: Optional[str] = typer.Option(None, "--process-id",
                                                   help="Which process, if the file has several."),
          label: Optional[str] = typer.Option(
              None, "--label", help="What this session is about, shown by `session list` "
                                    "(default: the first input given, e.g. the area)."),
          by: Optional[str] = BY, format: Format = FORMAT) -> None:
    """Start a session: prints its id and what is ready."""
    if not process.is_file():
        raise UserError(f"{process}: no such file")
    engine = _engine()
    with _limit(f"starting {process}"):
        session = engine.Session.start(_vault(vault), process, process_id=process_id,
                                       data=parse_sets(set_), by=by, label=label,
                                       allow_scripts=_allow_scripts(process))
        _print(session, format)


@session_app.command("show")
def show(session_id: str = typer.Argument(..., metavar="ID"), vault: Path = VAULT,
         format: Format = FORMAT) -> None:
    """Show ready, waiting and completed tasks, blocked gates with reasons, and data."""
    with _limit(f"session {session_id}"):
        _print(_engine().Session.open(_vault(vault), session_id), format)


@session_app.command("step")
def step(session_id: str = typer.Argument(..., metavar="ID"),
         task: Optional[str] = typer.Option(None, "--task", "-t",
                                            help="Task id or name, when several are ready."),
         set_: List[str] = SET, note: Optional[str] = typer.Option(None, "--note", "-m"),
         recheck: bool = typer.Option(False, "--recheck",
                                      help="Complete no task; only re-check the vault."),
         by: Optional[str] = BY, vault: Path = VAULT, format: Format = FORMAT) -> None:
    """Complete one ready task and run the automatic steps (re-checks the vault)."""
    if recheck and task:
        raise UserError("--recheck completes no task; leave out --task")
    with _limit(f"session {session_id}"):
        session = _engine().Session.open(_vault(vault), session_id)
        session.step(task, data=parse_sets(set_), note=note, by=by, recheck=recheck)
        _print(session, format)


@session_app.command("plan")
def plan_(session_id: str = typer.Argument(..., metavar="ID"), vault: Path = VAULT,
          until: Optional[str] = typer.Option(
              None, "--until", metavar="ELEMENT",
              help="Plan up to this element (id, name, or a unique part of its name); "
                   "default: to the end."),
          format: Format = FORMAT) -> None:
    """What has to happen from where the session stands to --until (or the end): tasks with
    their fields and lanes, gates with the vault facts they need now (and the setup doc and
    start prompt of the session that would advance them), choices with their alternatives.
    Nothing is stepped or saved."""
    from . import plan as shared

    with _limit(f"session {session_id}"):
        session = _engine().Session.open(_vault(vault), session_id)
        result = session.plan(until)
        shared.emit(result, f"session {session_id}", shared.Format(format.value))


@session_app.command("run")
def run(session_id: str = typer.Argument(..., metavar="ID"), vault: Path = VAULT,
        by: Optional[str] = BY) -> None:
    """Step interactively: prompts for each ready task, field by field, until done or
    blocked. A wrong answer is asked again; Ctrl-C stops and keeps the session."""
    session = _engine().Session.open(_vault(vault), session_id)
    try:
        while _run_one(session, by):
            typer.echo("")
    except (typer.Abort, KeyboardInterrupt, EOFError):
        typer.echo(f"\nStopped. Session {session_id} is kept as it was after its last step "
                   f"(not aborted); resume with `metis-bpmn session run {session_id} --vault "
                   f"{shlex.quote(str(vault))}`.", err=True)
        raise typer.Exit(0)


def _run_one(session, by: Optional[str]) -> bool:
    """Prompt for one task and complete it; False when there is nothing left to do."""
    typer.echo(status_text(session))
    status = session.status()
    if not status.ready:
        raise typer.Exit(1 if status.state in ("deadlocked", "error") else 0)
    for number, task in enumerate(status.ready, 1):
        typer.echo(f"  [{number}] {task.label()}")
    while True:
        answer = typer.prompt("Complete which task? (number, or q to stop)",
                              default="1" if len(status.ready) == 1 else "",
                              show_default=False).strip().lower()
        if answer in ("q", "quit"):
            return False
        if answer.isdigit() and 1 <= int(answer) <= len(status.ready):
            break
        typer.echo(f"Please answer 1-{len(status.ready)} or q.")
    chosen = status.ready[int(answer) - 1]
    while True:
        data = _ask_fields(chosen) if chosen.fields else _ask_pairs()
        note = typer.prompt("Note (empty for none)", default="", show_default=False)
        try:
            session.step(chosen.id, data=data, note=note or None, by=by)
            return True
        except UserError as exc:
            typer.echo(f"Not saved: {exc}. Please answer again.", err=True)


def _ask_fields(task) -> dict:
    """One prompt per declared field, asked again until the answer is a value of it."""
    from ..model.fields import InvalidValue, convert

    answers = {}
    for spec in task.fields:
        prompt = f"{spec.question or spec.name} [{spec.describe()}]"
        while True:
            raw = typer.prompt(prompt, default="", show_default=False)
            if not raw.strip() and not spec.required:
                break
            try:
                convert(spec, raw)
            except InvalidValue as exc:
                typer.echo(f"  {exc}", err=True)
                continue
            answers[spec.name] = raw
            break
    return answers


def _ask_pairs() -> dict:
    """KEY=VALUE pairs for a task that declares no fields (values may be quoted)."""
    while True:
        line = typer.prompt("Data to set (KEY=VALUE ..., empty for none)", default="",
                            show_default=False)
        try:
            return parse_sets(shlex.split(line))
        except (ValueError, UserError) as exc:
            typer.echo(f"  {exc}", err=True)


@session_app.command("list")
def list_(vault: Path = VAULT, format: Format = FORMAT,
          state: Optional[str] = typer.Option(None, "--state",
                                              help="Only sessions in this state (e.g. "
                                                   "waiting-for-vault, complete)."),
          process: Optional[str] = typer.Option(None, "--process",
                                                help="Only sessions of this process (its name, "
                                                     "id or file, or part of it).")) -> None:
    """List the sessions saved in the vault: id, state, process, label, who started it and
    when, and the task that is ready next."""
    rows = _engine().list_sessions(_vault(vault))
    if state:
        rows = [r for r in rows if r["status"] == state]
    if process:
        wanted = process.lower()
        rows = [r for r in rows if any(wanted in str(r.get(k) or "").lower()
                                       for k in ("process", "name"))]
    if format is Format.json:
        typer.echo(json.dumps({"version": 1, "sessions": rows}, indent=2, ensure_ascii=False))
        return
    if not rows:
        typer.echo("No sessions.")
    for row in rows:
        if row["status"] == "corrupt":
            typer.echo(escape_control(f"{row['id']}  corrupt  {row.get('error', '')}"))
            continue
        started = f"{row['by'] or '?'}, {(row['created'] or '')[:10]}"
        about = f" [{row['label']}]" if row["label"] else ""
        following = f"; next: {row['next']}" if row["next"] else ""
        typer.echo(escape_control(f"{row['id']}  {row['status'] or '?'}  {row['name']}{about} "
                                  f"({started}){following}"))


@session_app.command("abort")
def abort(session_id: str = typer.Argument(..., metavar="ID"),
          note: Optional[str] = typer.Option(None, "--note", "-m"), by: Optional[str] = BY,
          vault: Path = VAULT) -> None:
    """Abort a session: it is kept, but refuses further steps."""
    engine = _engine()
    engine.Session.open(_vault(vault), session_id).abort(by=by, note=note)
    typer.echo(f"Session {session_id} aborted.")


@session_app.command("migrate")
def migrate(session_id: str = typer.Argument(..., metavar="ID"), by: Optional[str] = BY,
            process: Optional[Path] = typer.Option(
                None, "--process", help="The new version of the process file (default: the "
                                        "recorded file, where it is now)."),
            vault: Path = VAULT, format: Format = FORMAT) -> None:
    """Move a session to the changed version of its process file (refused when a reached
    step was removed), or rebuild a session saved by another release from its event log."""
    from ..engine.migrate import migrate as move

    with _limit(f"session {session_id}"):
        session, _ = move(_vault(vault), session_id, process=process, by=by)
        _print(session, format)


@session_app.command("export")
def export(output: Path = typer.Option(..., "--output", "-o", metavar="FILE",
                                       help="FILE.xes (XES) or FILE.json (OCEL 2.0)."),
           vault: Path = VAULT) -> None:
    """Write every session's logged steps as an event log for process-mining tools."""
    from ..conform.check import session_log
    from .conform import write_log
    cases, notes = session_log(_vault(vault))
    for note in notes:
        typer.echo(f"metis-bpmn: note: {note}", err=True)
    write_log(output, cases)
    typer.echo(f"Wrote {sum(map(len, cases.values()))} steps of {len(cases)} sessions to {output}")
