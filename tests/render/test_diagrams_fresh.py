"""diagrams/ holds the render of every file in processes/; regenerate it with
``metis-bpmn render processes -o diagrams``."""

from __future__ import annotations

from metis_bpmn.model.parse import load_file
from metis_bpmn.render.svg import render_svg
from tests.conftest import ROOT


def test_every_process_has_a_fresh_diagram() -> None:
    processes = sorted((ROOT / "processes").glob("*.bpmn"))
    assert sorted(p.stem for p in (ROOT / "diagrams").glob("*.svg")) == [p.stem for p in processes]
    stale = [p.name for p in processes
             if (ROOT / "diagrams" / f"{p.stem}.svg").read_text(encoding="utf-8")
             != render_svg(load_file(p).document)]
    assert not stale, f"stale: {stale}; run: metis-bpmn render processes -o diagrams"
