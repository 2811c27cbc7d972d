"""Discovers the rules: every module in :mod:`metis_bpmn.lint.rules` defines exactly one."""

from __future__ import annotations

import importlib
import keyword
import pkgutil
from functools import lru_cache

from . import rules as _rules_pkg
from .rule import Rule

# Renamed rules keep working in configs: old name -> new name.
REDIRECTS: dict[str, str] = {}


@lru_cache(maxsize=1)
def all_rules() -> dict[str, Rule]:
    """Every registered rule by name, sorted by name."""
    found: dict[str, Rule] = {}
    for info in pkgutil.iter_modules(_rules_pkg.__path__):
        module = importlib.import_module(f"{_rules_pkg.__name__}.{info.name}")
        defined = [v for v in vars(module).values() if isinstance(v, Rule)]
        if len(defined) != 1:
            raise RuntimeError(f"rule module {info.name} defines {len(defined)} rules, not 1")
        rule = defined[0]
        if module_name(rule.name) != info.name:
            raise RuntimeError(f"rule {rule.name!r} lives in module {info.name!r}")
        found[rule.name] = rule
    return dict(sorted(found.items()))


def module_name(rule_name: str) -> str:
    """The module (and fixture folder) of a rule: ``fake-join`` -> ``fake_join``; a Python
    keyword gets a trailing underscore (``global`` -> ``global_``)."""
    name = rule_name.replace("-", "_").replace("/", "_")
    return f"{name}_" if keyword.iskeyword(name) else name


def resolve(name: str) -> str | None:
    """The registered name for ``name``: accepts redirects and the ``bpmnlint/`` prefix."""
    rules = all_rules()
    key = name.strip()
    if key.startswith("bpmnlint/"):
        key = key[len("bpmnlint/"):]
    key = REDIRECTS.get(key, key)
    return key if key in rules else None


def get(name: str) -> Rule:
    resolved = resolve(name)
    if resolved is None:
        raise KeyError(name)
    return all_rules()[resolved]
