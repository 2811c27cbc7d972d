"""Model shapes that used to hang or crash a command: each command stays within the
harness's limits (5 s, 1 GiB) and answers with a result or a clear refusal (sessions refuse
processes over 2,000 elements or 12 nested sub-processes; see docs/security.md). The
benchmark figures for 10,000-way gateways are in the closing notes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .harness import assert_safe, run

HEAD = ('<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/'
        '20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" '
        'targetNamespace="t">\n<bpmn:process id="P" isExecutable="true">\n')
TAIL = "</bpmn:process></bpmn:definitions>\n"


def _wide(kind: str, n: int = 2_000) -> str:
    body = ['<bpmn:startEvent id="s"/>', f'<bpmn:{kind}Gateway id="g"/>',
            f'<bpmn:{kind}Gateway id="j"/>', '<bpmn:endEvent id="e"/>',
            '<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g"/>',
            '<bpmn:sequenceFlow id="fe" sourceRef="j" targetRef="e"/>']
    for i in range(n):
        condition = ('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
                     f'x == {i}</bpmn:conditionExpression>') if kind != "parallel" else ""
        body.append(f'<bpmn:task id="t{i}"/><bpmn:sequenceFlow id="a{i}" sourceRef="g" '
                    f'targetRef="t{i}">{condition}</bpmn:sequenceFlow>'
                    f'<bpmn:sequenceFlow id="b{i}" sourceRef="t{i}" targetRef="j"/>')
    return HEAD + "\n".join(body) + TAIL


def _nested(depth: int = 250) -> str:
    inner = '<bpmn:startEvent id="sx"/><bpmn:endEvent id="ex"/>' \
            '<bpmn:sequenceFlow id="fx" sourceRef="sx" targetRef="ex"/>'
    for i in range(depth - 1, -1, -1):
        inner = (f'<bpmn:startEvent id="s{i}"/><bpmn:subProcess id="sp{i}">{inner}'
                 f'</bpmn:subProcess><bpmn:endEvent id="e{i}"/><bpmn:sequenceFlow id="a{i}" '
                 f'sourceRef="s{i}" targetRef="sp{i}"/><bpmn:sequenceFlow id="b{i}" '
                 f'sourceRef="sp{i}" targetRef="e{i}"/>')
    return HEAD + inner + TAIL


def _simple(start_attrs: str = "", name: str = "") -> str:
    return (HEAD + f'<bpmn:startEvent id="s" name="{name}" {start_attrs}/><bpmn:endEvent id="e"/>'
            '<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/>' + TAIL)


MODELS = {
    "2000-way-exclusive": _wide("exclusive"),
    "2000-way-inclusive": _wide("inclusive"),
    "2000-way-parallel": _wide("parallel"),
    "64000-attributes": _simple(" ".join(f'a{i}="x"' for i in range(64_000))),
    "5-MB-name": _simple(name="x" * (5 << 20)),
    "250-nested-sub-processes": _nested(),
    "self-calling": HEAD + '<bpmn:startEvent id="s"/><bpmn:callActivity id="c" '
                    'calledElement="P"/><bpmn:endEvent id="e"/><bpmn:sequenceFlow id="f1" '
                    'sourceRef="s" targetRef="c"/><bpmn:sequenceFlow id="f2" sourceRef="c" '
                    'targetRef="e"/>' + TAIL,
}


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("models")
    for name, text in MODELS.items():
        (folder / f"{name}.bpmn").write_text(text)
    (folder / "vault").mkdir()
    return folder


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("command", ["validate", "svg", "png", "session"])
def test_every_command_stays_within_limits(models: Path, name: str, command: str) -> None:
    model = models / f"{name}.bpmn"
    out_file = models / f"{name}-{command}.out"
    args = {"validate": ["validate", str(model), "--format", "json"],
            "svg": ["render", str(model), "-o", str(out_file)],
            "png": ["render", str(model), "-f", "png", "-o", str(out_file)],
            "session": ["session", "start", str(model), "--vault", str(models / "vault")],
            }[command]
    out = run(args, cwd=models, allowed=(out_file, models / "vault" / ".metis"))
    assert_safe(out)


def test_a_net_too_wide_to_play_is_undecided_in_seconds(tmp_path: Path) -> None:
    """60,000 parallel flows into one end event (3.6 MB): each state of the game would be an
    integer of 120,000 bits, and each of the end event's 60,000 moves one as wide (40,000
    took 32 s and 1 GB). The game is not played; the file is undecided, within the limits."""
    flows = "".join(f'<bpmn:sequenceFlow id="f{i}" sourceRef="g" targetRef="e"/>'
                    for i in range(60_000))
    (tmp_path / "wide.bpmn").write_text(
        HEAD + '<bpmn:startEvent id="s"/><bpmn:parallelGateway id="g"/><bpmn:endEvent id="e"/>'
        '<bpmn:sequenceFlow id="in" sourceRef="s" targetRef="g"/>' + flows + TAIL)
    out = run(["validate", "wide.bpmn", "--format", "json", "--jobs", "1"], cwd=tmp_path)
    assert_safe(out)
    messages = [f["message"] for f in json.loads(out.stdout)["files"][0]["findings"]
                if f["rule"] == "analysis-budget-exceeded"]
    assert len(messages) == 1 and messages[0].startswith(
        "Undecided: the token game of P was not played: its net has 60,00"), messages
    assert messages[0].endswith("flows after reduction, over the 5,000 it is played on")


def _chain(prefix: str, n: int) -> str:
    return "".join(f'<bpmn:task id="{prefix}{i + 1}"/><bpmn:sequenceFlow id="{prefix}f{i}" '
                   f'sourceRef="{prefix}{i}" targetRef="{prefix}{i + 1}"/>' for i in range(n))


LONG = {  # 10,000-element shapes that took a search per element (50 s each before)
    "dead-ends": '<bpmn:startEvent id="c0"/>' + _chain("c", 10_000) +
                 '<bpmn:task id="L1"/><bpmn:task id="L2"/><bpmn:sequenceFlow id="l0" '
                 'sourceRef="c10000" targetRef="L1"/><bpmn:sequenceFlow id="l1" sourceRef="L1" '
                 'targetRef="L2"/><bpmn:sequenceFlow id="l2" sourceRef="L2" targetRef="L1"/>',
    "unreachable": '<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/><bpmn:sequenceFlow id="se" '
                   'sourceRef="s" targetRef="e"/><bpmn:task id="u0"/>' + _chain("u", 10_000),
    "livelock": '<bpmn:startEvent id="x0"/>' + "".join(
        f'<bpmn:exclusiveGateway id="x{i + 1}"/><bpmn:sequenceFlow id="a{i}" sourceRef="x{i}" '
        f'targetRef="x{i + 1}"/><bpmn:sequenceFlow id="b{i}" sourceRef="x{i + 1}" '
        f'targetRef="x{i}"/>' for i in range(10_000)),
}


@pytest.mark.parametrize("name", sorted(LONG))
def test_long_chains_and_cycles_are_checked_in_seconds(tmp_path: Path, name: str) -> None:
    (tmp_path / "long.bpmn").write_text(HEAD + LONG[name] + TAIL)
    out = run(["validate", "long.bpmn", "-p", "all", "--format", "json", "--jobs", "1"],
              cwd=tmp_path)
    assert_safe(out)
    findings = json.loads(out.stdout)["files"][0]["findings"]
    rule = {"dead-ends": "dead-end", "unreachable": "unreachable-element",
            "livelock": "livelock"}[name]
    evidence = [f["evidence"] for f in findings if f["rule"] == rule]
    assert evidence and max(map(len, evidence)) <= 101  # cut at 100, "…" marking the cut

