"""Real ``validate -f json`` output conforms to docs/schemas/validate-output.schema.json."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT, corpora_or_skip

SCHEMA = json.loads((ROOT / "docs" / "schemas" / "validate-output.schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA)


def _assert_valid(document: dict) -> None:
    errors = list(VALIDATOR.iter_errors(document))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_fixture_sweep_output_conforms(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["validate", "tests/rules", "docs/examples", "-f", "json",
                                      "-p", "all"])
    document = json.loads(result.stdout)
    _assert_valid(document)
    findings = [f for file in document["files"] for f in file["findings"]]
    assert {f["severity"] for f in findings} == {"error"} and len(findings) > 10
    assert any(f["elementId"] for f in findings)


def test_a_schema_violation_is_caught() -> None:
    document = json.loads(CliRunner().invoke(app, ["validate", str(ROOT / "docs/examples/broken.bpmn"),
                                                   "-f", "json"]).stdout)
    document["files"][0]["findings"][0]["severity"] = "warn"  # bpmnlint's word, not ours
    assert list(VALIDATOR.iter_errors(document))


@pytest.mark.corpus
def test_corpus_sweep_output_conforms() -> None:
    corpora = corpora_or_skip()
    run = subprocess.run([sys.executable, "-m", "metis_bpmn", "validate", str(corpora), "-f", "json",
                          "-p", "all", "-j", "2"], capture_output=True, cwd=corpora, timeout=1200,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 1, run.stderr.decode()
    _assert_valid(json.loads(run.stdout))
