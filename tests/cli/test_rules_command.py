"""``metis-bpmn rules``: the rule list, one rule's documentation, unknown names, --write-docs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metis_bpmn import docs_gen
from metis_bpmn.cli import app
from metis_bpmn.lint.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent.parent
runner = CliRunner()


def test_list_shows_every_rule_with_source_severity_and_summary() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["RULE", "SOURCE", "RECOMMENDED", "SUMMARY"]
    assert [line.split()[0] for line in lines[1:]] == list(all_rules())
    row = next(line for line in lines if line.startswith("schema-violation "))
    assert row.split()[1:3] == ["metis", "off"]
    assert row.endswith("The file is not valid against the BPMN 2.0 XML Schema")


def test_list_as_json() -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    entries = {e["name"]: e for e in json.loads(result.output)}
    assert list(entries) == list(all_rules())
    assert entries["duplicate-name"]["recommended"] == "warning"
    assert entries["duplicate-name"]["strict"] == "error"
    assert entries["unguarded-split"]["options"] == {"non-executable": False}


def test_rule_name_prints_its_documentation() -> None:
    result = runner.invoke(app, ["rules", "invalid-boundary-attachment"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("invalid-boundary-attachment: A boundary event is attached to nothing")
    for section in ("## What it finds", "## Why it matters", "## Example", "## Fix"):
        assert section in out
    assert "Profiles: recommended: error" in out


def test_rule_doc_as_json_and_bpmnlint_prefix() -> None:
    result = runner.invoke(app, ["rules", "bpmnlint/start-event-required", "-f", "json"])
    assert result.exit_code == 0, result.output
    entry = json.loads(result.output)
    assert entry["name"] == "start-event-required" and entry["source"] == "bpmnlint"
    assert entry["doc"].startswith("start-event-required: ")


def test_unknown_rule_suggests_the_closest_name() -> None:
    result = runner.invoke(app, ["rules", "unguarded-spilt"])
    assert result.exit_code == 2
    assert "did you mean 'unguarded-split'?" in result.stderr


def test_unknown_rule_exits_2_without_traceback() -> None:
    proc = subprocess.run([sys.executable, "-m", "metis_bpmn", "rules", "no-such-thing-at-all"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith("metis-bpmn: error: unknown rule 'no-such-thing-at-all'")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("twice", [False, True])
def test_write_docs(tmp_path: Path, twice: bool) -> None:
    if twice:
        runner.invoke(app, ["rules", "--write-docs", str(tmp_path)])
    result = runner.invoke(app, ["rules", "--write-docs", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (result.output == "") is twice  # a second run has nothing to change
    assert docs_gen.stale(tmp_path) == []
