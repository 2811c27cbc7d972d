"""Human-readable text: one line per finding, ``file:line:col: severity [rule] message (id)``.

The line shape is stable and matches a GitHub problem matcher and editors' "jump to" links.
Evidence paths and hints follow on indented lines.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..lint.finding import Finding, Severity
from ..lint.runner import count
from . import FileReport

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_RESET, _DIM = "\x1b[0m", "\x1b[2m"

# C0 and C1 controls, DEL, line and paragraph separators, and the bidi controls that
# reorder what a terminal or editor shows (Trojan Source).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                      "\u202a-\u202e\u2066-\u2069]")


def escape_control(text: str) -> str:
    """Show control characters as escapes, so that text taken from a file (a name, an id, the
    file name itself) cannot start a line of its own, move the cursor or reorder the line.

    >>> print(escape_control("a\\nb.bpmn:1:1: error\\t\\x1b[2K\\u202eexe.txt"))
    a\\nb.bpmn:1:1: error\\t\\x1b[2K\\u202eexe.txt
    """
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


def location(finding: Finding) -> str:
    where = escape_control(finding.file)
    if finding.line:
        where += f":{finding.line}"
        if finding.column:
            where += f":{finding.column}"
    return where


def format_finding(finding: Finding, colour: bool = False) -> str:
    severity = finding.severity.label
    if colour:
        severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
    line = (f"{location(finding)}: {severity} [{escape_control(finding.rule)}] "
            f"{escape_control(finding.message)}")
    if finding.element_id:
        line += f" ({escape_control(finding.element_id)})"
    extra = []
    if finding.evidence:
        extra.append(f"    path: {escape_control(' -> '.join(finding.evidence))}")
    if finding.hint:
        extra.append(f"    hint: {escape_control(finding.hint)}")
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
