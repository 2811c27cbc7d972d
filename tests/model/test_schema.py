"""The BPMN 2.0 schemas ship in metis_bpmn/model/xsd/: a schema check needs no SpiffWorkflow."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from importlib import metadata, resources

import pytest

from metis_bpmn.model.schema import schema_errors
from tests.conftest import ROOT

XSD = ROOT / "metis_bpmn" / "model" / "xsd"
NAMES = ["BPMN20.xsd", "BPMNDI.xsd", "DC.xsd", "DI.xsd", "Semantic.xsd"]

CHECK = """
import json, sys
from pathlib import Path
import metis_bpmn.model.schema as schema
good = schema.schema_errors(Path("processes/session-handoff.bpmn").read_bytes())
bad = schema.schema_errors(b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
                           b'id="d" targetNamespace="t"><task id="t"/></definitions>')
print(json.dumps({"file": schema.__file__, "good": len(good), "bad": [e.message for e in bad],
                  "spiff": sorted(m for m in sys.modules if m.startswith("SpiffWorkflow"))}))
"""


def test_a_schema_check_does_not_import_spiffworkflow() -> None:
    # A fresh interpreter: other tests have imported SpiffWorkflow into this one.
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          check=True)
    out = json.loads(done.stdout)
    assert out["file"] == str(ROOT / "metis_bpmn" / "model" / "schema.py")
    assert out["good"] == 0
    assert len(out["bad"]) == 1 and "bpmn:task': This element is not expected" in out["bad"][0]
    assert out["spiff"] == []


def test_the_schemas_are_package_data() -> None:
    shipped = resources.files("metis_bpmn.model") / "xsd"
    assert sorted(p.name for p in shipped.iterdir() if p.name.endswith(".xsd")) == NAMES


def test_the_readme_records_the_schemas_sums() -> None:
    readme = (XSD / "README.md").read_text(encoding="utf-8")
    recorded = dict((name, digest) for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$",
                                                                   readme, re.MULTILINE))
    assert recorded == {n: hashlib.sha256((XSD / n).read_bytes()).hexdigest() for n in NAMES}


def test_the_schemas_are_spiffworkflows_unchanged() -> None:
    if metadata.version("spiffworkflow") != "3.2.0":
        pytest.skip("the copies were taken from SpiffWorkflow 3.2.0")
    spiff = resources.files("SpiffWorkflow.bpmn.parser") / "schema"
    for name in NAMES:
        assert (XSD / name).read_bytes() == (spiff / name).read_bytes(), name


def test_the_shipped_schemas_find_an_unknown_attribute() -> None:
    source = (ROOT / "processes" / "session-handoff.bpmn").read_bytes()
    assert schema_errors(source) == ()
    broken = source.replace(b"<bpmn:process ", b'<bpmn:process bogus="1" ', 1)
    assert broken != source
    assert any("'bogus'" in e.message for e in schema_errors(broken))
