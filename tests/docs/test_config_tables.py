"""The docs' configuration tables list exactly the keys the one schema of each file accepts."""

from __future__ import annotations

import re

from metis_bpmn.gates import selectors
from metis_bpmn.gates.policies import SHAPE as GATES
from metis_bpmn.lint.config import SETTINGS
from tests.conftest import ROOT


def test_guide_lists_every_configuration_key() -> None:
    text = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    start = text.index("| `profile` |")
    rows = text[start:text.index("\n\n", start)].splitlines()
    documented = {name for row in rows for name in re.findall(r"`([^`]+)`", row.split("|")[1])}
    assert documented == set(SETTINGS.fields)


def test_gates_page_lists_every_selector_key_and_policy_table() -> None:
    text = (ROOT / "docs" / "gates.md").read_text(encoding="utf-8")
    start = text.index("| key | matches |")
    rows = text[start:text.index("\n\n", start)].splitlines()[2:]
    assert {re.findall(r"`([^`]+)`", row)[0] for row in rows} == set(selectors.KEYS)
    for table in GATES.fields:
        assert f"[[{table}]]" in text or f"[{table}]" in text or f"[[{table}.map]]" in text, table
