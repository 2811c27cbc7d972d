"""SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning uploads it).

Every result has the rule id and index, a level (error, warning, note), the message (with
the evidence path), a physical location with a repository-relative URI and a line/column
region, and a logical location naming the BPMN element. The driver lists the rules that
appear, with their summaries and documentation as help text.
"""

from __future__ import annotations

import json
from typing import Sequence

from .. import __version__
from ..lint.finding import Finding, Severity
from ..lint.registry import all_rules
from . import FileReport

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PSEUDO = {"rule-error": "A rule crashed on this file; the other rules still ran"}


def _rule(name: str) -> dict:
    rule = all_rules().get(name)
    summary = rule.summary if rule else PSEUDO.get(name, name)
    doc = rule.doc if rule else summary
    return {
        "id": name,
        "name": "".join(part.capitalize() for part in name.replace("/", "-").split("-")),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVELS.get(rule.default, "note") if rule and rule.default
                                 else "warning"},
        "properties": {"tags": [rule.category, rule.source] if rule else ["internal"]},
    }


def _message(finding: Finding) -> str:
    text = finding.message
    if finding.element_id:
        text += f" ({finding.element_id})"
    if finding.evidence:
        text += f". Path: {' -> '.join(finding.evidence)}"
    if finding.hint:
        text += f". Hint: {finding.hint}"
    return text


def _result(finding: Finding, index: int) -> dict:
    physical: dict = {"artifactLocation": {"uri": finding.file, "uriBaseId": "%SRCROOT%"}}
    if finding.line:
        region = {"startLine": finding.line}
        if finding.column:
            region["startColumn"] = finding.column
        physical["region"] = region
    location: dict = {"physicalLocation": physical}
    if finding.element_id:
        qualified = "/".join(p for p in (finding.process_id, finding.element_id) if p)
        location["logicalLocations"] = [{"name": finding.element_id,
                                         "fullyQualifiedName": qualified, "kind": "element"}]
    result = {"ruleId": finding.rule, "ruleIndex": index, "level": LEVELS[finding.severity],
              "message": {"text": _message(finding)}, "locations": [location]}
    if finding.evidence:
        result["properties"] = {"evidence": list(finding.evidence)}
    return result


def render(reports: Sequence[FileReport], *, config: str | None = None) -> str:
    findings = [f for r in reports for f in r.findings]
    names = sorted({f.rule for f in findings})
    index = {name: i for i, name in enumerate(names)}
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "metis-bpmn", "version": __version__,
                                "semanticVersion": __version__,
                                "informationUri": "https://metis-bpmn.dev",
                                "rules": [_rule(n) for n in names]}},
            "invocations": [{"executionSuccessful": True}],
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, index[f.rule]) for f in findings],
        }],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
