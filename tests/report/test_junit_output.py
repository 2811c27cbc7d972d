"""JUnit XML: one testcase per file, one failure per finding, parseable by any XML parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from metis_bpmn.finding import Finding, Severity
from metis_bpmn.report import FileReport
from metis_bpmn.report.junit import render


def test_one_testcase_per_file_and_one_failure_per_finding() -> None:
    reports = [
        FileReport("a.bpmn", (Finding("start-event-required", Severity.ERROR, "Process is missing "
                                      "start event", "a.bpmn", line=3, column=5, element_id="P"),
                              Finding("label-required", Severity.WARNING, "Element is missing "
                                      "label/name", "a.bpmn", line=7, element_id="T"))),
        FileReport("b <&> \x01.bpmn"),
    ]
    root = ET.fromstring(render(reports))
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    [suite] = root
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["a.bpmn", "b <&> \ufffd.bpmn"]
    failures = cases[0].findall("failure")
    assert [(f.get("type"), f.get("message")) for f in failures] == [
        ("error", "[start-event-required] Process is missing start event"),
        ("warning", "[label-required] Element is missing label/name")]
    assert failures[0].text == "a.bpmn:3:5: error [start-event-required] Process is missing start event (P)"
    assert cases[1].findall("failure") == []
    counts = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert counts == {"errors": "1", "warnings": "1", "infos": "0"}


def test_no_files_is_still_a_document() -> None:
    root = ET.fromstring(render([]))
    assert root.get("tests") == "0" and root[0].findall("testcase") == []
