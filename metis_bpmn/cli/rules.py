"""``metis-bpmn rules``: list the rules, show one rule's documentation, write docs/rules."""

from __future__ import annotations

import difflib
import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import UserError
from . import app


class Format(str, Enum):
    text = "text"
    json = "json"


@app.command()
def rules(
    name: Optional[str] = typer.Argument(None, help="A rule name: print its documentation."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    write_docs: Optional[Path] = typer.Option(
        None, "--write-docs", metavar="DIR",
        help="Write one Markdown page per rule and an index.md into DIR (docs/rules)."),
) -> None:
    """List the rules, or print the documentation of rule NAME.

    The list shows each rule's source (metis or bpmnlint), its severity in the
    recommended profile (off: not in it) and its summary.
    """
    from .. import docs_gen
    from ..lint.registry import all_rules

    if write_docs is not None:
        for changed in docs_gen.write(write_docs):
            typer.echo(f"wrote {write_docs / changed}")
        return
    catalogue = all_rules()
    if name is not None:
        rule = catalogue[_resolve(name)]
        if format is Format.json:
            typer.echo(json.dumps(_entry(rule, docs_gen) | {"doc": rule.doc}, indent=2))
        else:
            typer.echo(f"{rule.name}: {rule.summary}\n\n{docs_gen.header(rule)}\n\n"
                       f"{docs_gen.body(rule)}")
        return
    entries = [_entry(rule, docs_gen) for rule in catalogue.values()]
    if format is Format.json:
        typer.echo(json.dumps(entries, indent=2))
        return
    heading = {"name": "RULE", "source": "SOURCE", "recommended": "RECOMMENDED",
               "summary": "SUMMARY"}
    widths = [max(len(e[key]) for e in [heading, *entries])
              for key in ("name", "source", "recommended")]
    for e in [heading, *entries]:
        typer.echo(f"{e['name']:<{widths[0]}}  {e['source']:<{widths[1]}}  "
                   f"{e['recommended']:<{widths[2]}}  {e['summary']}")


def _entry(rule, docs_gen) -> dict:
    levels = docs_gen.severities(rule.name)
    return {"name": rule.name, "source": rule.source, "category": rule.category,
            "recommended": levels["recommended"], "strict": levels["strict"],
            "summary": rule.summary, "options": dict(rule.options), "url": rule.url}


def _resolve(name: str) -> str:
    from ..lint.registry import all_rules, resolve

    found = resolve(name)
    if found is not None:
        return found
    close = difflib.get_close_matches(name.strip(), list(all_rules()), n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else "; run 'metis-bpmn rules' for the list"
    raise UserError(f"unknown rule {name!r}{hint}")
