"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (documented in docs/sarif.md).

Every field GitHub marks as required is filled: ``$schema``, ``version``, ``runs[].tool.driver``
with ``name`` and ``rules[]`` (``id``, ``shortDescription``, ``fullDescription``, ``help``),
``results[]`` with ``message.text`` and one location with a relative ``artifactLocation.uri``
and a full ``region`` (start/end line and column). ``partialFingerprints`` identify a finding by
rule, file, process and element id, so they survive edits that move lines. Output is
deterministic: no timestamps, no absolute working directory.
"""

from __future__ import annotations

import hashlib
from typing import Sequence
from urllib.parse import quote

from .. import __version__
from ..lint.config import Config
from ..finding import Finding, Severity
from ..lint.registry import all_rules
from . import FileReport, describe, indented_json
from .rules import LEVELS, doc, section, summary

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def artifact_uri(path: str) -> dict:
    """An ``artifactLocation``: relative paths against ``%SRCROOT%``, others as ``file:`` URIs.

    >>> artifact_uri("processes/order flow.bpmn")
    {'uri': 'processes/order%20flow.bpmn', 'uriBaseId': '%SRCROOT%'}
    >>> artifact_uri("/srv/p.bpmn")
    {'uri': 'file:///srv/p.bpmn'}
    """
    if path.startswith("/"):  # (what PurePosixPath.is_absolute tells, without a path object)
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": "%SRCROOT%"}


def region(finding: Finding) -> dict:
    """Start and end of the finding: the ``id="..."`` attribute when the column is known
    (that is where ids are located), else the first character of the line (or of the file)."""
    line = finding.line or 1
    column = finding.column or 1
    width = len(f'id="{finding.element_id}"') if finding.column and finding.element_id else 1
    return {"startLine": line, "startColumn": column, "endLine": line,
            "endColumn": column + width}


def _descriptor(rule_id: str, severity: Severity | None) -> dict:
    text = doc(rule_id)
    rule = all_rules().get(rule_id)
    # Unwrapped: viewers show fullDescription as plain text, where hard wraps look broken.
    found = " ".join(section(text, "What it finds").split()) or summary(rule_id)
    descriptor: dict = {
        "id": rule_id,
        "shortDescription": {"text": summary(rule_id)},
        "fullDescription": {"text": found},
        "help": {"text": text, "markdown": text},
        "properties": {"tags": [rule.category, rule.source] if rule else ["internal"]},
    }
    if severity is not None:
        descriptor["defaultConfiguration"] = {"level": LEVELS[severity]}
        descriptor["properties"]["problem.severity"] = (
            "recommendation" if severity is Severity.INFO else LEVELS[severity])
    return descriptor


def _message(finding: Finding) -> str:
    headline, extra = describe(finding)
    return "\n".join([headline, *extra])


def _fingerprint(finding: Finding) -> str:
    anchor = finding.element_id or f"line {finding.line}"
    key = "\x1f".join((finding.rule, finding.file, finding.process_id or "", anchor,
                       finding.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(finding: Finding, index: int, artifact: dict) -> dict:
    location: dict = {"physicalLocation": {"artifactLocation": artifact,
                                           "region": region(finding)}}
    if finding.element_id:
        qualified = "/".join(p for p in (finding.process_id, finding.element_id) if p)
        location["logicalLocations"] = [{"name": finding.element_id,
                                         "fullyQualifiedName": qualified, "kind": "element"}]
    return {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [location],
        "partialFingerprints": {"metisBpmnElement/v1": _fingerprint(finding)},
    }


def render(reports: Sequence[FileReport], *, config: Config,
           properties: dict | None = None) -> str:
    findings = [f for r in reports for f in r.findings]
    rule_ids = sorted(set(config.rules) | {f.rule for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    severities = {name: setting.severity for name, setting in config.rules.items()}
    artifacts = {file: artifact_uri(file) for file in {f.file for f in findings}}
    invocation: dict = {"executionSuccessful": True}
    if config.notices:
        invocation["toolExecutionNotifications"] = [
            {"level": "note", "message": {"text": notice}} for notice in config.notices]
    run = {
        "tool": {"driver": {
            "name": "metis-bpmn",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_descriptor(r, severities.get(r)) for r in rule_ids],
        }},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule], artifacts[f.file]) for f in findings],
    }
    if properties:
        run["properties"] = properties
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return indented_json.dumps(document) + "\n"
