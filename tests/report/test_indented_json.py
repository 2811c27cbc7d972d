"""The report writer's JSON is exactly what ``json.dumps(indent=2, ensure_ascii=False)``
writes, only faster."""

from __future__ import annotations

import json
import random

import pytest

from metis_bpmn.finding import Finding, Severity
from metis_bpmn.report import FileReport, text
from metis_bpmn.report import json as json_report
from metis_bpmn.report.indented_json import Written, dumps

CASES = [
    {}, [], "", None, True, 0, -1.5, float("inf"), float("nan"),
    {"a": [1, "é", None], "b": {}, "c": [], "d": {"e": [[], {}, [1, [2]]]}},
    {"line": 3, "evidence": ["x\n\"y\"", "\u2028z"], "hint": None, "ok": False},
    [{"flat": 1}, {"nested": {"deeper": [1, 2]}}, ("tuple", 2)],
    {3: [1], True: {"a": [2]}, None: [3], 2.5: {}, "s": {0: "flat"}},  # keys json converts
]


@pytest.mark.parametrize("value", CASES, ids=range(len(CASES)))
def test_same_text_as_the_standard_library(value) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_random_reports() -> None:
    rng = random.Random(7)
    scalars = [None, True, False, 0, 17, 2.5, "", "ünïcode", "quote\"back\\slash", "\t"]

    def value(depth: int):
        if depth > 3 or rng.random() < 0.4:
            return rng.choice(scalars)
        if rng.random() < 0.5:
            return [value(depth + 1) for _ in range(rng.randrange(4))]
        return {f"k{i}": value(depth + 1) for i in range(rng.randrange(4))}
    for _ in range(300):
        sample = value(0)
        assert dumps(sample) == json.dumps(sample, indent=2, ensure_ascii=False)


def test_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        dumps({"a": object()})


def test_parts_written_ahead_at_their_level() -> None:
    parts = [{"path": "a", "findings": [{"line": 1, "evidence": ["x", "y"]}]}, {"path": "b"}]
    document = {"files": [Written(dumps(part, level=2)) for part in parts], "n": 2}
    assert dumps(document) == json.dumps({"files": parts, "n": 2}, indent=2)


def test_reports_read_in_one_pass_as_files_arrive() -> None:
    """The JSON and text reports write each file when it arrives (the CLI hands them files
    as the workers finish them) and give what they give for the whole list."""
    reports = [FileReport(f"f{i}.bpmn", tuple(
        Finding(rule="deadlock", severity=Severity(1 + i % 3), file=f"f{i}.bpmn", line=i,
                element_id=f"Task_{i}", message="m", evidence=("a", "b"))
        for _ in range(i % 2 + 1))) for i in range(4)]
    arrived: list[int] = []

    def one_by_one():
        for i, report in enumerate(reports):
            arrived.append(i)
            yield report
    for render in (json_report.render, text.render):
        arrived.clear()
        assert render(one_by_one()) == render(reports)
        assert arrived == [0, 1, 2, 3]
