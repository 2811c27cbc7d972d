"""``metis-bpmn plan``: what a new session of a process would have to do, from its start, to
reach an element or the end; and the text and JSON shapes that ``session plan`` shares."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import UserError
from ..report.text import escape_control
from . import app


class Format(str, Enum):
    text = "text"
    json = "json"


UNTIL = typer.Option(None, "--until", metavar="ELEMENT",
                     help="Plan up to this element (id, name, or a unique part of its name); "
                          "default: to the end.")


def _need(need: dict) -> str:
    return f"{need['fact']} is {need['now']}, needs {need['wants']}"


def plan_text(plan, title: str) -> str:
    until = f" until {plan.target['name'] or plan.target['id']}" if plan.target else ""
    lines = [f"Plan for {title}{until}:"]
    if not plan.steps:
        lines.append("  nothing left to do" if plan.reachable
                     else "  the target cannot be reached from here")
    for number, step in enumerate(plan.steps, 1):
        after = f"   (after {', '.join(str(a + 1) for a in step.after)})" if step.after else ""
        lane = f" [{step.lane}]" if step.lane else ""
        lines.append(f"{number:>3}. {step.kind:<6} {step.name or step.id}{lane}{after}")
        lines += [f"          needs: {_need(n)}" for n in step.needs]
        lines += [f"          --set {f['name']}" + (f": {f['question']}" if f["question"] else "")
                  for f in step.fields]
        for alternative in step.alternatives:
            mark = "  <- toward the target" if alternative["toward"] and plan.target else ""
            how = "default" if alternative["default"] else (alternative["condition"] or "")
            lines.append(f"          or {alternative['name'] or alternative['to']}: {how}{mark}")
        if step.setup:
            if step.setup.get("note"):
                lines.append(f"          setup doc: {step.setup['note']}")
            if step.setup.get("prompt"):
                lines.append(f"          start with: \"{step.setup['prompt']}\"")
    return "\n".join(escape_control(line) for line in lines)


def emit(plan, title: str, format: Format) -> None:
    if format is Format.json:
        typer.echo(json.dumps(plan.as_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(plan_text(plan, title))


def load(process_file: Path, process_id: Optional[str]):
    """The document and the chosen process of a BPMN file, refused as every command does."""
    from ..model.parse import load_file, refusal
    if not process_file.is_file():
        raise UserError(f"{process_file}: no such file")
    loaded = load_file(process_file)
    problem = refusal(loaded)
    if problem is not None:
        raise UserError(f"{process_file}:{problem.line or 1}: {problem.message}")
    document = loaded.document
    candidates = [p for p in document.processes if p.id == process_id] if process_id else \
        [p for p in document.processes if p.is_executable] or list(document.processes)
    if len(candidates) != 1:
        raise UserError(f"{process_file}: choose a process with --process-id "
                        f"({', '.join(p.id or '?' for p in document.processes) or 'none'})")
    return document, candidates[0]


def until_id(process, document, until: Optional[str]) -> Optional[str]:
    from ..plan import find_element
    if until is None:
        return None
    try:
        return find_element(process, document, until)
    except LookupError as exc:
        raise UserError(str(exc))


@app.command("plan")
def plan_command(
        process: Path = typer.Argument(..., help="The BPMN file."),
        vault: Path = typer.Option(Path("."), "--vault", help="The vault folder."),
        until: Optional[str] = UNTIL,
        process_id: Optional[str] = typer.Option(None, "--process-id",
                                                 help="Which process, if the file has several."),
        format: Format = typer.Option(Format.text, "--format", "-f")) -> None:
    """What a new session would have to do: the steps from the start to --until (or the end),
    with the vault facts each gate needs now, setup docs and start prompts."""
    from ..plan import plan
    from ..vault.facts import VaultFacts

    if not vault.is_dir():
        raise UserError(f"vault folder {vault} does not exist")
    document, chosen = load(process, process_id)
    starts = [n.id for n in chosen.scope.nodes if n.tag == "startEvent" and n.id]
    result = plan(document, chosen, VaultFacts.load(vault), positions=starts,
                  until=until_id(chosen, document, until))
    emit(result, f"a new session of {chosen.name or chosen.id}", format)
