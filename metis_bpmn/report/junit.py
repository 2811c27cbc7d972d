"""JUnit XML for CI dashboards (GitLab, Jenkins, Azure DevOps...).

One ``<testcase>`` per checked file, named after its path; each finding of the file is a
``<failure>`` whose ``type`` is the severity and whose text is the finding's text-format line.
A file without findings is a passing test. ``failures`` counts files with findings.
"""

from __future__ import annotations

from ..finding import count

import re
import xml.etree.ElementTree as ET
from typing import Sequence

from . import FileReport
from .text import format_finding

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(reports: Sequence[FileReport]) -> str:
    failed = sum(1 for r in reports if r.findings)
    totals = {"tests": str(len(reports)), "failures": str(failed), "errors": "0"}
    suites = ET.Element("testsuites", {"name": "metis-bpmn", **totals})
    suite = ET.SubElement(suites, "testsuite", {"name": "metis-bpmn validate", **totals,
                                                "skipped": "0"})
    for report in reports:
        case = ET.SubElement(suite, "testcase", {"classname": "metis-bpmn",
                                                 "name": _clean(report.path),
                                                 "file": _clean(report.path)})
        for finding in report.findings:
            failure = ET.SubElement(case, "failure", {
                "type": finding.severity.label,
                "message": _clean(f"[{finding.rule}] {finding.message}")})
            failure.text = _clean(format_finding(finding))
    errors, warnings, infos = count(f for r in reports for f in r.findings)
    properties = ET.Element("properties")
    for name, value in (("errors", errors), ("warnings", warnings), ("infos", infos)):
        ET.SubElement(properties, "property", {"name": name, "value": str(value)})
    suite.insert(0, properties)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
