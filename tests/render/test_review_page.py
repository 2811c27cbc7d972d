"""The review page's structure as text: findings grouped by severity and rule with their
paths by name, no evidence path drawn until one is chosen, hover details, a session's state,
the toolbar, legend and print stylesheet, and the same bytes for the same input."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT

NO_DI = ROOT / "tests" / "rules" / "livelock" / "invalid-token-factory.bpmn"
HOSTILE = ROOT / "tests" / "render" / "hostile-names.bpmn"
DETAILS = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
    xmlns:metis="https://metis-bpmn.dev/schema/1.0" id="D" targetNamespace="x">
  <process id="P" isExecutable="true">
    <startEvent id="Start"/>
    <userTask id="Review" name="Review the claim" metis:kind="review">
      <documentation>Check the amount against the policy.</documentation>
      <extensionElements><camunda:properties>
        <camunda:property name="owner" value="claims team"/>
      </camunda:properties></extensionElements>
    </userTask>
    <exclusiveGateway id="Big" name="Large claim?" default="to_reject"/>
    <userTask id="Approve" name="Approve"/>
    <userTask id="Reject" name="Reject"/>
    <boundaryEvent id="Late" attachedToRef="Review">
      <timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition>
    </boundaryEvent>
    <endEvent id="End"/>
    <sequenceFlow id="f1" sourceRef="Start" targetRef="Review"/>
    <sequenceFlow id="f2" sourceRef="Review" targetRef="Big"/>
    <sequenceFlow id="to_approve" sourceRef="Big" targetRef="Approve">
      <conditionExpression xsi:type="tFormalExpression">amount &gt; 100</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="to_reject" sourceRef="Big" targetRef="Reject"/>
    <sequenceFlow id="f5" sourceRef="Approve" targetRef="End"/>
    <sequenceFlow id="f6" sourceRef="Reject" targetRef="End"/>
    <sequenceFlow id="f7" sourceRef="Late" targetRef="End"/>
  </process>
</definitions>
"""


def _page(source: Path | str, *options: str) -> str:
    result = CliRunner().invoke(app, ["render", str(source), "-f", "html", *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def _data(page: str) -> dict:
    return json.loads(re.search(r'id="review-data">(.*?)</script>', page, re.DOTALL)[1])


def _svg(page: str) -> str:
    return re.search(r"<svg xmlns=.*?</svg>", page, re.DOTALL)[0]


class _Aside(HTMLParser):
    """The list beside the diagram: headings in order, list items by data-index, and the
    element references (title = id, text = what a person reads) of each item."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.items: list[int] = []
        self.refs: dict[int, list[tuple[str, str]]] = {}
        self._open: list[str] = []
        self._ref: list[str] | None = None
        self.feed(page[page.index("<aside>"):page.index("</aside>")])

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if "data-index" in attrs:
            self.items.append(int(attrs["data-index"]))
            self.refs[self.items[-1]] = []
        if attrs.get("class") == "ref":
            self._ref = [attrs["title"], ""]
        self._open.append(tag)

    def handle_endtag(self, tag) -> None:
        if tag == "span" and self._ref is not None:
            self.refs[self.items[-1]].append((self._ref[0], self._ref[1].strip()))
            self._ref = None
        self._open.pop()

    def handle_data(self, data) -> None:
        if self._ref is not None:
            self._ref[1] += data
        elif self._open and self._open[-1] in ("h2", "h3"):
            self.headings.append(f"{self._open[-1]} {data.strip()}")


def test_findings_are_grouped_by_severity_then_rule_with_paths_by_name() -> None:
    page = _page(HOSTILE)
    aside = _Aside(page)
    assert aside.headings == ["h2 2 errors", "h3 lack-of-synchronization", "h3 livelock"]
    findings = _data(page)["findings"]
    assert sorted(aside.items) == list(range(len(findings)))
    unsafe = next(i for i in aside.items if "[lack-of-synchronization]" in findings[i]["text"])
    # Where the finding is, then each step: the element's name (its id on hover).
    where, *path = aside.refs[unsafe]
    assert where == ("Fork", "line separator paragraph")
    assert path[0] == ("Start", "1 <img src=x onerror=alert(1)>")
    assert path[1] == ("<!--<script>alert(1)</script>", "2 <!--<script>")
    assert [title for title, _ in path] == findings[unsafe]["steps"]


def test_no_evidence_path_is_drawn_until_a_finding_is_chosen() -> None:
    # The SVG overlay draws every finding's path; on the page they merged into one blue mass.
    for options in ((), ("--overlay", "findings")):
        svg = _svg(_page(NO_DI, *options))
        assert "finding-error" in svg and not re.search(r'class="[^"]*\bevidence\b', svg)
    unsafe = next(f for f in _data(_page(NO_DI))["findings"]
                  if "[lack-of-synchronization]" in f["text"])
    assert unsafe["steps"][:3] == ["Start", "Again", "Draft"]
    assert {"Again", "f1", "f2"} <= set(unsafe["highlight"])  # the element and the flows


def test_hover_shows_conditions_documentation_attributes_properties_and_findings(
        tmp_path: Path) -> None:
    source = tmp_path / "claims.bpmn"
    source.write_text(DETAILS, encoding="utf-8")
    data = _data(_page(source))
    elements = data["elements"]
    review = elements["Review"]
    assert review["head"] == "userTask Review \u201cReview the claim\u201d"
    assert review["rows"] == [["documentation", "Check the amount against the policy."],
                              ["metis:kind", "review"], ["owner", "claims team"]]
    assert ["to Approve", "amount > 100"] in elements["Big"]["rows"]
    assert ["default", "to Reject"] in elements["Big"]["rows"]
    assert ["condition", "amount > 100"] in elements["to_approve"]["rows"]
    assert ["timeDuration", "PT1H"] in elements["Late"]["rows"]
    assert not [row for row in review["rows"] if row[0] == "state"]  # no session, no state
    flagged = [e for e in elements.values() if e["findings"]]
    assert flagged and all(data["findings"][i]["text"] for e in flagged for i in e["findings"])


def test_session_page_draws_states_and_lists_the_failing_facts(start_session) -> None:
    session_id = start_session(0)
    page = _page("processes/consolidation.bpmn", "--overlay", f"session:{session_id}",
                 "--vault", "vault")
    assert f"<title>processes/consolidation.bpmn \u2014 session {session_id}</title>" in page
    svg = _svg(page)
    for element_id, state in [("Event_chat_1", "completed"), ("Task_capability", "active"),
                              ("Event_chat_8a", "blocked"), ("Task_consolidate", "not-reached")]:
        assert re.search(rf'class="[^"]*state-{state}"[^>]*data-element-id="{element_id}"', svg)
    assert 'data-for="Event_chat_8a"' in svg  # its note names it, so hover finds the element
    legend = page[page.index('<ul class="legend"'):page.index("</header>")]
    assert '<g class="state-blocked">' in legend
    assert "step-marker" not in legend  # no findings, no path to choose
    session = page[page.index('<section class="session">'):]
    assert re.search(r"<h2>Session: \d+ completed, \d+ active, 3 blocked, \d+ not reached</h2>",
                     session)
    assert "Chat 8a is SETUP READY, needs FIRST PASS" in session
    elements = _data(page)["elements"]
    assert ["state", "blocked: Chat 8a is SETUP READY, needs FIRST PASS"] in \
        elements["Event_chat_8a"]["rows"]
    assert ["state", "not reached"] in elements["Task_consolidate"]["rows"]
    assert ["state", "completed"] in elements["Event_chat_1"]["rows"]
    assert ["state", "not reached"] in elements["Task_stocktake"]["rows"]  # the vault has it


def test_toolbar_legend_and_print_stylesheet() -> None:
    page = _page(NO_DI)
    for control in ('id="zoom-in"', 'id="zoom-out"', 'id="fit"', 'id="zoom-level"'):
        assert control in page
    legend = page[page.index('<ul class="legend"'):page.index("</header>")]
    for swatch in ("finding-error", "finding-warning", "finding-info", "step-marker"):
        assert f'class="{swatch}"' in legend
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)[1]
    printed = style[style.index("@media print"):]
    assert ".toolbar, #tip { display: none !important; }" in printed
    assert "transform: none !important; width: 100%" in printed  # the diagram fits the page


def test_the_same_input_gives_the_same_page() -> None:
    assert _page(HOSTILE) == _page(HOSTILE)
    assert _page(NO_DI) == _page(NO_DI)  # laid out automatically
