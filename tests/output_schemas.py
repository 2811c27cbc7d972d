"""Checks of the machine-readable outputs, shared by the fixture tests and the corpus sweep:
SARIF against the official OASIS SARIF 2.1.0 schema plus the fields GitHub code scanning
requires (docs/sarif.md), and ``-f json`` against docs/schemas/validate-output.schema.json."""

from __future__ import annotations

import json

from jsonschema import Draft7Validator, Draft202012Validator

from tests.conftest import ROOT

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
SARIF_VALIDATOR = Draft7Validator(SARIF_SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)
JSON_SCHEMA = json.loads((ROOT / "docs" / "schemas" / "validate-output.schema.json").read_text())
JSON_VALIDATOR = Draft202012Validator(JSON_SCHEMA)


def _assert_no_errors(validator, document: dict) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def assert_valid_sarif(document: dict) -> None:
    _assert_no_errors(SARIF_VALIDATOR, document)


def assert_valid_json_output(document: dict) -> None:
    _assert_no_errors(JSON_VALIDATOR, document)


def assert_github_fields(document: dict) -> None:
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
