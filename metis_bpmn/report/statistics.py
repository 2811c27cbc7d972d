"""``--statistics``: one row per rule that found something, most frequent first."""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from . import FileReport
from .rules import summary
from .text import escape_control


def render(reports: Sequence[FileReport]) -> str:
    """A fixed-width table: count, files, highest severity, rule, summary.

    >>> from metis_bpmn.finding import Finding, Severity
    >>> f = Finding("start-event-required", Severity.ERROR, "Process is missing start event", "a.bpmn")
    >>> print(render([FileReport("a.bpmn", (f, f))]), end="")
    count  files  severity  rule                  summary
        2      1  error     start-event-required  A process or sub-process has no start event
    """
    hits: dict[str, list] = defaultdict(list)
    for report in reports:
        for finding in report.findings:
            hits[escape_control(finding.rule)].append(finding)
    if not hits:
        return ""
    rows = sorted(hits.items(), key=lambda item: (-len(item[1]), item[0]))
    width = max(len("rule"), *(len(rule) for rule in hits))
    lines = [f"count  files  severity  {'rule':<{width}}  summary"]
    for rule, findings in rows:
        files = len({f.file for f in findings})
        severity = max(f.severity for f in findings).label
        lines.append(f"{len(findings):>5}  {files:>5}  {severity:<8}  {rule:<{width}}  "
                     f"{summary(rule)}")
    return "\n".join(lines) + "\n"
