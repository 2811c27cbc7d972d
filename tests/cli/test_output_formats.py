"""validate --format sarif|github|junit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from typer.testing import CliRunner

from metis_bpmn.cli import app
from metis_bpmn.report.github import escape_data, escape_property
from tests.conftest import ROOT

RULES = ROOT / "tests" / "rules"
DEADLOCK = RULES / "deadlock" / "invalid-xor-split-and-join.bpmn"
VALID = RULES / "start_event_required" / "valid-process.bpmn"
runner = CliRunner()


def validate(*args):
    return runner.invoke(app, ["validate", *args])


def test_sarif_has_what_code_scanning_needs() -> None:
    result = validate(str(DEADLOCK), str(VALID), "-f", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["defaultConfiguration"]["level"] in (
            "error", "warning", "note")
    deadlock = next(r for r in run["results"] if r["ruleId"] == "deadlock")
    assert rules[deadlock["ruleIndex"]]["id"] == "deadlock"
    assert deadlock["level"] == "error" and "Path: S -> Split -> B" in deadlock["message"]["text"]
    physical = deadlock["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("invalid-xor-split-and-join.bpmn")
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert physical["region"]["startLine"] == 8 and physical["region"]["startColumn"] >= 1
    assert deadlock["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "P/Join"


def test_github_annotations_are_escaped() -> None:
    result = validate(str(DEADLOCK), "-f", "github")
    line = next(l for l in result.stdout.splitlines() if "(deadlock)" in l)
    assert line.startswith("::error file=") and ",line=8,col=" in line
    assert "title=metis-bpmn (deadlock)::" in line and "%0A  path: S -> Split -> B" in line
    assert escape_data("100%\r\nx") == "100%25%0D%0Ax"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_junit_one_case_per_file() -> None:
    result = validate(str(DEADLOCK), str(VALID), "-f", "junit")
    root = ET.fromstring(result.stdout)
    suite = root.find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {c.get("name").rsplit("/", 1)[-1]: c for c in suite.findall("testcase")}
    failure = cases["invalid-xor-split-and-join.bpmn"].find("failure")
    assert "[deadlock]" in failure.text
    assert cases["valid-process.bpmn"].find("failure") is None
