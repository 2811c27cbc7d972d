"""Configuration, policy and vault settings files come with the repository or the vault,
which are shared: nesting deeper than the parser can go, a huge file, or a FIFO in their
place is a clear error (exit 2) that names the file, not an internal error or a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .harness import ROOT, assert_safe, run

DEEP_TOML = "a = " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_JSON = '{"rules": ' + "[" * 100_000 + "]" * 100_000 + "}"
HUGE_TOML = "# " + "x" * (2 << 20) + "\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "p.bpmn").write_bytes((ROOT / "processes" / "consolidation.bpmn").read_bytes())
    (tmp_path / ".git").mkdir()  # the configuration search stops here
    return tmp_path


@pytest.mark.parametrize("name, text, says", [
    ("metis-gates.toml", DEEP_TOML, "nested too deeply"),
    ("metis-gates.toml", HUGE_TOML, "over the limit"),
    ("metis-bpmn.toml", DEEP_TOML, "nested too deeply"),
    (".bpmnlintrc", DEEP_JSON, "nested too deeply"),
    (".bpmnlintrc", HUGE_TOML, "over the limit"),
])
def test_a_hostile_configuration_is_a_clear_error(project: Path, name: str, text: str,
                                                 says: str) -> None:
    (project / name).write_text(text)
    outcome = run(["validate", "."], cwd=project)
    assert_safe(outcome, codes=(2,))
    assert name in outcome.stderr and says in outcome.stderr, outcome.stderr


def test_hostile_vault_settings_are_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / ".metis").mkdir()
    (tmp_path / ".metis" / "vault.toml").write_text(DEEP_TOML)
    outcome = run(["vault", "facts", str(tmp_path)], cwd=tmp_path, allowed=(tmp_path / ".metis",))
    assert_safe(outcome, codes=(2,))
    assert "vault.toml" in outcome.stderr and "nested too deeply" in outcome.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_for_a_policy_file_is_passed_over(project: Path) -> None:
    os.mkfifo(project / "metis-gates.toml")
    assert_safe(run(["validate", ".", "-q"], cwd=project), codes=(0, 1))


def test_a_policy_file_linked_out_of_its_folder_is_refused(project: Path,
                                                            tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "gates.toml"
    elsewhere.write_text("[[policy]]\n")
    (project / "metis-gates.toml").symlink_to(elsewhere)
    outcome = run(["validate", "."], cwd=project)
    assert_safe(outcome, codes=(2,))
    assert "metis-gates.toml leads out of its folder" in outcome.stderr
