"""SARIF output: valid against the official OASIS SARIF 2.1.0 schema, with every field GitHub
code scanning requires (docs/sarif.md)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.output_schemas import assert_github_fields, assert_valid_sarif
from metis_bpmn.cli import app

RULE_FIXTURES = ROOT / "tests" / "rules"


def _sarif_of_fixtures(*extra: str) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["validate", "tests/rules", "-f", "sarif", "-p", "all",
                                      *extra])
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)  # relative paths in the output, as in CI


def test_the_fixture_sweep_is_valid_sarif_with_githubs_fields() -> None:
    code, document = _sarif_of_fixtures()
    assert code == 1
    assert_valid_sarif(document)
    assert_github_fields(document)
    results = document["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"start-event-required", "unparseable-document"}
    start = next(r for r in results if r["ruleId"] == "start-event-required"
                 and "invalid-process" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert start["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "tests/rules/start_event_required/invalid-process.bpmn", "uriBaseId": "%SRCROOT%"}
    assert start["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3, "startColumn": 17, "endLine": 3, "endColumn": 17 + len('id="Process_1"')}
    assert start["locations"][0]["logicalLocations"][0]["name"] == "Process_1"


def test_every_configured_rule_is_described_even_without_results() -> None:
    result = CliRunner().invoke(app, ["validate", "tests/rules/start_event_required/valid-process.bpmn",
                                      "-f", "sarif", "-p", "all"])
    document = json.loads(result.stdout)
    assert result.exit_code == 0 and document["runs"][0]["results"] == []
    assert_valid_sarif(document)
    from metis_bpmn.lint.registry import all_rules
    assert [r["id"] for r in document["runs"][0]["tool"]["driver"]["rules"]] == list(all_rules())


def test_config_notices_become_tool_notifications(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".bpmnlintrc").write_text(
        '{"extends": ["bpmnlint:recommended", "plugin:camunda/recommended"]}')
    fixture = RULE_FIXTURES / "start_event_required" / "valid-process.bpmn"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(fixture), "-f", "sarif"])
    document = json.loads(result.stdout)
    assert_valid_sarif(document)
    [notice] = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "plugin:camunda/recommended" in notice["message"]["text"]


def test_levels_follow_the_configured_severity() -> None:
    code, document = _sarif_of_fixtures("-r", "start-event-required=warn", "--exit-zero")
    assert code == 0
    run = document["runs"][0]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "start-event-required")
    assert rule["defaultConfiguration"] == {"level": "warning"}
    assert {r["level"] for r in run["results"] if r["ruleId"] == "start-event-required"} == {"warning"}


def test_a_broken_document_fails_the_checks() -> None:
    """The checks the corpus sweep also relies on (tests/corpus) can fail."""
    _, document = _sarif_of_fixtures()
    broken = copy.deepcopy(document)
    broken["runs"][0]["results"][0]["level"] = "warn"  # not a SARIF level
    with pytest.raises(AssertionError, match="warn"):
        assert_valid_sarif(broken)
    broken = copy.deepcopy(document)
    del broken["runs"][0]["results"][0]["partialFingerprints"]
    with pytest.raises(KeyError):
        assert_github_fields(broken)
    broken = copy.deepcopy(document)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"] = "file:///srv/p.bpmn"
    assert_valid_sarif(broken)  # valid SARIF, but GitHub wants a relative URI
    with pytest.raises(AssertionError, match="not a relative URI"):
        assert_github_fields(broken)
