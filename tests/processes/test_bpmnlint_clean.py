"""bpmnlint itself (npm, 11.15) reports no errors on processes/ with bpmnlint:recommended.

Runs when Node and npm are available: bpmnlint is installed once into a cache folder
(~/.cache/metis-bpmn/bpmnlint, or $METIS_BPMNLINT_DIR); skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

VERSION = "11.15.0"


def bpmnlint() -> Path:
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("Node.js and npm are needed to run bpmnlint")
    folder = Path(os.environ.get("METIS_BPMNLINT_DIR",
                                 Path.home() / ".cache" / "metis-bpmn" / "bpmnlint"))
    binary = folder / "node_modules" / ".bin" / "bpmnlint"
    if not binary.exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_text(json.dumps({"private": True}))
        result = subprocess.run(["npm", "install", "--no-audit", "--no-fund",
                                 f"bpmnlint@{VERSION}"], cwd=folder, capture_output=True,
                                text=True, timeout=300)
        if result.returncode != 0 or not binary.exists():
            pytest.skip(f"could not install bpmnlint {VERSION} with npm: "
                        f"{result.stderr.strip()[-300:]}")
    return binary


def test_processes_have_no_bpmnlint_errors(tmp_path) -> None:
    binary = bpmnlint()
    (tmp_path / ".bpmnlintrc").write_text(json.dumps({"extends": "bpmnlint:recommended"}))
    files = sorted(str(p) for p in (ROOT / "processes").glob("*.bpmn"))
    assert len(files) >= 5
    result = subprocess.run([str(binary), *files], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " error " not in result.stdout
