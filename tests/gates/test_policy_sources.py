"""A broken policy source is a configuration error (exit 2) before any file is checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    shutil.copy(ROOT / "docs" / "examples" / "order.bpmn", tmp_path)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("text, says", [
    ("[[policy]]\nbogus = 1\n", "policy[0].steps: is missing; policy[0].gate: is missing; "
                                 "policy[0].bogus: unknown key"),
    ('[[policy]]\nsteps = {}\ngate = { nam = "x" }\n[irreversible-ends]\nends = 1\n',
     "policy[0].steps: must give at least one of"),
    ('[[policy]]\nsteps = { id = "a" }\ngate = { nam = "x" }\n',
     "policy[0].gate.nam: unknown key (did you mean 'name'?)"),
    ('[[conform.map]]\nstep = { id = "a" }\nstatus = "DONE"\n',
     "conform.map[0].status: must be one of NOT STARTED"),
    ("[[policy\n", "metis-gates.toml: "),
])
def test_a_broken_policy_file_exits_2_with_its_path(folder: Path, text: str, says: str) -> None:
    (folder / "metis-gates.toml").write_text(text)
    result = CliRunner().invoke(app, ["validate", "order.bpmn"])
    assert result.exit_code == 2
    assert says in result.stderr and "crashed" not in result.output


def test_the_policy_file_is_not_read_when_no_rule_reads_it(folder: Path) -> None:
    (folder / "metis-gates.toml").write_text("[[policy\n")
    result = CliRunner().invoke(app, ["validate", "order.bpmn", "-r", "ungated-step=off",
                                      "-r", "unapproved-irreversible-end=off"])
    assert result.exit_code == 0, result.output


def test_a_broken_gates_table_exits_2(folder: Path) -> None:
    (folder / "metis-bpmn.toml").write_text('[gates]\nwhatever = 1\n')
    result = CliRunner().invoke(app, ["validate", "order.bpmn"])
    assert result.exit_code == 2 and "[tool.metis-bpmn.gates]" in result.stderr
