"""The rules' settings are worked out once per configuration; a change made in place to the
configuration or to the registry is still seen on the next file."""

from __future__ import annotations

from dataclasses import replace

from metis_bpmn.finding import Severity
from metis_bpmn.lint import registry
from metis_bpmn.lint.config import Config, RuleSetting
from metis_bpmn.lint.runner import Source, lint_source

NO_START = Source("x.bpmn", data=b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/'
                                 b'MODEL" id="d"><process id="P"/></definitions>')


def _start_findings(config: Config) -> list[tuple[str, str]]:
    return [(f.rule, f.severity.label) for f in lint_source(NO_START, config)
            if f.rule in ("start-event-required", "rule-error")]


def test_a_setting_changed_in_place_is_seen() -> None:
    config = Config.from_profile("recommended")
    assert _start_findings(config) == [("start-event-required", "error")]
    config.rules["start-event-required"] = RuleSetting(Severity.INFO)  # type: ignore[index]
    assert _start_findings(config) == [("start-event-required", "info")]
    del config.rules["start-event-required"]  # type: ignore[attr-defined]
    assert _start_findings(config) == []


def test_a_rule_swapped_in_the_registry_is_seen(monkeypatch) -> None:
    config = Config.from_profile("recommended")
    assert _start_findings(config) == [("start-event-required", "error")]

    def broken(ctx):
        raise ZeroDivisionError("boom")
    swapped = replace(registry.all_rules()["start-event-required"], check=broken)
    monkeypatch.setitem(registry.all_rules(), "start-event-required", swapped)
    assert _start_findings(config) == [("rule-error", "error")]
