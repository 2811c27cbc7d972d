"""Machine-readable JSON, schema version 1 (documented in docs/json-output.md)."""

from __future__ import annotations

from typing import Sequence

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


def render(reports: Sequence[FileReport], *, config: str | None = None,
           conformance: list[dict] | None = None) -> str:
    files = []
    for report in reports:
        errors, warnings, infos = count(report.findings)
        files.append({"path": report.path, "errorCount": errors, "warningCount": warnings,
                      "infoCount": infos,
                      "findings": [finding_dict(f) for f in report.findings]})
    errors, warnings, infos = count(f for r in reports for f in r.findings)
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
