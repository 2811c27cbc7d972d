"""Every configuration example in the docs is accepted by the code that reads it.

A fenced block ```` ```toml FILE ```` (the README or ``docs/**/*.md``) is written to FILE in a
fresh copy of ``docs/examples/`` and read the way a user's file would be: ``pyproject.toml``,
``metis-bpmn.toml`` and ``metis-gates.toml`` by ``metis-bpmn validate order.bpmn``,
``.metis/vault.toml`` by ``metis-bpmn vault check`` on a copy of the example vault. Exit code 2
(a configuration error) fails the test. YAML blocks (pre-commit, GitHub Actions) must parse.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT

_FENCE = re.compile(r"^```(?P<lang>toml|yaml)(?P<file>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$",
                    re.M | re.S)
SOURCES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCKS = [(path, text.count("\n", 0, m.start()) + 1, m["lang"], m["file"].strip(), m["body"])
          for path in SOURCES for text in [path.read_text(encoding="utf-8")]
          for m in _FENCE.finditer(text)]
TOML = [b for b in BLOCKS if b[2] == "toml"]
YAML = [b for b in BLOCKS if b[2] == "yaml"]


def _id(block) -> str:
    return f"{block[0].relative_to(ROOT).as_posix()}:{block[1]}"


def test_every_toml_example_names_its_file() -> None:
    assert len(TOML) >= 5
    assert [_id(b) for b in TOML if not b[3]] == []


@pytest.mark.parametrize("block", TOML, ids=[_id(b) for b in TOML])
def test_toml_example_is_accepted(block, tmp_path: Path, monkeypatch) -> None:
    _, _, _, name, body = block
    shutil.copytree(ROOT / "docs" / "examples", tmp_path, dirs_exist_ok=True)
    (tmp_path / ".git").mkdir()  # config discovery stops here, not in the repository
    monkeypatch.chdir(tmp_path)
    if name == ".metis/vault.toml":
        shutil.copytree(ROOT / "examples" / "vault", tmp_path / "vault")
        (tmp_path / "vault" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "vault" / name).write_text(body, encoding="utf-8")
        args = ["vault", "check", "vault"]
    else:
        assert name in ("pyproject.toml", "metis-bpmn.toml", "metis-gates.toml"), name
        (tmp_path / name).write_text(body, encoding="utf-8")
        args = ["validate", "order.bpmn"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    assert "error:" not in result.stderr, result.stderr


@pytest.mark.parametrize("block", YAML, ids=[_id(b) for b in YAML])
def test_yaml_example_parses(block) -> None:
    assert yaml.safe_load(block[4]) is not None
