"""Automatic layout for files without a diagram."""

from __future__ import annotations

import csv
import dataclasses

import pytest

from metis_bpmn.lint.config import Config, RuleSetting
from metis_bpmn.lint.finding import Severity
from metis_bpmn.lint.runner import lint_loaded
from metis_bpmn.model.parse import load_file
from metis_bpmn.render.layout import layout
from metis_bpmn.render.svg import render_svg
from tests.conftest import ROOT, corpora_or_skip

FILES = [ROOT / "processes" / "consolidation.bpmn", ROOT / "processes" / "cicd-pipeline.bpmn",
         ROOT / "tests" / "rules" / "livelock" / "invalid-token-factory.bpmn"]


def _overlaps(load, document) -> list[str]:
    config = Config(rules={"no-overlapping-elements": RuleSetting(Severity.ERROR)})
    return [f.element_id for f in lint_loaded(dataclasses.replace(load, document=document), config)
            if "overlaps" in f.message]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_element_is_placed_apart_and_flows_have_waypoints(path) -> None:
    load = load_file(path)
    laid = layout(load.document)
    plane = laid.diagrams[0].plane
    placed = {s.element_ref for s in plane.shapes}
    for _, scope in load.document.scopes():
        assert {n.id for n in scope.nodes} <= placed
        assert {f.id for f in scope.flows} <= {e.element_ref for e in plane.edges}
    assert all(len(e.waypoints) >= 2 for e in plane.edges)
    assert _overlaps(load, laid) == []
    assert layout(load.document) == laid  # deterministic


@pytest.mark.corpus
def test_corpus_files_without_a_diagram_get_one() -> None:
    root = corpora_or_skip()
    with open(root / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["has_BPMNDiagram"] == "0"]
    laid_out = 0
    for row in rows[::10]:  # a tenth of them: each layout is a subprocess
        load = load_file(root / row["corpus"] / row["path"])
        if load.document is None or not load.document.processes:
            continue
        assert render_svg(layout(load.document, timeout=30))
        laid_out += 1
    assert laid_out > 100
