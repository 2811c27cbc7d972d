"""Sessions that read as a person expects (issue #23): fresh facts, honest reasons, portable
instances, sessions told apart, waits named, real findings first."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app
from metis_bpmn.reasons import explain_condition
from tests.conftest import ROOT

from .bpmn import flow, write

runner = CliRunner()


def cli(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture()
def project(tmp_path) -> Path:
    """A project folder with processes/ and a vault, as the Metis repository has."""
    shutil.copytree(ROOT / "processes", tmp_path / "processes")
    shutil.copytree(ROOT / "examples" / "vault", tmp_path / "vault",
                    ignore=shutil.ignore_patterns(".metis"))
    return tmp_path


def start(vault: Path, process: Path, *args) -> str:
    result = cli("session", "start", process, "--vault", vault, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["session"]["id"]


def test_show_reads_the_vault_as_it_is_now(project) -> None:
    vault = project / "vault"
    sid = start(vault, project / "processes" / "consolidation.bpmn")
    assert cli("session", "step", sid, "--task", "Task_capability", "--vault", vault).exit_code == 0
    readme = vault / "README.md"
    readme.write_text(readme.read_text().replace("| Chat 8a Session Memory | ○ SETUP READY |",
                                                 "| Chat 8a Session Memory | ✓ FIRST PASS |"))
    shown = cli("session", "show", sid, "--vault", vault).stdout
    assert "Passes now: Chat 8a Session Memory at FIRST PASS" in shown
    assert "Chat 8a is SETUP READY" not in shown and "condition is false" not in shown
    assert f"session step {sid} --recheck --vault" in shown
    blocked = json.loads(cli("session", "show", sid, "--vault", vault, "--format",
                             "json").stdout)["blocked"]
    assert {b["id"]: b["passesNow"] for b in blocked}["Event_chat_8a"] is True


class Facts:
    FACT_NAMES = frozenset({"missing_setup_docs", "handoff_complete", "note_exists",
                            "missing_handoff_fields", "status_at_least", "explain_status"})

    def missing_setup_docs(self, ref):
        return []

    def handoff_complete(self, ref):
        return False

    def note_exists(self, ref):
        return True

    def missing_handoff_fields(self, ref):
        return ["created"]

    def status_at_least(self, area, level):
        return area != "Chat 9"

    def explain_status(self, area, level):
        return f"{area} is SETUP READY, needs {level}"


def test_only_failing_clauses_are_reasons_in_words() -> None:
    condition = ('vault.missing_setup_docs(handoff) == [] and vault.handoff_complete(handoff) '
                 'and all(vault.status_at_least(a, "FIRST PASS") for a in ["Chat 8", "Chat 9"])')
    holds, reasons = explain_condition(condition, {"handoff": "h.md"}, Facts())
    assert not holds
    assert reasons == ["handoff note h.md lacks created", "Chat 9 is SETUP READY, needs FIRST PASS"]
    assert not any("==" in r or "[]" in r or "vault." in r for r in reasons)
    holds, reasons = explain_condition("level_ok and vault.note_exists(handoff)",
                                       {"level_ok": False, "handoff": "h.md"}, Facts())
    assert (holds, reasons) == (False, ["level_ok is False"])


def test_a_session_survives_its_repository_moving(project, tmp_path) -> None:
    vault = project / "vault"
    sid = start(vault, project / "processes" / "consolidation.bpmn")
    moved = tmp_path.parent / (tmp_path.name + "-moved")
    shutil.move(str(project), str(moved))
    result = cli("session", "step", sid, "--task", "Task_capability", "--vault", moved / "vault")
    assert result.exit_code == 0, result.output
    record = json.loads((moved / "vault" / ".metis" / "sessions" / f"{sid}.json").read_text())
    assert not Path(record["process"]["file"]).is_absolute()


def test_a_moved_process_file_is_found_by_its_hash(project) -> None:
    vault = project / "vault"
    sid = start(vault, project / "processes" / "consolidation.bpmn")
    shutil.rmtree(vault / ".metis" / "processes")  # no pinned copy either
    (project / "processes" / "consolidation.bpmn").rename(project / "processes" / "plan.bpmn")
    result = _in(project, "session", "step", sid, "--task", "Task_capability", "--vault", "vault")
    assert result.returncode == 0, result.stderr


def _in(project: Path, *args) -> subprocess.CompletedProcess:
    """metis-bpmn ARGS run from the project folder, as a user at its root would."""
    return subprocess.run([sys.executable, "-c", "from metis_bpmn.cli import main; main()",
                           *map(str, args)], cwd=project, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_the_suggested_migrate_command_runs_as_printed(project) -> None:
    started = _in(project, "session", "start", "processes/consolidation.bpmn", "--vault",
                  "vault", "--format", "json")
    sid = json.loads(started.stdout)["session"]["id"]
    process = project / "processes" / "consolidation.bpmn"
    process.write_text(process.read_text().replace('name="Stocktake"', 'name="Stock take"'))
    refused = _in(project, "session", "step", sid, "--vault", "vault")
    assert refused.returncode == 2
    suggested = refused.stderr.split("run `", 1)[1].split("`", 1)[0]
    assert suggested.startswith("metis-bpmn session migrate") and "--vault" in suggested
    migrated = _in(project, *shlex.split(suggested)[1:])
    assert migrated.returncode == 0, migrated.stderr


def test_sessions_are_told_apart_and_filtered(project) -> None:
    vault = project / "vault"
    a = start(vault, project / "processes" / "feature-lifecycle.bpmn", "--label", "Search",
              "--by", "ada")
    b = start(vault, project / "processes" / "feature-lifecycle.bpmn", "--label", "Export")
    c = start(vault, project / "processes" / "session-handoff.bpmn", "--set", "area=Chat 8a")
    listed = cli("session", "list", "--vault", vault).stdout
    line = next(line for line in listed.splitlines() if line.startswith(a))
    assert "[Search]" in line and "ada" in line and "next: Classify the work type" in line
    assert "[Chat 8a]" in next(line for line in listed.splitlines() if line.startswith(c))
    rows = json.loads(cli("session", "list", "--vault", vault, "--process", "feature",
                          "--format", "json").stdout)["sessions"]
    assert sorted(r["id"] for r in rows) == sorted([a, b])
    assert {r["name"] for r in rows} == {"Feature lifecycle"} or len({r["name"] for r in rows}) == 1
    assert cli("session", "list", "--vault", vault, "--state", "complete").stdout.strip() == \
        "No sessions."


def test_a_timer_wait_names_its_event_and_due_time(tmp_path) -> None:
    timer = ('<bpmn:intermediateCatchEvent id="t" name="Review period over"><bpmn:timerEventDefinition>'
             '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"P30D"</bpmn:timeDuration>'
             '</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>')
    process = write(tmp_path / "t.bpmn", '<bpmn:startEvent id="s"/>' + timer
                    + '<bpmn:endEvent id="e"/>' + flow("f1", "s", "t") + flow("f2", "t", "e"))
    (tmp_path / "vault").mkdir()
    result = cli("session", "start", process, "--vault", tmp_path / "vault")
    assert "Waiting: Review period over (t): timer, due 20" in result.stdout
    assert "UTC" in result.stdout


def test_text_output_puts_the_real_flaws_first_and_folds_missing_shapes() -> None:
    model = ROOT / "tests" / "rules" / "livelock" / "invalid-token-factory.bpmn"
    text = cli("validate", model).stdout.splitlines()
    findings = [line for line in text if ": error [" in line or ": warning [" in line]
    assert sum("[no-bpmndi]" in line for line in findings) == 1
    assert "elements are not drawn in the diagram" in next(
        item for item in findings if "no-bpmndi" in item)
    assert "[no-bpmndi]" in findings[-1] and "[livelock]" in findings[0] + findings[1]
    data = json.loads(cli("validate", model, "--format", "json").stdout)
    assert sum(f["rule"] == "no-bpmndi" for f in data["files"][0]["findings"]) > 1
