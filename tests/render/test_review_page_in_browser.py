"""The HTML review page as a person sees it: opened in headless Chromium, screenshot taken,
and the browser reports no console message (no script error, no blocked resource, no
Content-Security-Policy violation)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")
@pytest.mark.parametrize("source", ["processes/consolidation.bpmn",
                                    "tests/rules/livelock/invalid-token-factory.bpmn",
                                    "tests/render/hostile-names.bpmn"])
def test_review_page_renders_without_console_errors(source: str, tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["render", str(ROOT / source), "-f", "html",
                                      "--overlay", "findings", "-o", str(page)])
    assert result.exit_code == 0, result.output
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


def _click_first_finding_and_hover(source: Path, page: Path, hover: str) -> dict:
    """review-page-check.mjs's report: {findings, selected, tip, errors}."""
    result = CliRunner().invoke(app, ["render", str(source), "-f", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    run = subprocess.run(["node", str(GOLDEN_SCRIPTS / "review-page-check.mjs"), str(page),
                          hover], check=False, capture_output=True, text=True,
                         timeout=120, cwd=GOLDEN_SCRIPTS)
    return json.loads(run.stdout.strip().splitlines()[-1])


@needs_puppeteer
def test_clicking_a_finding_highlights_its_path_and_hover_explains(tmp_path: Path) -> None:
    source = ROOT / "tests" / "rules" / "livelock" / "invalid-token-factory.bpmn"
    report = _click_first_finding_and_hover(source, tmp_path / "review.html", "Draft")
    assert report["errors"] == [] and report["findings"] >= 1
    # The first finding is the livelock at Again; its path runs Start -> ... -> Done.
    assert {"Again", "Start", "Draft", "Fork", "f1", "f2"} <= set(report["selected"])
    assert report["tip"].startswith("task Draft")


@needs_puppeteer
def test_hostile_names_leave_click_and_hover_working(tmp_path: Path) -> None:
    # Before the JSON escaped "<", a "<!--<script>" in it swallowed the page's script:
    # nothing was selected, no tip came, and the browser reported nothing.
    source = tmp_path / "<!--<script>.bpmn"
    shutil.copy(ROOT / "tests" / "render" / "hostile-names.bpmn", source)
    report = _click_first_finding_and_hover(source, tmp_path / "review.html",
                                            "</script><script>")
    assert report["errors"] == [] and report["findings"] >= 1
    # The first finding is the livelock at the gateway whose id is the first below.
    assert {"<!--<script>alert(1)</script>", "</script><script>", "f2"} <= set(
        report["selected"])
    assert report["tip"].startswith('task </script><script> \u201c" onmouseover=')
