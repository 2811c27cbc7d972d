"""Machine-readable JSON, schema version 1 (documented in docs/json-output.md)."""

from __future__ import annotations

from typing import Iterable

from .. import __version__
from ..finding import Finding, count
from . import FileReport, indented_json

SCHEMA_VERSION = 1


def finding_dict(finding: Finding) -> dict:
    return {
        "rule": finding.rule,
        "severity": finding.severity.label,
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "elementId": finding.element_id,
        "processId": finding.process_id,
        "attribute": finding.attribute,
        "evidence": list(finding.evidence),
        "hint": finding.hint,
        "url": f"docs/rules/{finding.rule}.md",
    }


def render(reports: Iterable[FileReport], *, config: str | None = None,
           conformance: list[dict] | None = None) -> str:
    """The report, read in one pass: given the files as they are checked, each file's part
    is written while the next ones are still being checked."""
    files = []
    errors = warnings = infos = 0
    for report in reports:
        counts = count(report.findings)
        files.append(indented_json.Written(indented_json.dumps(
            {"path": report.path, "errorCount": counts[0], "warningCount": counts[1],
             "infoCount": counts[2], "findings": [finding_dict(f) for f in report.findings]},
            level=2)))
        errors, warnings, infos = errors + counts[0], warnings + counts[1], infos + counts[2]
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "metis-bpmn", "version": __version__},
        "config": config,
        "files": files,
        "summary": {"files": len(files), "errors": errors, "warnings": warnings,
                    "infos": infos},
    }
    if conformance is not None:  # conform: the fitness of each process replayed
        document["conformance"] = conformance
    return indented_json.dumps(document) + "\n"
