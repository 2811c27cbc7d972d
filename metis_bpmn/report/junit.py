"""JUnit XML for CI dashboards: one test case per file, failing when it has findings at
warning level or above; the failure lists them in the text format."""

from __future__ import annotations

from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

from ..lint.finding import Severity
from . import FileReport
from .text import format_finding


def render(reports: Sequence[FileReport]) -> str:
    cases, failures = [], 0
    for report in reports:
        problems = [f for f in report.findings if f.severity >= Severity.WARNING]
        name = quoteattr(report.path)
        if not problems:
            cases.append(f"    <testcase classname=\"metis-bpmn\" name={name}/>")
            continue
        failures += 1
        errors = sum(f.severity is Severity.ERROR for f in problems)
        message = quoteattr(f"{len(problems)} problem(s), {errors} error(s)")
        body = escape("\n".join(format_finding(f) for f in report.findings))
        cases.append(f"    <testcase classname=\"metis-bpmn\" name={name}>\n"
                     f"      <failure message={message} type=\"metis-bpmn\">{body}</failure>\n"
                     f"    </testcase>")
    header = (f'<testsuites name="metis-bpmn" tests="{len(reports)}" failures="{failures}">\n'
              f'  <testsuite name="metis-bpmn validate" tests="{len(reports)}" '
              f'failures="{failures}" errors="0">')
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', header, *cases,
                      "  </testsuite>", "</testsuites>"]) + "\n"
