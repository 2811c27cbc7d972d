"""``metis-bpmn conform``: did the vault's history follow the process?"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import UserError
from . import app


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


def write_log(path: Path, cases) -> None:
    """Write an event log: XES for ``.xes``, OCEL 2.0 JSON for ``.json``/``.jsonocel``."""
    from ..fsio import atomic_write
    if path.suffix == ".xes":
        from ..conform import xes
        data = xes.render(cases)
    elif path.suffix in (".json", ".jsonocel"):
        from ..conform import ocel
        data = ocel.render(cases).encode("utf-8")
    else:
        raise UserError(f"{path}: export to .xes (XES) or .json/.jsonocel (OCEL 2.0)")
    atomic_write(path, data)


def summary_json(result) -> dict:
    totals = {k: sum(getattr(c.result, k) for c in result.cases)
              for k in ("missing", "consumed", "remaining", "produced")}
    return {"process": result.process.id, "file": result.file, "fitness": result.fitness,
            "cases": len(result.cases), "events": result.events, **totals}


def fitness_line(result) -> str:
    name = result.process.id or result.file
    if not result.cases:
        return f"{name}: no event of the vault's history maps to this process"
    open_cases = sum(not c.result.ended for c in result.cases)
    cases = f"{len(result.cases)} case{'s' * (len(result.cases) != 1)}"
    still = f"; {open_cases} still open (their remaining tokens are work to do)" \
        if open_cases else ""
    return f"{name}: fitness {result.fitness:.3f} over {cases}, {result.events} events{still}"


@app.command()
def conform(
    process: Path = typer.Argument(..., metavar="PROCESS", help="The BPMN file of the process."),
    vault: Path = typer.Option(Path("."), "--vault",
                               help="The vault folder (default: current directory)."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    process_id: Optional[str] = typer.Option(None, "--process-id",
                                             help="Which process, if the file has several."),
    export: Optional[Path] = typer.Option(
        None, "--export", metavar="FILE",
        help="Also write the event log: FILE.xes (XES) or FILE.json (OCEL 2.0)."),
    git: bool = typer.Option(True, "--git/--no-git",
                             help="Read the history of the chat plan and area READMEs when the "
                                  "vault is a git repository."),
) -> None:
    """Check that the vault's history followed PROCESS.

    Builds an event log from the vault (handoff notes, the chat plan, notes with a kind,
    session logs, git history), replays it on the process (pm4py's token-based replay) and
    reports each step that happened before the process allowed it. Prints the fitness.

    Exit codes: 0 no deviation, 1 deviations, 2 usage or input error.
    """
    from ..conform.check import check, exit_code
    from ..deadline import deadline
    from ..lint.config import load_settings
    from ..report import FileReport

    settings = load_settings()
    with deadline(settings.timeout, f"checking {vault} against {process}"):
        result = check(process, vault, process_id=process_id, display=str(vault), git=git)
    for note in result.notes:
        typer.echo(f"metis-bpmn: note: {note}", err=True)
    if export is not None:
        write_log(export, {c.name: c.events for c in result.cases})
    by_file: dict[str, list] = {}
    for finding in result.findings:
        by_file.setdefault(finding.file, []).append(finding)
    reports = [FileReport(path, tuple(items)) for path, items in sorted(by_file.items())]
    if format is Format.json:
        from ..report import json as out
        typer.echo(out.render(reports, config=settings.source,
                              conformance=[summary_json(result)]), nl=False)
    elif format is Format.sarif:
        from dataclasses import replace

        from ..report import sarif
        typer.echo(sarif.render(reports, config=replace(settings, rules={}),
                                properties={"conformance": [summary_json(result)]}), nl=False)
    else:
        from ..report import text
        lines = [text.format_finding(f) for f in result.findings]
        lines.append(text.escape_control(fitness_line(result)))
        count = len(result.findings)
        lines.append(f"✖ {count} deviation{'s' * (count != 1)} from {process} in {vault}"
                     if count else f"✔ {vault} followed {process}")
        typer.echo("\n".join(lines))
    raise typer.Exit(exit_code(result))
