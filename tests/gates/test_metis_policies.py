"""The Metis gate policies hold on processes/, and removing any gate they name is caught."""

from __future__ import annotations

import shutil
import tomllib

import pytest
from lxml import etree

from metis_bpmn.lint.config import Config, RuleSetting
from metis_bpmn.finding import Severity
from metis_bpmn.lint.runner import Source, lint_source
from tests.conftest import ROOT

B = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
POLICY = ROOT / "processes" / "metis-gates.toml"
RULES = ("ungated-step", "unapproved-irreversible-end")
CONFIG = Config(rules={r: RuleSetting(Severity.ERROR) for r in RULES})


def gate_selectors() -> tuple[set[str], set[str]]:
    """The names and kinds the policies' gates (and approvals) select."""
    table = tomllib.loads(POLICY.read_text())
    names, kinds = set(), set()
    for entry in [*table.get("policy", []), table.get("irreversible-ends", {})]:
        gate = entry.get("gate") or entry.get("approval") or {}
        for key, found in (("name", names), ("kind", kinds)):
            value = gate.get(key, [])
            found.update(value if isinstance(value, list) else [value])
    return names, kinds


def cases():
    names, kinds = gate_selectors()
    kind = "{https://metis-bpmn.dev/schema/1.0}kind"
    for process in sorted((ROOT / "processes").glob("*.bpmn")):
        root = etree.parse(str(process)).getroot()
        for element in root.iter(f"{B}exclusiveGateway", f"{B}userTask", f"{B}callActivity",
                                 f"{B}intermediateCatchEvent"):
            if element.get("name") in names or (element.get(kind) in kinds
                                                and element.tag != f"{B}userTask"):
                yield pytest.param(process, element.get("id"),
                                   id=f"{process.stem}:{element.get('name')}")


def remove(root, element_id: str) -> None:
    """Delete an element and route its incoming flows to where it led (its conditional
    branch when it decides, else its only outgoing flow)."""
    element = root.find(f".//*[@id='{element_id}']")
    process = element.getparent()
    flows = list(process.iter(f"{B}sequenceFlow"))
    outgoing = [f for f in flows if f.get("sourceRef") == element_id]
    keep = next((f for f in outgoing if f.find(f"{B}conditionExpression") is not None), outgoing[0])
    for flow in flows:
        if flow.get("targetRef") == element_id:
            flow.set("targetRef", keep.get("targetRef"))
    for flow in outgoing:
        process.remove(flow)
    for boundary in process.iter(f"{B}boundaryEvent"):
        if boundary.get("attachedToRef") == element_id:  # its branch now starts nowhere
            boundary.attrib.pop("attachedToRef")
    process.remove(element)


def test_processes_satisfy_the_policies() -> None:
    for process in sorted((ROOT / "processes").glob("*.bpmn")):
        findings = lint_source(Source(str(process), process), CONFIG)
        assert findings == [], process.name


@pytest.mark.parametrize("process,gate", list(cases()))
def test_removing_a_gate_is_caught(tmp_path, process, gate) -> None:
    shutil.copy(POLICY, tmp_path / POLICY.name)
    tree = etree.parse(str(process))
    remove(tree.getroot(), gate)
    copy = tmp_path / process.name
    tree.write(str(copy))
    findings = lint_source(Source(str(copy), copy), CONFIG)
    assert findings, f"removing {gate} from {process.name} went unnoticed"
    assert all(f.evidence for f in findings)


def test_every_policy_gate_exists_somewhere() -> None:
    present = {case.values[1] for case in cases()}
    assert len(present) >= 11
