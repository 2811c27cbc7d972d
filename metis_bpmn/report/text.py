"""Human-readable text: one line per finding, ``file:line:col: severity [rule] message (id)``.

The line shape is stable and matches a GitHub problem matcher and editors' "jump to" links.
Evidence paths and hints follow on indented lines.
"""

from __future__ import annotations

from typing import Sequence

from ..lint.finding import Finding, Severity
from ..lint.runner import count
from . import FileReport

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_RESET, _DIM = "\x1b[0m", "\x1b[2m"


def location(finding: Finding) -> str:
    where = finding.file
    if finding.line:
        where += f":{finding.line}"
        if finding.column:
            where += f":{finding.column}"
    return where


def format_finding(finding: Finding, colour: bool = False) -> str:
    severity = finding.severity.label
    if colour:
        severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
    line = f"{location(finding)}: {severity} [{finding.rule}] {finding.message}"
    if finding.element_id:
        line += f" ({finding.element_id})"
    extra = []
    if finding.evidence:
        extra.append(f"    path: {' -> '.join(finding.evidence)}")
    if finding.hint:
        extra.append(f"    hint: {finding.hint}")
    if extra and colour:
        extra = [f"{_DIM}{e}{_RESET}" for e in extra]
    return "\n".join([line, *extra])


def summary(reports: Sequence[FileReport]) -> str:
    findings = [f for r in reports for f in r.findings]
    errors, warnings, infos = count(findings)
    files = len(reports)
    noun = "file" if files == 1 else "files"
    if not findings:
        return f"✔ {files} {noun} checked, no problems"
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    if infos:
        parts.append(f"{infos} info")
    total = len(findings)
    return f"✖ {total} problem{'s' * (total != 1)} ({', '.join(parts)}) in {files} {noun}"


def render(reports: Sequence[FileReport], *, colour: bool = False, quiet: bool = False) -> str:
    lines = [format_finding(f, colour) for r in reports for f in r.findings]
    if not quiet:
        lines.append(summary(reports))
    return "\n".join(lines) + ("\n" if lines else "")
