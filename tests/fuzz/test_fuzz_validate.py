"""Property: mutated real files never crash validation and never make a rule raise. The
seeds are the repository's fixtures, and (marked ``corpus``) a spread of the shared corpora."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from metis_bpmn.lint.config import Config
from metis_bpmn.lint.runner import lint_loaded
from metis_bpmn.model.parse import load_bytes
from tests.conftest import corpora_or_skip

from .mutations import corpus_seed_files, fixture_seed_files, mutated_bpmn

CONFIG = Config.from_profile("all")


def _mutations_never_crash(files: list[Path]) -> None:
    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(mutated_bpmn(files))
    def check(data: bytes) -> None:
        findings = lint_loaded(load_bytes(data, "fuzz.bpmn"), CONFIG)
        assert [f.message for f in findings if f.rule == "rule-error"] == []
        assert all(f.file == "fuzz.bpmn" for f in findings)

    check()


def test_mutated_fixture_files_never_crash() -> None:
    files = fixture_seed_files()
    assert len(files) > 100
    _mutations_never_crash(files)


@pytest.mark.corpus
def test_mutated_corpus_files_never_crash() -> None:
    files = corpus_seed_files(corpora_or_skip())
    assert len(files) == 400
    _mutations_never_crash(files)
