"""Shared test helpers: where the repository and the shared corpora are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# METIS_BPMN_CORPORA points elsewhere, e.g. from a git worktree that is not next to shared/.
CORPORA = Path(os.environ.get("METIS_BPMN_CORPORA", ROOT.parent / "shared" / "corpora"))


def corpora_or_skip() -> Path:
    if not CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA} (only CI and developers have them)")
    return CORPORA
