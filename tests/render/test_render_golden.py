"""Our renders next to bpmn-js's own (goldens made in headless Chromium, committed): per file,
the same drawn element ids and at most 5 % unmatched ink (tests/render/compare.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from metis_bpmn.model.parse import load_file
from metis_bpmn.render.svg import render_svg
from tests.conftest import ROOT, corpora_or_skip
from tests.render.compare import drawn_ids, unmatched_ink

GOLDEN = Path(__file__).parent / "golden" / "bpmnjs"
NAMES = sorted(p.stem for p in GOLDEN.glob("*.svg"))
BAR = 0.05


def _own(name: str) -> Path:
    return ROOT / "processes" / f"{name}.bpmn"


def _source(name: str) -> Path:
    if _own(name).exists():
        return _own(name)
    return corpora_or_skip() / "bpmn-miwg-test-suite" / "Reference" / f"{name}.bpmn"


# Our processes are in the repository; the MIWG references are read from the corpus.
@pytest.mark.parametrize("name", [
    pytest.param(n, marks=() if _own(n).exists() else pytest.mark.corpus) for n in NAMES])
def test_render_matches_bpmn_js(name: str) -> None:
    load = load_file(_source(name))
    ours = render_svg(load.document)
    golden = (GOLDEN / f"{name}.svg").read_text(encoding="utf-8")
    assert drawn_ids(ours) == set(json.loads((GOLDEN / f"{name}.ids.json").read_text()))
    ink = unmatched_ink(golden, ours)
    assert ink <= BAR, f"{name}: {ink:.1%} unmatched ink"


def test_the_goldens_cover_miwg_and_our_processes() -> None:
    assert {p.stem for p in (ROOT / "processes").glob("*.bpmn")} <= set(NAMES)
    assert sum(n[0] in "ABC" for n in NAMES) == 21
