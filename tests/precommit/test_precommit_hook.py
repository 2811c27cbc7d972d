"""The pre-commit hook of this repository: its manifest, the command it runs as pre-commit
runs it (the entry, then the staged files that match, as relative paths), and, when
pre-commit is installed (``pip install -e '.[precommit-test]'``), a real commit through
pre-commit itself (``language: python`` builds a virtualenv and pip-installs the package)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "rules" / "start_event_required"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _needs_tools() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[precommit-test]')")


def _git(cwd: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_manifest_matches_bpmn_files_only() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "metis-bpmn-validate" and hook["language"] == "python"
    assert hook["entry"] == "metis-bpmn validate"
    pattern = re.compile(hook["files"])
    assert [n for n in ("a.bpmn", "d/b.bpmn20.xml", "c.xml", "a.bpmn.bak", "bpmn")
            if pattern.search(n)] == ["a.bpmn", "d/b.bpmn20.xml"]


def test_the_entry_rejects_a_broken_file_as_pre_commit_calls_it(tmp_path: Path) -> None:
    # pre-commit runs `entry` with the matching staged files appended, from the repository
    # root; a non-zero exit rejects the commit and its output is shown.
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    shutil.copy(FIXTURES / "invalid-process.bpmn", tmp_path / "order.bpmn")
    shutil.copy(FIXTURES / "valid-process.bpmn", tmp_path / "fine.bpmn")
    staged = [n for n in ("order.bpmn", "fine.bpmn", "notes.txt")
              if re.search(hook["files"], n)]
    command = [sys.executable, "-m", "metis_bpmn", *hook["entry"].split()[1:]]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rejected = subprocess.run(command + staged, cwd=tmp_path, env=env, capture_output=True,
                              text=True)
    assert rejected.returncode == 1, rejected.stderr
    assert ("order.bpmn:3:17: error [start-event-required] Process is missing start event "
            "(Process_1)") in rejected.stdout
    accepted = subprocess.run(command + ["fine.bpmn"], cwd=tmp_path, env=env,
                              capture_output=True, text=True)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


@pytest.mark.slow
def test_a_commit_with_a_broken_bpmn_is_rejected(tmp_path: Path) -> None:
    _needs_tools()
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    env.pop("PYTHONPATH", None)  # the hook must run the installed package, not this tree

    # The hook repository: this package as committed files (pre-commit needs a revision).
    hooks = tmp_path / "hooks"
    shutil.copytree(ROOT / "metis_bpmn", hooks / "metis_bpmn",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", ".pre-commit-hooks.yaml", "README.md"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, hooks / name)
        else:
            (hooks / name).write_text("metis-bpmn\n")
    _git(hooks, "init", "-q", env=env)
    _git(hooks, "add", "-A", env=env)
    assert _git(hooks, "commit", "-qm", "hooks", env=env).returncode == 0
    rev = _git(hooks, "rev-parse", "HEAD", env=env).stdout.strip()

    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q", env=env)
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{
        "repo": str(hooks), "rev": rev, "hooks": [{"id": "metis-bpmn-validate"}]}]}))
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=project,
                               env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr

    shutil.copy(FIXTURES / "invalid-process.bpmn", project / "order.bpmn")
    (project / "notes.txt").write_text("not BPMN, not checked\n")
    _git(project, "add", "-A", env=env)
    rejected = _git(project, "commit", "-m", "broken process", env=env)
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0, output
    assert ("order.bpmn:3:17: error [start-event-required] Process is missing start event "
            "(Process_1)") in output
    assert _git(project, "rev-parse", "--verify", "HEAD", env=env).returncode != 0  # no commit

    shutil.copy(FIXTURES / "valid-process.bpmn", project / "order.bpmn")
    _git(project, "add", "-A", env=env)
    accepted = _git(project, "commit", "-m", "fixed process", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "metis-bpmn validate" in accepted.stdout + accepted.stderr
