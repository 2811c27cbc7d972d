"""GitHub workflow-command annotations: severity mapping and escaping."""

from __future__ import annotations

from metis_bpmn.finding import Finding, Severity
from metis_bpmn.report import FileReport
from metis_bpmn.report.github import annotation, render


def test_message_and_properties_are_escaped() -> None:
    finding = Finding("start-event-required", Severity.ERROR, "100% broken\r\nsecond line",
                      "dir:a,b/p.bpmn", line=3, column=17, element_id="P1",
                      hint="Add one: here, now")
    assert annotation(finding) == (
        "::error file=dir%3Aa%2Cb/p.bpmn,line=3,col=17,"
        "title=metis-bpmn [start-event-required]::"
        "100%25 broken%0D%0Asecond line (P1)%0Ahint: Add one: here, now")


def test_severities_map_to_error_warning_notice_and_location_is_optional() -> None:
    lines = [annotation(Finding("r", s, "m", "f.bpmn")) for s in Severity]
    assert lines == ["::notice file=f.bpmn,title=metis-bpmn [r]::m",
                     "::warning file=f.bpmn,title=metis-bpmn [r]::m",
                     "::error file=f.bpmn,title=metis-bpmn [r]::m"]


def test_a_title_with_a_comma_or_colon_cannot_break_the_property_list() -> None:
    line = annotation(Finding("plugin:x,y", Severity.WARNING, "m", "f.bpmn"))
    properties = line.split("::")[1].split(" ", 1)[1]
    assert properties.split(",") == ["file=f.bpmn", "title=metis-bpmn [plugin%3Ax%2Cy]"]


def test_quiet_drops_only_the_summary() -> None:
    reports = [FileReport("f.bpmn", (Finding("r", Severity.ERROR, "m", "f.bpmn"),))]
    assert render(reports).splitlines()[-1].startswith("✖ 1 problem")
    assert render(reports, quiet=True) == "::error file=f.bpmn,title=metis-bpmn [r]::m\n"
    assert render([FileReport("ok.bpmn")], quiet=True) == ""


def test_other_control_characters_are_shown_as_escapes() -> None:
    finding = Finding("r", Severity.ERROR, "Name 'a\x1b[2K\u202eb\x85c'", "d\u2028x.bpmn")
    line = annotation(finding)
    assert line.splitlines() == [line]
    assert line == ("::error file=d\\u2028x.bpmn,title=metis-bpmn [r]::"
                    "Name 'a\\x1b[2K\\u202eb\\x85c'")
