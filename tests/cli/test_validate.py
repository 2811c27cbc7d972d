"""``metis-bpmn validate`` end to end: exit codes, formats, config, stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app

RULES = Path(__file__).resolve().parent.parent / "rules"
VALID = RULES / "start_event_required" / "valid-process.bpmn"
NO_START = Path(__file__).resolve().parent / "data" / "no-start.bpmn"  # one finding only
BROKEN = RULES / "unparseable_document" / "invalid-unclosed.bpmn"

runner = CliRunner()


def invoke(*args: str, input: bytes | None = None, cwd: Path | None = None):
    if cwd is None:
        return runner.invoke(app, list(args), input=input)
    import os
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(app, list(args), input=input)
    finally:
        os.chdir(old)


def test_clean_file_exits_0(tmp_path) -> None:
    result = invoke("validate", str(VALID), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "✔ 1 file checked, no problems" in result.stdout


def test_findings_exit_1_with_location(tmp_path) -> None:
    result = invoke("validate", str(NO_START), cwd=tmp_path)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.endswith(
        ":3:17: error [start-event-required] Process is missing start event (Process_1)")
    assert "✖ 1 problem (1 error, 0 warnings) in 1 file" in result.stdout


def test_unparseable_file_is_a_finding_not_a_crash(tmp_path) -> None:
    result = invoke("validate", str(BROKEN), "-f", "json", cwd=tmp_path)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    (finding,) = report["files"][0]["findings"]
    assert (finding["rule"], finding["line"]) == ("unparseable-document", 4)


def test_json_schema_v1(tmp_path) -> None:
    result = invoke("validate", str(NO_START), str(VALID), "--format", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["version"] == 1 and report["tool"]["name"] == "metis-bpmn"
    assert report["summary"] == {"files": 2, "errors": 1, "warnings": 0, "infos": 0}
    paths = [f["path"] for f in report["files"]]
    assert paths == sorted(paths)
    finding = report["files"][0]["findings"][0] if report["files"][0]["findings"] else \
        report["files"][1]["findings"][0]
    assert set(finding) == {"rule", "severity", "message", "line", "column", "elementId",
                            "processId", "attribute", "evidence", "hint", "url"}
    assert finding["processId"] == "Process_1"


def test_missing_path_is_usage_error(tmp_path) -> None:
    result = invoke("validate", "nope.bpmn", cwd=tmp_path)
    assert result.exit_code == 2
    assert "nope.bpmn: no such file or folder" in result.stderr


def test_folder_without_bpmn_is_usage_error(tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("validate", "empty", cwd=tmp_path)
    assert result.exit_code == 2 and "no BPMN files" in result.stderr


def test_folder_is_searched_recursively(tmp_path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "p.bpmn").write_bytes(NO_START.read_bytes())
    (tmp_path / "a" / "q.bpmn").write_bytes(VALID.read_bytes())
    result = invoke("validate", "a", "-f", "json", cwd=tmp_path)
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["a/b/p.bpmn", "a/q.bpmn"]


def test_stdin(tmp_path) -> None:
    result = invoke("validate", "-", "--stdin-filename", "x.bpmn", input=NO_START.read_bytes(),
                    cwd=tmp_path)
    assert result.exit_code == 1 and result.stdout.startswith("x.bpmn:3:17: error")


def test_rule_override_and_unknown_rule(tmp_path) -> None:
    off = invoke("validate", str(NO_START), "--rule", "start-event-required=off", cwd=tmp_path)
    assert off.exit_code == 0
    warn = invoke("validate", str(NO_START), "-r", "start-event-required=warn", cwd=tmp_path)
    assert warn.exit_code == 0 and "warning [start-event-required]" in warn.stdout
    over = invoke("validate", str(NO_START), "-r", "start-event-required=warn",
                  "--max-warnings", "0", cwd=tmp_path)
    assert over.exit_code == 1
    bad = invoke("validate", str(NO_START), "--rule", "start-event-requird=off", cwd=tmp_path)
    assert bad.exit_code == 2
    assert "unknown rule 'start-event-requird' (did you mean 'start-event-required'?)" in bad.stderr


def test_unknown_profile_is_usage_error(tmp_path) -> None:
    result = invoke("validate", str(VALID), "--profile", "lenient", cwd=tmp_path)
    assert result.exit_code == 2 and "unknown profile 'lenient'" in result.stderr


def test_exit_zero_and_quiet(tmp_path) -> None:
    result = invoke("validate", str(NO_START), "--exit-zero", "--quiet", cwd=tmp_path)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1


def test_bpmnlintrc_is_read_from_the_working_directory(tmp_path) -> None:
    (tmp_path / ".bpmnlintrc").write_text(json.dumps({
        "extends": "bpmnlint:recommended",
        "rules": {"bpmnlint/start-event-required": "warn", "camunda/some-rule": "error"}}))
    result = invoke("validate", str(NO_START), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "warning [start-event-required]" in result.stdout
    assert "plug-in rule 'camunda/some-rule' ignored" in result.stderr


def test_pyproject_table_and_errors_in_it(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.metis-bpmn]\nprofile = "recommended"\n[tool.metis-bpmn.rules]\n'
        '"start-event-required" = ["info", {}]\n')
    result = invoke("validate", str(NO_START), cwd=tmp_path)
    assert result.exit_code == 0 and "info [start-event-required]" in result.stdout
    (tmp_path / "pyproject.toml").write_text('[tool.metis-bpmn]\nprofle = "all"\n')
    bad = invoke("validate", str(NO_START), cwd=tmp_path)
    assert bad.exit_code == 2 and "profle: unknown key (did you mean 'profile'?)" in bad.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.metis-bpmn\n')
    broken = invoke("validate", str(NO_START), cwd=tmp_path)
    assert broken.exit_code == 2 and "invalid TOML" in broken.stderr


def test_explicit_config_that_does_not_exist(tmp_path) -> None:
    result = invoke("validate", str(VALID), "--config", "missing.toml", cwd=tmp_path)
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_crashing_rule_becomes_rule_error(tmp_path, monkeypatch) -> None:
    from metis_bpmn.lint import registry
    rule = registry.all_rules()["start-event-required"]

    def boom(ctx):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(registry.all_rules(), "start-event-required",
                        type(rule)(**{**{f: getattr(rule, f) for f in rule.__slots__},
                                      "check": boom}))
    result = invoke("validate", str(VALID), cwd=tmp_path)
    assert result.exit_code == 1
    assert "[rule-error] Rule start-event-required crashed: ZeroDivisionError: boom" in result.stdout


def test_output_is_deterministic(tmp_path) -> None:
    args = ("validate", str(RULES), "-f", "json", "--jobs", "1")
    first, second = invoke(*args, cwd=tmp_path), invoke(*args, cwd=tmp_path)
    assert first.stdout == second.stdout


def test_parallel_equals_serial(tmp_path) -> None:
    serial = invoke("validate", str(RULES), "-f", "json", "--jobs", "1", cwd=tmp_path)
    parallel = invoke("validate", str(RULES), "-f", "json", "--jobs", "2", cwd=tmp_path)
    assert serial.stdout == parallel.stdout


@pytest.mark.parametrize("command", [["metis-bpmn"], [sys.executable, "-m", "metis_bpmn"]])
def test_console_entry_points(command) -> None:
    import shutil
    if command[0] == "metis-bpmn" and not shutil.which("metis-bpmn"):
        pytest.skip("console script not installed (run `pip install -e .`)")
    version = subprocess.run([*command, "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("metis-bpmn ")
    missing = subprocess.run([*command, "validate", "/nonexistent.bpmn"],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


@pytest.mark.parametrize("line,message", [
    ('max-states = "lots"', "max-states: must be a whole number"),
    ("max-states = -5", "max-states: must be at least 1"),
    ("max-warnings = -2", "max-warnings: must be at least -1"),
    ('[session]\nallow-scripts = "yes"', "session.allow-scripts: must be true/false or a list"),
])
def test_bad_settings_are_configuration_errors_not_rule_errors(tmp_path, line, message) -> None:
    """Each mistake is one exit-2 message before checking, never a rule-error per file."""
    (tmp_path / "metis-bpmn.toml").write_text(line + "\n")
    result = runner.invoke(app, ["validate", str(VALID), "--config",
                                      str(tmp_path / "metis-bpmn.toml")])
    assert result.exit_code == 2 and message in result.stderr, result.stderr
