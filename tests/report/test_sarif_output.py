"""SARIF output: valid against the official OASIS SARIF 2.1.0 schema, with every field GitHub
code scanning requires (docs/sarif.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from typer.testing import CliRunner

from tests.conftest import ROOT, corpora_or_skip
from metis_bpmn.cli import app

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
VALIDATOR = Draft7Validator(SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)
RULE_FIXTURES = ROOT / "tests" / "rules"


def _assert_valid(document: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def _assert_github_fields(document: dict) -> None:
    """The fields GitHub's SARIF documentation marks as required, non-empty."""
    assert document["$schema"] and document["version"] == "2.1.0"
    [run] = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "metis-bpmn" and driver["rules"]
    for rule in driver["rules"]:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), (rule["id"], key)
    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids))
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["message"]["text"].strip()
        assert result["level"] in ("error", "warning", "note")
        [location] = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert not uri.startswith("/") and ":" not in uri, f"not a relative URI: {uri}"
        region = physical["region"]
        assert 1 <= region["startLine"] <= region["endLine"]
        assert 1 <= region["startColumn"] < region["endColumn"]
        assert result["partialFingerprints"]


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
    _assert_valid(document)
    _assert_github_fields(document)
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
    _assert_valid(document)
    from metis_bpmn.lint.registry import all_rules
    assert [r["id"] for r in document["runs"][0]["tool"]["driver"]["rules"]] == list(all_rules())


def test_config_notices_become_tool_notifications(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".bpmnlintrc").write_text(
        '{"extends": ["bpmnlint:recommended", "plugin:camunda/recommended"]}')
    fixture = RULE_FIXTURES / "start_event_required" / "valid-process.bpmn"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(fixture), "-f", "sarif"])
    document = json.loads(result.stdout)
    _assert_valid(document)
    [notice] = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "plugin:camunda/recommended" in notice["message"]["text"]


def test_levels_follow_the_configured_severity() -> None:
    code, document = _sarif_of_fixtures("-r", "start-event-required=warn", "--exit-zero")
    assert code == 0
    run = document["runs"][0]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "start-event-required")
    assert rule["defaultConfiguration"] == {"level": "warning"}
    assert {r["level"] for r in run["results"] if r["ruleId"] == "start-event-required"} == {"warning"}


@pytest.mark.corpus
def test_the_shared_corpus_sweep_is_valid_sarif() -> None:
    corpora = corpora_or_skip()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "metis_bpmn", "validate", str(corpora),
                          "-f", "sarif", "-p", "all", "-j", "2"],
                         capture_output=True, cwd=corpora, env=env, timeout=1200)
    assert run.returncode == 1, run.stderr.decode()
    document = json.loads(run.stdout)
    _assert_valid(document)
    _assert_github_fields(document)
    assert len(document["runs"][0]["results"]) > 1000
