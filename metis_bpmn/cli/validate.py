"""``metis-bpmn validate``: check BPMN files and report findings."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import app


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


@app.command()
def validate(
    paths: List[str] = typer.Argument(..., metavar="PATH...",
                                      help="BPMN files, folders (searched recursively), or - for stdin."),
    format: Format = typer.Option(Format.text, "--format", "-f", envvar="METIS_BPMN_FORMAT",
                                  help="Output format."),
    profile: Optional[str] = typer.Option(
        None, "--profile", "-p",
        help="Rule profile: recommended, strict, all, bpmnlint:recommended, "
             "bpmnlint:correctness, bpmnlint:all."),
    config: Optional[Path] = typer.Option(
        None, "--config", "-c",
        help="Configuration file (metis-bpmn.toml, pyproject.toml or .bpmnlintrc). "
             "Default: discovered from the working directory upwards."),
    rule: List[str] = typer.Option([], "--rule", "-r", metavar="NAME=SEVERITY",
                                   help="Set a rule's severity (off, info, warn, error); repeatable."),
    max_warnings: Optional[int] = typer.Option(
        None, "--max-warnings", help="Exit 1 when there are more warnings than this."),
    max_file_size: Optional[int] = typer.Option(
        None, "--max-file-size", metavar="BYTES", help="Refuse files larger than this (default 10 MiB)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j",
                                       help="Worker processes (default: all cores)."),
    stdin_filename: str = typer.Option("<stdin>", "--stdin-filename",
                                       help="Name to report for input read from -."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print findings only, no summary."),
    exit_zero: bool = typer.Option(False, "--exit-zero",
                                   help="Exit 0 even when there are findings."),
) -> None:
    """Validate BPMN files: structure, reachability, soundness and gates.

    Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings,
    2 usage, configuration or input error.
    """
    from dataclasses import replace

    from ..lint.config import load_config
    from ..lint.files import collect
    from ..lint.runner import count, lint_sources
    from ..report import FileReport

    cfg = load_config(config_path=config, profile_name=profile, overrides=tuple(rule))
    if max_warnings is not None:
        cfg = replace(cfg, max_warnings=max_warnings)
    if max_file_size is not None:
        cfg = replace(cfg, max_file_size=max_file_size)
    for notice in cfg.notices:
        typer.echo(f"metis-bpmn: note: {notice}", err=True)
    sources = collect(paths, exclude=cfg.exclude, stdin_name=stdin_filename)
    reports = [FileReport(s.display, tuple(f)) for s, f in lint_sources(sources, cfg, jobs=jobs)]

    if format in (Format.json, Format.sarif):
        from ..report import json as json_out, sarif as sarif_out
        out = json_out if format is Format.json else sarif_out
        typer.echo(out.render(reports, config=cfg.source), nl=False)
    elif format in (Format.github, Format.junit):
        from ..report import github as github_out, junit as junit_out
        typer.echo((github_out if format is Format.github else junit_out).render(reports),
                   nl=False)
    else:
        from ..report import text as out
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        typer.echo(out.render(reports, colour=colour, quiet=quiet), nl=False)

    errors, warnings, infos = count(f for r in reports for f in r.findings)
    over = cfg.max_warnings >= 0 and warnings + infos > cfg.max_warnings
    raise typer.Exit(0 if exit_zero or not (errors or over) else 1)
