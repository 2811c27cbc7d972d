"""``metis-bpmn init``: a starter config that the loader accepts, never overwriting silently."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from metis_bpmn.lint.config import load_config
from tests.conftest import ROOT


def _init(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "metis_bpmn", "init", *args], cwd=cwd,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_writes_a_starter_config_the_loader_accepts(tmp_path: Path) -> None:
    result = _init(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote metis-bpmn.toml")
    config = load_config(cwd=tmp_path)
    assert config.source == str(tmp_path / "metis-bpmn.toml")
    assert config.rules == load_config(cwd=tmp_path, profile_name="recommended").rules


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "metis-bpmn.toml").write_text("profile = 'all'\n")
    refused = _init(tmp_path)
    assert refused.returncode == 2
    assert "already exists; use --force" in refused.stderr
    assert (tmp_path / "metis-bpmn.toml").read_text() == "profile = 'all'\n"
    assert _init(tmp_path, "--force", "--profile", "strict").returncode == 0
    assert tomllib.loads((tmp_path / "metis-bpmn.toml").read_text())["profile"] == "strict"


def test_unknown_profile_is_a_usage_error(tmp_path: Path) -> None:
    result = _init(tmp_path, "--profile", "lenient")
    assert result.returncode == 2 and "unknown profile 'lenient'" in result.stderr
    assert not (tmp_path / "metis-bpmn.toml").exists()


def test_pyproject_gets_a_table_and_keeps_everything_else(tmp_path: Path) -> None:
    original = '[project]\nname = "demo"\n\n[tool.other]\nx = 1\n'
    (tmp_path / "pyproject.toml").write_text(original)
    assert _init(tmp_path, "--pyproject").returncode == 0
    data = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert data["project"] == {"name": "demo"} and data["tool"]["other"] == {"x": 1}
    assert data["tool"]["metis-bpmn"]["profile"] == "recommended"
    assert load_config(cwd=tmp_path).source == str(tmp_path / "pyproject.toml")


def test_pyproject_table_is_replaced_only_with_force(tmp_path: Path) -> None:
    text = ('[project]\nname = "demo"\n\n[tool.metis-bpmn]\nprofile = "all"\n\n'
            '[tool.metis-bpmn.rules]\n"start-event-required" = "off"\n\n[tool.other]\nx = 1\n')
    (tmp_path / "pyproject.toml").write_text(text)
    refused = _init(tmp_path, "--pyproject")
    assert refused.returncode == 2 and "already has [tool.metis-bpmn]" in refused.stderr
    assert (tmp_path / "pyproject.toml").read_text() == text
    assert _init(tmp_path, "--pyproject", "--force").returncode == 0
    data = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert data["tool"]["metis-bpmn"] == {"profile": "recommended", "rules": {}}
    assert data["tool"]["other"] == {"x": 1} and data["project"] == {"name": "demo"}


def test_pyproject_must_exist(tmp_path: Path) -> None:
    result = _init(tmp_path, "--pyproject")
    assert result.returncode == 2 and "no pyproject.toml here" in result.stderr
