"""``metis-bpmn render``: formats, overlays, layouts, outputs and errors."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT
from tests.render.compare import drawn_ids

PROCESS = ROOT / "processes" / "consolidation.bpmn"
NO_DI = ROOT / "tests" / "rules" / "livelock" / "invalid-token-factory.bpmn"


def _run(*args: str):
    return CliRunner().invoke(app, ["render", *args])


def test_svg_to_standard_output_draws_every_element() -> None:
    result = _run(str(PROCESS))
    assert result.exit_code == 0, result.output
    assert "Task_stocktake" in drawn_ids(result.stdout)


def test_png_and_html_files(tmp_path: Path) -> None:
    assert _run(str(PROCESS), "-f", "png", "-o", str(tmp_path / "c.png")).exit_code == 0
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _run(str(NO_DI), "-f", "html", "-o", str(tmp_path / "t.html")).exit_code == 0
    page = (tmp_path / "t.html").read_text()
    assert "Content-Security-Policy" in page
    assert "<h3>livelock " in page and 'id="review-data"' in page


def test_findings_overlay_marks_elements_and_paths() -> None:
    result = _run(str(NO_DI), "--overlay", "findings")
    assert result.exit_code == 0
    tree = etree.fromstring(result.stdout.encode())
    marked = tree.xpath("//*[contains(@class, 'finding-error')]/@data-element-id")
    assert "Fork" in marked
    assert tree.xpath("//*[contains(@class, 'evidence')]/@data-element-id")
    assert "no diagram; laid out automatically" in result.stderr


def test_session_overlay(start_session) -> None:
    session_id = start_session(0)
    result = _run("processes/consolidation.bpmn", "--overlay", f"session:{session_id}",
                  "--vault", "vault")
    assert result.exit_code == 0, result.output
    tree = etree.fromstring(result.stdout.encode())

    def state(element_id):
        return tree.xpath(f"//*[@data-element-id='{element_id}']/@class")[0]
    assert "state-completed" in state("StartEvent_plan")
    assert "state-active" in state("Task_capability")
    assert "state-not-reached" in state("Task_stocktake")  # the vault has it: skipped
    assert "state-not-reached" in state("Task_consolidate")
    other = _run("processes/session-handoff.bpmn", "--overlay", f"session:{session_id}",
                 "--vault", "vault")
    assert other.exit_code == 2 and "not" in other.stderr


def test_auto_layout_ignores_the_files_diagram() -> None:
    own, auto = _run(str(PROCESS)), _run(str(PROCESS), "--layout", "auto")
    assert drawn_ids(own.stdout) >= drawn_ids(auto.stdout) - {""}
    assert own.stdout != auto.stdout and "Task_stocktake" in drawn_ids(auto.stdout)


def test_several_inputs_go_to_a_folder(tmp_path: Path) -> None:
    assert _run(str(ROOT / "processes")).exit_code == 2
    assert _run(str(ROOT / "processes"), "-o", str(tmp_path)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.with_suffix(".svg").name for p in (ROOT / "processes").glob("*.bpmn"))


def test_input_errors_exit_2_with_the_location(tmp_path: Path) -> None:
    broken = tmp_path / "broken.bpmn"
    broken.write_text("<bpmn:definitions xmlns:bpmn='http://www.omg.org/spec/BPMN/20100524/MODEL'>"
                      "\n<oops></bpmn:definitions>")
    result = _run(str(broken))
    assert result.exit_code == 2 and "broken.bpmn:2:" in result.stderr
    assert _run(str(PROCESS), "--diagram", "2").exit_code == 2
    assert _run(str(PROCESS), "--overlay", "nonsense").exit_code == 2
