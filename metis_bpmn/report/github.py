"""GitHub Actions workflow commands: one annotation per finding, escaped as the toolkit does."""

from __future__ import annotations

from typing import Sequence

from ..lint.finding import Finding, Severity
from . import FileReport
from .text import location

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = [f"file={escape_property(finding.file)}"]
    if finding.line:
        properties.append(f"line={finding.line}")
        if finding.column:
            properties.append(f"col={finding.column}")
    properties.append(f"title={escape_property(f'metis-bpmn ({finding.rule})')}")
    message = f"{location(finding)}: {finding.message}"
    if finding.element_id:
        message += f" ({finding.element_id})"
    if finding.evidence:
        message += "\n  path: " + " -> ".join(finding.evidence)
    if finding.hint:
        message += "\n  hint: " + finding.hint
    return f"::{COMMANDS[finding.severity]} {','.join(properties)}::{escape_data(message)}"


def render(reports: Sequence[FileReport]) -> str:
    lines = [annotation(f) for r in reports for f in r.findings]
    return "\n".join(lines) + ("\n" if lines else "")
