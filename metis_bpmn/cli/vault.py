"""``metis-bpmn vault facts|check``: what processes can see in a vault, and what is broken."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from ..deadline import deadline
from ..errors import UserError
from . import app

vault_app = typer.Typer(help="Read a Metis vault: the facts processes see, and its problems.",
                        no_args_is_help=True)
app.add_typer(vault_app, name="vault")


class Format(str, Enum):
    text = "text"
    json = "json"


def _read(directory: Path):
    from ..lint.config import load_settings
    from ..vault.reader import read_vault
    if not directory.is_dir():
        raise UserError(f"{directory}: no such vault folder")
    with deadline(load_settings().timeout, f"reading the vault {directory}"):
        return read_vault(directory)


def facts_json(facts) -> dict:
    handoffs = facts.handoff_notes()
    latest = facts.latest_handoff()
    return {
        "statusOrder": list(facts.STATUS_ORDER),
        "chatPlan": facts.statuses(),
        "handoffs": [{"path": p, "created": facts.frontmatter(p, "created"),
                      "session": facts.frontmatter(p, "session"),
                      "complete": facts.handoff_complete(p),
                      "missingFields": facts.missing_handoff_fields(p),
                      "setupDocsNamed": facts.setup_docs_named_in(p),
                      "missingSetupDocs": facts.missing_setup_docs(p),
                      "openQuestions": facts.open_questions(p),
                      "decisions": facts.decisions(p),
                      "decisionsStated": facts.decisions_stated(p)} for p in handoffs],
        "latestHandoff": latest,
        "setupDocs": facts.setup_docs(),
    }


@vault_app.command("facts")
def facts(directory: Path = typer.Argument(Path("."), metavar="DIR", help="The vault folder."),
          format: Format = typer.Option(Format.text, "--format", "-f")) -> None:
    """Print what processes can see: chat-plan statuses, handoffs, setup docs."""
    from ..report.text import escape_control
    from ..vault.facts import VaultFacts
    vault = _read(directory)
    data = facts_json(VaultFacts(vault))
    if format is Format.json:
        typer.echo(json.dumps({"version": 1, "vault": str(directory), "notes": len(vault.notes),
                               **data}, indent=2, ensure_ascii=False))
        return
    echo = lambda line: typer.echo(escape_control(line))  # noqa: E731 (notes are untrusted)
    echo(f"Vault {directory}: {len(vault.notes)} notes")
    echo("Chat plan:")
    width = max((len(k) for k in data["chatPlan"]), default=0)
    for label, status in data["chatPlan"].items():
        echo(f"  {label:<{width}}  {status or '(unknown status)'}")
    echo(f"Latest handoff: {data['latestHandoff'] or '(none)'}")
    for handoff in data["handoffs"]:
        state = "complete" if handoff["complete"] else "incomplete: " + ", ".join(
            handoff["missingFields"])
        echo(f"  {handoff['path']} ({handoff['created']}): {state}; "
                   f"{len(handoff['openQuestions'])} open questions, "
                   f"{len(handoff['decisions'])} decisions"
                   + ("" if handoff["decisionsStated"] else " (not stated)"))
        for doc in handoff["setupDocsNamed"]:
            mark = "missing" if doc in handoff["missingSetupDocs"] else "ok"
            echo(f"    setup doc {doc}: {mark}")
    echo(f"Setup docs: {len(data['setupDocs'])}")


@vault_app.command("check")
def check(directory: Path = typer.Argument(Path("."), metavar="DIR", help="The vault folder."),
          format: Format = typer.Option(Format.text, "--format", "-f")) -> None:
    """Report broken notes, dangling wikilinks, handoffs the handoff tag misses, incomplete
    handoff notes, missing or empty setup docs, statuses the model does not know or that
    disagree (chat plan, area READMEs, the latest handoff). Exit 1 on errors; warnings are
    listed (docs/vault.md has every check)."""
    from ..finding import Severity
    from ..report import FileReport
    from ..vault.check import check_vault
    findings = check_vault(_read(directory), str(directory))
    by_file: dict[str, list] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    reports = [FileReport(path, tuple(items)) for path, items in sorted(by_file.items())]
    if format is Format.json:
        from ..report import json as out
        typer.echo(out.render(reports), nl=False)
    else:
        from ..report import text as out
        lines = [out.format_finding(f) for f in findings]
        lines.append(f"{out.summary(reports)} of {directory}"
                     if findings else f"✔ {directory}: no problems")
        typer.echo("\n".join(lines))
    raise typer.Exit(1 if any(f.severity is Severity.ERROR for f in findings) else 0)
