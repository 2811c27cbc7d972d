"""The report writer's JSON is exactly what ``json.dumps(indent=2, ensure_ascii=False)``
writes, only faster."""

from __future__ import annotations

import json
import random

import pytest

from metis_bpmn.report.indented_json import dumps

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
