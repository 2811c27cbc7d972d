"""``metis-bpmn init``: write a starter configuration (like ``bpmnlint --init``)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import typer

from ..errors import UserError
from ..fsio import atomic_write
from . import app

STARTER = """\
# metis-bpmn configuration: every key is optional (docs/guide.md, "Configuration").
# Base rule set: recommended, strict, all, bpmnlint:recommended, bpmnlint:correctness, bpmnlint:all.
profile = "{profile}"
# extends = [".bpmnlintrc"]       # reuse an existing bpmnlint config instead of a profile
# exclude = ["drafts/*"]          # glob patterns of files to skip when searching folders
# max-warnings = -1               # exit 1 when there are more warnings than this (-1: no limit)
# max-file-size = 10485760        # bytes; larger files are not parsed (oversized-document)
# timeout = 60                    # seconds per file before analysis-timeout (0: no limit)
# jobs = 2                        # worker processes (default: all cores)

[{rules_table}]
# Severity per rule: "off", "info", "warn", "error", or ["error", {{ option = value }}].
# "label-required" = "warn"
"""

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def _without_our_tables(text: str) -> str:
    """``pyproject.toml`` text with ``[tool.metis-bpmn]`` and its sub-tables removed."""
    kept, ours = [], False
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line)
        if header:
            name = header.group(1).replace('"', "").replace(" ", "")
            ours = name == "tool.metis-bpmn" or name.startswith("tool.metis-bpmn.")
        if not ours:
            kept.append(line)
    return "".join(kept).rstrip("\n") + "\n"


def _check(text: str, where: Path) -> None:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # never write a file we cannot read back
        raise UserError(f"{where}: would not be valid TOML after the change ({exc}); "
                        "edit it by hand")


@app.command()
def init(
    pyproject: bool = typer.Option(False, "--pyproject",
                                   help="Add a [tool.metis-bpmn] table to ./pyproject.toml "
                                        "instead of writing metis-bpmn.toml."),
    profile: str = typer.Option("recommended", "--profile", "-p", help="Base rule profile."),
    force: bool = typer.Option(False, "--force", help="Replace an existing configuration."),
) -> None:
    """Write a starter configuration in the current folder."""
    from ..lint.profiles import PROFILE_NAMES

    if profile not in PROFILE_NAMES:
        raise UserError(f"unknown profile {profile!r}; choose one of: {', '.join(PROFILE_NAMES)}")
    if pyproject:
        target = Path("pyproject.toml")
        if not target.is_file():
            raise UserError("no pyproject.toml here; run `metis-bpmn init` for metis-bpmn.toml")
        text = target.read_text(encoding="utf-8")
        if "metis-bpmn" in tomllib.loads(text).get("tool", {}):
            if not force:
                raise UserError(f"{target} already has [tool.metis-bpmn]; use --force to replace it")
            text = _without_our_tables(text)
        new = text.rstrip("\n") + "\n\n[tool.metis-bpmn]\n" + STARTER.format(
            profile=profile, rules_table="tool.metis-bpmn.rules")
    else:
        target = Path("metis-bpmn.toml")
        if target.exists() and not force:
            raise UserError(f"{target} already exists; use --force to replace it")
        new = STARTER.format(profile=profile, rules_table="rules")
    _check(new, target)
    atomic_write(target, new.encode("utf-8"))  # pyproject.toml is the user's: never half-written
    typer.echo(f"Wrote {target}. Check it with: metis-bpmn validate <folder>")
