"""``metis-bpmn validate``: check BPMN files and report findings."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, List, Optional

import typer

from . import app


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


def _complete_profile(incomplete: str) -> list[str]:
    from ..lint.profiles import PROFILE_NAMES
    return [p for p in PROFILE_NAMES if p.startswith(incomplete)]


def _complete_rule(incomplete: str) -> list[str]:
    from ..lint.registry import all_rules
    return [f"{name}=" for name in all_rules() if name.startswith(incomplete)]


@app.command()
def validate(
    paths: List[str] = typer.Argument(..., metavar="PATH...",
                                      help="BPMN files, folders (searched recursively), or - for stdin."),
    format: Format = typer.Option(Format.text, "--format", "-f", envvar="METIS_BPMN_FORMAT",
                                  help="Output format."),
    profile: Optional[str] = typer.Option(
        None, "--profile", "-p", autocompletion=_complete_profile,
        help="Rule profile: recommended, strict, all, bpmnlint:recommended, "
             "bpmnlint:correctness, bpmnlint:all."),
    config: Optional[Path] = typer.Option(
        None, "--config", "-c",
        help="Configuration file (metis-bpmn.toml, pyproject.toml or .bpmnlintrc). "
             "Default: discovered from the working directory upwards."),
    rule: List[str] = typer.Option([], "--rule", "-r", metavar="NAME=SEVERITY",
                                   autocompletion=_complete_rule,
                                   help="Set a rule's severity (off, info, warn, error); repeatable."),
    max_warnings: Optional[int] = typer.Option(
        None, "--max-warnings", help="Exit 1 when there are more warnings than this."),
    max_file_size: Optional[int] = typer.Option(
        None, "--max-file-size", metavar="BYTES", help="Refuse files larger than this (default 10 MiB)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help="Worker processes (default: all cores)."),
    timeout: Optional[float] = typer.Option(
        None, "--timeout", metavar="SECONDS", min=0,
        help="Stop checking a file after this long and report analysis-timeout "
             "(default 60; 0 = no limit)."),
    stdin_filename: str = typer.Option("<stdin>", "--stdin-filename",
                                       help="Name to report for input read from -."),
    statistics: bool = typer.Option(
        False, "--statistics",
        help="Print a table of findings per rule (text format: instead of the findings; "
             "other formats: on stderr)."),
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help="Findings only: no summary line, notes or progress bar."),
    exit_zero: bool = typer.Option(False, "--exit-zero",
                                   help="Exit 0 even when there are findings."),
) -> None:
    """Validate BPMN files: structure, reachability, soundness and gates.

    Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings,
    2 usage, configuration or input error.
    """
    from dataclasses import replace

    from ..gates.policies import check_policy_sources
    from ..lint.config import load_config
    from ..lint.files import collect
    from ..finding import count
    from ..report import FileReport

    cfg = load_config(config_path=config, profile_name=profile, overrides=tuple(rule))
    if max_warnings is not None:
        cfg = replace(cfg, max_warnings=max_warnings)
    if max_file_size is not None:
        cfg = replace(cfg, max_file_size=max_file_size)
    if timeout is not None:
        cfg = replace(cfg, timeout=timeout)
    if not quiet:
        for notice in cfg.notices:
            typer.echo(f"metis-bpmn: note: {notice}", err=True)
    sources = collect(paths, exclude=cfg.exclude, stdin_name=stdin_filename,
                      max_bytes=cfg.max_file_size)
    check_policy_sources(cfg, [s.path for s in sources if s.path is not None])
    reports: list[FileReport] = []
    checked = _checked(sources, cfg, jobs or cfg.jobs, quiet, reports)
    typer.echo(_render(format, checked, cfg, quiet=quiet, statistics=statistics), nl=False)
    if statistics and format is not Format.text:
        from ..report import statistics as table
        typer.echo(table.render(reports), nl=False, err=True)

    errors, warnings, infos = count(f for r in reports for f in r.findings)
    over = cfg.max_warnings >= 0 and warnings + infos > cfg.max_warnings
    raise typer.Exit(0 if exit_zero or not (errors or over) else 1)


def _checked(sources, cfg, jobs: int | None, quiet: bool, reports: list) -> Iterator:
    """Each file's report as it is checked, also kept in ``reports``: the text and JSON
    reports write a file's part while the workers check the next ones."""
    from ..lint.runner import lint_sources
    from ..report import FileReport
    from ..report.progress import progress_bar

    with progress_bar(len(sources), enabled=not quiet) as advance:
        for source, findings in lint_sources(sources, cfg, jobs=jobs, on_done=advance):
            reports.append(FileReport(source.display, tuple(findings)))
            yield reports[-1]


def _render(format: Format, checked: Iterator, cfg, *, quiet: bool, statistics: bool) -> str:
    """The report; ``checked`` yields the files' reports as they are checked."""
    if format is Format.json:
        from ..report import json
        return json.render(checked, config=cfg.source)
    if format is Format.text and not statistics:
        from ..report import text
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        return text.render(checked, colour=colour, quiet=quiet)
    reports = list(checked)
    if format is Format.sarif:
        from ..report import sarif
        return sarif.render(reports, config=cfg)
    if format is Format.github:
        from ..report import github
        return github.render(reports, quiet=quiet)
    if format is Format.junit:
        from ..report import junit
        return junit.render(reports)
    from ..report import statistics as table
    from ..report import text
    lines = table.render(reports)  # text format with --statistics
    return lines if quiet else lines + text.summary(reports) + "\n"
