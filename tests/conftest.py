"""Shared test helpers: where the repository and the shared corpora are."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# METIS_BPMN_CORPORA points elsewhere, e.g. from a git worktree that is not next to shared/.
CORPORA = Path(os.environ.get("METIS_BPMN_CORPORA", ROOT.parent / "shared" / "corpora"))


def corpora_or_skip() -> Path:
    if not CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA} (only CI and developers have them)")
    return CORPORA


EXAMPLE_VAULT = ROOT / "examples" / "vault"


def copy_example_vault(target: Path) -> Path:
    """A copy of the example vault (the founding document's state) at ``target``, without
    its cache."""
    shutil.copytree(EXAMPLE_VAULT, target, ignore=shutil.ignore_patterns(".metis"))
    return target


@pytest.fixture()
def vault(tmp_path) -> Path:
    """A fresh copy of the example vault, for a test that changes it."""
    return copy_example_vault(tmp_path / "vault")
