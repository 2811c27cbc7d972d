"""Every rule's fixtures, compared exactly.

``tests/rules/<module>/valid-*.bpmn`` must give no finding of the rule;
``invalid-*.bpmn`` must give exactly the findings listed in ``invalid-*.expected``, one per
line as ``ELEMENT_ID[@LINE]: MESSAGE[ | path: A -> B -> C]`` (``-`` when there is no element
id; the line is compared when given). An optional ``<fixture>.toml`` holds configuration
(``max-file-size``, ``max-states``, ``timeout``, ``[rules]`` options for the rule under test); with a
``timeout`` the file is checked by a worker process, as the CLI does. Only the rule under test
runs, so an extra finding or a crash (``rule-error``) fails the test.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from metis_bpmn.lint.config import Config, RuleSetting
from metis_bpmn.finding import Finding, Severity
from metis_bpmn.lint.registry import all_rules, module_name
from metis_bpmn.lint.runner import Source, lint_source, lint_sources

HERE = Path(__file__).parent
MODULES = {module_name(name): name for name in all_rules()}


def _fixtures():
    for folder in sorted(p for p in HERE.iterdir() if p.is_dir() and p.name in MODULES):
        for fixture in sorted(folder.glob("*.bpmn")):
            yield pytest.param(MODULES[folder.name], fixture, id=f"{folder.name}/{fixture.name}")


def _config(rule: str, fixture: Path) -> Config:
    sidecar = fixture.with_suffix(".toml")
    table = tomllib.loads(sidecar.read_text()) if sidecar.exists() else {}
    options = table.get("rules", {}).get(rule, {})
    return Config(rules={rule: RuleSetting(Severity.ERROR, options)},
                  max_file_size=table.get("max-file-size", 10 * 1024 * 1024),
                  timeout=table.get("timeout", 0),
                  settings={k: v for k, v in table.items() if k not in ("rules", "timeout")})


def _format(finding: Finding, with_line: bool) -> str:
    where = finding.element_id or "-"
    if with_line:
        where += f"@{finding.line}"
    text = f"{where}: {finding.message}"
    if finding.evidence:
        text += f" | path: {' -> '.join(finding.evidence)}"
    return text


@pytest.mark.parametrize("rule,fixture", list(_fixtures()))
def test_fixture(rule: str, fixture: Path) -> None:
    config, source = _config(rule, fixture), Source(fixture.name, fixture)
    if config.timeout:
        [(_, findings)] = lint_sources([source], config, jobs=1)
    else:
        findings = lint_source(source, config)
    expected_file = fixture.with_suffix(".expected")
    if fixture.name.startswith("valid"):
        assert [_format(f, True) for f in findings] == []
        return
    assert fixture.name.startswith("invalid"), "fixtures are named valid-* or invalid-*"
    expected = [line for line in expected_file.read_text().splitlines() if line.strip()]
    with_line = [("@" in e.split(":", 1)[0]) for e in expected]
    assert len(findings) == len(expected), [_format(f, True) for f in findings]
    actual = [_format(f, w) for f, w in zip(findings, with_line)]
    assert sorted(actual) == sorted(expected)
    assert all(f.rule == rule for f in findings)
