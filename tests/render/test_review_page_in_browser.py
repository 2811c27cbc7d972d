"""The HTML review page as a person uses it, in headless Chromium: a screenshot with no console
message (no script error, no blocked resource, no Content-Security-Policy violation), and
(through scripts/bpmnjs-golden/review-page-check.mjs) the legend, one finding's path at a
time with its step numbers, hover details, zoom and pan, a session's state and the print
stylesheet."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT, corpora_or_skip

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
NO_DI = ROOT / "tests" / "rules" / "livelock" / "invalid-token-factory.bpmn"
READABLE = 0.75  # review.js's smallest first zoom


def _render(source: Path | str, page: Path, *options: str) -> str:
    result = CliRunner().invoke(app, ["render", str(source), "-f", "html", "-o", str(page),
                                      *options])
    assert result.exit_code == 0, result.output
    return page.read_text(encoding="utf-8")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")
@pytest.mark.parametrize("source", ["processes/consolidation.bpmn",
                                    "tests/rules/livelock/invalid-token-factory.bpmn",
                                    "tests/render/hostile-names.bpmn"])
def test_review_page_renders_without_console_errors(source: str, tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    _render(ROOT / source, page, "--overlay", "findings")
    shot = tmp_path / "shot.png"
    run = subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
                          "--enable-logging=stderr", "--v=0", f"--screenshot={shot}",
                          "--window-size=1400,900", page.as_uri()],
                         check=False, capture_output=True, text=True, timeout=120)
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    assert shot.stat().st_size > 10_000  # a picture, not a blank page


GOLDEN_SCRIPTS = ROOT / "scripts" / "bpmnjs-golden"
needs_puppeteer = pytest.mark.skipif(
    CHROMIUM is None or shutil.which("node") is None
    or not (GOLDEN_SCRIPTS / "node_modules" / "puppeteer-core").is_dir(),
    reason="needs Chromium, Node and `npm ci` in scripts/bpmnjs-golden")


def _check(page: Path, hover: str = "") -> dict:
    """review-page-check.mjs's report on the page (see the script for its fields)."""
    run = subprocess.run(["node", str(GOLDEN_SCRIPTS / "review-page-check.mjs"), str(page),
                          *([hover] if hover else [])], check=False, capture_output=True,
                         text=True, timeout=120, cwd=GOLDEN_SCRIPTS)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["errors"] == []  # console messages, script errors, CSP violations
    return report


def _listed_findings(page: str) -> list[dict]:
    """The page's findings in list order, as its script sees them."""
    data = json.loads(re.search(r'id="review-data">(.*?)</script>', page, re.DOTALL)[1])
    return [data["findings"][int(i)] for i in re.findall(r'<li [^>]*data-index="(\d+)"', page)]


def _step_labels(steps: list[str]) -> list[str]:
    """The numbers review.js draws: one marker per element, with each visit's number."""
    numbers: dict[str, list[str]] = {}
    for number, element_id in enumerate(steps, 1):
        numbers.setdefault(element_id, []).append(str(number))
    return [",".join(n) for n in numbers.values()]


@needs_puppeteer
def test_clicking_a_finding_highlights_only_its_path_with_step_numbers(tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    first, *_, last = _listed_findings(_render(NO_DI, page))
    report = _check(page, "Draft")
    assert set(report["selected"]) == set(first["highlight"])
    assert {"Again", "Start", "Draft", "Fork", "f1", "f2"} <= set(report["selected"])
    assert sorted(report["steps"]) == sorted(_step_labels(first["steps"]))
    assert "2,6" in report["steps"]  # a loop: the element visited twice has both numbers
    # The next click clears the first path: nothing of it stays that the second lacks.
    second = report["second"]
    assert set(second["selected"]) == set(last["highlight"]) != set(report["selected"])
    assert sorted(second["steps"]) == sorted(_step_labels(last["steps"]))
    assert len(second["active"]) == 1
    assert report["tip"].startswith("task Draft \u201cDraft\u201d")


@needs_puppeteer
def test_legend_zoom_pan_fit_and_print(tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    _render(NO_DI, page)
    report = _check(page)
    assert report["legend"][:3] == ["error", "warning", "info"]
    assert "path of the chosen finding, step by step" in report["legend"][-1]
    views = report["views"]
    first, start = views["first"], views["beforeWheel"]
    wheel, at = views["wheel"], views["wheelAt"]
    assert first["k"] == 1  # a small diagram at its own size
    # The wheel zooms in around the cursor: the diagram point under it stays there. (It
    # starts from the view the clicked findings left, which brought their elements in view.)
    assert wheel["k"] > start["k"]
    for axis in "xy":
        before = (at[axis] - start[axis]) / start["k"]
        assert abs(before - (at[axis] - wheel[axis]) / wheel["k"]) < 1
    assert views["plus"]["k"] == pytest.approx(wheel["k"] * 1.25, rel=1e-3)
    assert views["minus"]["k"] == pytest.approx(wheel["k"], rel=1e-3)
    assert (views["drag"]["x"] - views["minus"]["x"],
            views["drag"]["y"] - views["minus"]["y"]) == pytest.approx((100, 50), abs=0.2)
    assert report["fits"] and views["fitButton"] == views["fit"]  # 0 and Fit: all in view
    assert report["print"] == {"transform": "none", "toolbar": "none", "fitsWidth": True,
                               "listFollows": True}


@needs_puppeteer
@pytest.mark.corpus
def test_a_large_diagram_opens_readable_and_fits_on_request(tmp_path: Path) -> None:
    # 337 elements, 5,100 px wide: squeezed to the page width its labels were 2 px high.
    source = corpora_or_skip() / "bpmn-js-fixtures" / "test" / "fixtures" / "bpmn" / "complex.bpmn"
    page = tmp_path / "review.html"
    _render(source, page)
    report = _check(page)
    assert report["views"]["first"]["k"] == READABLE
    assert report["views"]["fit"]["k"] < 0.25 and report["fits"]


@needs_puppeteer
def test_session_overlay_shows_states_and_the_failing_facts(start_session, tmp_path) -> None:
    session_id = start_session(0)
    page = tmp_path / "review.html"
    text = _render("processes/consolidation.bpmn", page, "--overlay", f"session:{session_id}",
                   "--vault", "vault")
    assert f"session {session_id}" in text
    report = _check(page, "Event_chat_8a")
    states = report["states"]
    assert states["Event_chat_1"] == "state-completed"
    assert states["Task_stocktake"] == "state-not-reached"  # the vault has it: skipped
    assert states["Task_capability"] == "state-active"
    assert states["Event_chat_8a"] == "state-blocked"
    assert states["Task_consolidate"] == "state-not-reached"
    assert report["legend"] == ["completed", "active", "blocked", "not reached"]  # no findings
    # The blocked element's state note lies over it; hovering explains the wait.
    assert "state: blocked: Chat 8a is SETUP READY, needs FIRST PASS" in report["tip"]
    assert 'condition: vault.status_at_least("Chat 8a", "FIRST PASS")' in report["tip"]


@needs_puppeteer
def test_hostile_names_leave_click_and_hover_working(tmp_path: Path) -> None:
    # Before the JSON escaped "<", a "<!--<script>" in it swallowed the page's script:
    # nothing was selected, no tip came, and the browser reported nothing.
    source = tmp_path / "<!--<script>.bpmn"
    shutil.copy(ROOT / "tests" / "render" / "hostile-names.bpmn", source)
    page = tmp_path / "review.html"
    first, *_ = _listed_findings(_render(source, page))
    report = _check(page, "</script><script>")
    assert report["findings"] >= 1
    assert set(report["selected"]) == set(first["highlight"])
    assert {"<!--<script>alert(1)</script>", "</script><script>", "f2"} <= set(
        report["selected"])
    assert report["tip"].startswith('task </script><script> \u201c" onmouseover=')
