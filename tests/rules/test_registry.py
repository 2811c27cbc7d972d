"""Every rule is complete: documented, with fixtures, in the module named after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from metis_bpmn.lint.profiles import BPMNLINT_ALL_NAMES, PROFILE_NAMES, profile
from metis_bpmn.lint.registry import all_rules, module_name
from metis_bpmn.lint.rule import DOC_SECTIONS

HERE = Path(__file__).parent
RULES = all_rules()


@pytest.mark.parametrize("name", list(RULES))
def test_rule_is_documented(name: str) -> None:
    doc = RULES[name].doc
    assert doc.startswith(f"{name}: "), "the docstring starts with 'name: summary'"
    for section in DOC_SECTIONS:
        assert f"## {section}\n" in doc, f"missing section {section!r}"
    assert RULES[name].summary in doc.splitlines()[0]


@pytest.mark.parametrize("name", list(RULES))
def test_rule_has_fixtures(name: str) -> None:
    folder = HERE / module_name(name)
    assert list(folder.glob("valid*.bpmn")), f"no valid fixture in {folder}"
    invalid = list(folder.glob("invalid*.bpmn"))
    assert invalid, f"no invalid fixture in {folder}"
    for fixture in invalid:
        assert fixture.with_suffix(".expected").exists(), f"{fixture.name} has no .expected"


@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_profiles_resolve(name: str) -> None:
    chosen = profile(name)
    assert chosen and set(chosen) <= set(RULES)


def test_input_rules_are_in_every_profile() -> None:
    inputs = {n for n, r in RULES.items() if r.category == "input"}
    for name in PROFILE_NAMES:
        assert inputs <= set(profile(name))


def test_bpmnlint_names_exist_once_implemented() -> None:
    # bpmnlint profiles only list bpmnlint's own rules.
    assert all(RULES[n].source == "bpmnlint" for n in BPMNLINT_ALL_NAMES if n in RULES)
