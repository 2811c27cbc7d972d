"""Text output: one line per finding, whatever names, ids and file names a file brings."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app
from metis_bpmn.finding import Finding, Severity
from metis_bpmn.report import FileReport, statistics

FIXTURE = Path(__file__).parent / "data" / "control-characters.bpmn"
# A line feed followed by a forged finding, a cursor movement and a right-to-left override.
CRAFTED_NAME = "evil\nx.bpmn:9:9: error [forged] Looks real\x1b[2K\u202egpj.bpmn"
ESCAPED_NAME = "evil\\nx.bpmn:9:9: error [forged] Looks real\\x1b[2K\\u202egpj.bpmn"


def _controls(text: str) -> list[str]:
    """Control, format (bidi) and line-separator characters other than the line feeds."""
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


@pytest.fixture
def crafted(tmp_path: Path) -> Path:
    try:
        return Path(shutil.copy(FIXTURE, tmp_path / CRAFTED_NAME))
    except OSError:
        pytest.skip("this file system does not allow control characters in file names")


def test_control_characters_are_escaped_one_line_per_finding(crafted: Path) -> None:
    runner = CliRunner()
    args = ["validate", "--profile", "all", "--jobs", "1", str(crafted)]
    as_json = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    every = [x for f in as_json["files"] for x in f["findings"]]
    missing_shapes = sum(x["rule"] == "no-bpmndi" for x in every)
    expected = len(every) - max(missing_shapes - 1, 0)  # folded into one line in text
    text = runner.invoke(app, args).stdout

    assert _controls(text) == []
    lines = text.splitlines()  # also splits at CR, NEL, U+2028 and other line breaks
    assert lines == text.split("\n")[:-1]
    findings = [line for line in lines[:-1] if not line.startswith("    ")]
    prefix = re.escape(str(crafted.parent / ESCAPED_NAME))
    assert len(findings) == expected
    assert all(re.match(rf"{prefix}:\d+(:\d+)?: error \[[a-z-]+\] ", f) for f in findings)
    assert "Split\\nx.bpmn:1:1: error [forged] Looks real" in text  # an element id
    assert "Name 'Fill\\x7f \\u202etxt.exe\\u202c'" in text  # a name quoted in a message
    assert "    path: Start -> Split\\nx.bpmn:1:1: error [forged] Looks real -> " in text


def test_statistics_rows_stay_one_line_each() -> None:
    finding = Finding("forged\nrule\u2066", Severity.ERROR, "m", "a.bpmn")
    table = statistics.render([FileReport("a.bpmn", (finding,))])
    assert len(table.splitlines()) == 2 and "forged\\nrule\\u2066" in table
