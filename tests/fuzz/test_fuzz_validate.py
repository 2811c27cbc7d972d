"""Property: mutated real files never crash validation and never make a rule raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from metis_bpmn.lint.config import Config
from metis_bpmn.lint.runner import lint_loaded
from metis_bpmn.model.parse import load_bytes

from .mutations import mutated_bpmn, seed_files

CONFIG = Config.from_profile("all")
FILES = seed_files()


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_bpmn(FILES))
def test_mutated_files_never_crash(data: bytes) -> None:
    findings = lint_loaded(load_bytes(data, "fuzz.bpmn"), CONFIG)
    assert [f.message for f in findings if f.rule == "rule-error"] == []
    assert all(f.file == "fuzz.bpmn" for f in findings)
