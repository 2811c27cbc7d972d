"""The ``metis-bpmn`` console script: --version, shell completion, exit codes.

pip generates the console script from ``[project.scripts]``; these tests generate the same
launcher from pyproject.toml, so they check the declared entry point, not a look-alike. (The
pre-commit test installs the package for real and runs the installed script.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from metis_bpmn import __version__
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def script(tmp_path_factory) -> Path:
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["metis-bpmn"]
    module, function = spec.split(":")
    path = tmp_path_factory.mktemp("bin") / "metis-bpmn"
    path.write_text(f"#!{sys.executable}\nimport sys\nfrom {module} import {function}\n"
                    f"sys.exit({function}())\n")
    path.chmod(0o755)
    return path


def _run(script: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(script), *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def test_version(script: Path) -> None:
    for flag in ("--version", "-V"):
        result = _run(script, flag)
        assert (result.returncode, result.stdout) == (0, f"metis-bpmn {__version__}\n")


def test_shell_completion_script_and_answers(script: Path) -> None:
    # Typer guesses the shell from the parent processes unless told not to (a test has none).
    shown = _run(script, "--show-completion", "bash",
                 _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert shown.returncode == 0 and "_METIS_BPMN_COMPLETE=complete_bash" in shown.stdout
    commands = _run(script, _METIS_BPMN_COMPLETE="complete_bash",
                    COMP_WORDS="metis-bpmn val", COMP_CWORD="1")
    assert commands.stdout.split() == ["validate"]
    profiles = _run(script, _METIS_BPMN_COMPLETE="complete_bash",
                    COMP_WORDS="metis-bpmn validate --profile st", COMP_CWORD="3")
    assert profiles.stdout.split() == ["strict"]


def test_usage_errors_exit_2_without_traceback(script: Path) -> None:
    missing = _run(script, "validate", "no/such/file.bpmn")
    assert missing.returncode == 2
    assert missing.stderr == "metis-bpmn: error: no/such/file.bpmn: no such file or folder\n"
    bad_format = _run(script, "validate", "-f", "xml", "tests")
    assert bad_format.returncode == 2 and "Traceback" not in bad_format.stderr


COMPLETE_COMMANDS = {"_METIS_BPMN_COMPLETE": "complete_bash", "COMP_WORDS": "metis-bpmn ",
                     "COMP_CWORD": "1"}


@pytest.mark.parametrize(("args", "env"), [
    (["rules"], {}),
    (["vault", "facts", "{vault}"], {}),
    ([], COMPLETE_COMMANDS),  # completions are printed outside any command
])
def test_a_closed_stdout_pipe_ends_quietly(script: Path, tmp_path: Path, args: list[str],
                                           env: dict[str, str]) -> None:
    # The reader is gone before the first write, as when `| head` has read all it wanted.
    vault = shutil.copytree(ROOT / "examples" / "vault", tmp_path / "vault")
    read, write = os.pipe()
    os.close(read)
    with open(write, "wb") as stdout:
        result = subprocess.run([str(script), *(a.format(vault=vault) for a in args)],
                                stdout=stdout, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT), **env}, check=False)
    assert (result.returncode, result.stderr) == (0, "")
