"""Real ``validate -f json`` output conforms to docs/schemas/validate-output.schema.json (the
corpus's output is checked by the one corpus sweep, tests/corpus/test_corpus_sweep.py)."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT
from tests.output_schemas import JSON_SCHEMA, JSON_VALIDATOR, assert_valid_json_output


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(JSON_SCHEMA)


def test_fixture_sweep_output_conforms(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["validate", "tests/rules", "docs/examples", "-f", "json",
                                      "-p", "all"])
    document = json.loads(result.stdout)
    assert_valid_json_output(document)
    findings = [f for file in document["files"] for f in file["findings"]]
    assert {f["severity"] for f in findings} == {"error"} and len(findings) > 10
    assert any(f["elementId"] for f in findings)


def test_a_schema_violation_is_caught() -> None:
    document = json.loads(CliRunner().invoke(app, ["validate", str(ROOT / "docs/examples/broken.bpmn"),
                                                   "-f", "json"]).stdout)
    document["files"][0]["findings"][0]["severity"] = "warn"  # bpmnlint's word, not ours
    assert list(JSON_VALIDATOR.iter_errors(document))
