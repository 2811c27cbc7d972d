"""Human-readable text: one line per finding, ``file:line:col: severity [rule] message (id)``.

The line shape is stable and matches a GitHub problem matcher and editors' "jump to" links.
Evidence paths and hints follow on indented lines.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Sequence

from ..finding import Finding, Severity, count
from . import FileReport, describe

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
    headline, details = describe(finding)
    line = (f"{location(finding)}: {severity} [{escape_control(finding.rule)}] "
            f"{escape_control(headline)}")
    extra = [f"    {escape_control(detail)}" for detail in details]
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


# Within a file, what a reader must see first: broken input, behaviour, gates and data,
# then structure; the diagram's findings last (they are many on a file drawn by hand).
_RANK = {"input": 0, "soundness": 1, "gates": 2, "vault": 2, "execution": 3, "diagram": 9}
_COLLAPSED = "no-bpmndi"
_NAMED = 5


def _rank(finding: Finding) -> int:
    from ..lint.registry import all_rules
    rule = all_rules().get(finding.rule)
    return _RANK.get(rule.category if rule else "", 5)


def _collapse(findings: list[Finding]) -> list[Finding]:
    """A file's ``no-bpmndi`` findings (one per element, as bpmnlint reports them) as one."""
    missing = [f for f in findings if f.rule == _COLLAPSED]
    if len(missing) < 2:
        return findings
    names = [f.element_id or "?" for f in missing]
    more = f" and {len(names) - _NAMED} more" if len(names) > _NAMED else ""
    merged = replace(missing[0], element_id=None, evidence=(), message=(
        f"{len(missing)} elements are not drawn in the diagram: "
        f"{', '.join(names[:_NAMED])}{more}"))
    return [f for f in findings if f.rule != _COLLAPSED] + [merged]


def file_lines(findings: Sequence[Finding], colour: bool = False) -> list[str]:
    """One file's findings as text lines, most important first, diagram findings last."""
    ordered = sorted(_collapse(list(findings)), key=lambda f: (_rank(f), f.sort_key()))
    return [format_finding(f, colour) for f in ordered]


def render(reports: Iterable[FileReport], *, colour: bool = False, quiet: bool = False) -> str:
    """The report, read in one pass (each file is written as it arrives)."""
    seen: list[FileReport] = []
    lines: list[str] = []
    for report in reports:
        seen.append(report)
        lines.extend(file_lines(report.findings, colour))
    if not quiet:
        lines.append(summary(seen))
    return "\n".join(lines) + ("\n" if lines else "")
