"""Configuration: which rules run, at which severity, with which options.

Sources, first found wins: ``--config FILE``; else walking up from the working directory, the
first folder with a ``metis-bpmn.toml``, a ``pyproject.toml`` that has ``[tool.metis-bpmn]``, or
a ``.bpmnlintrc`` (bpmnlint's JSON format). Then ``--profile`` and ``--rule NAME=SEVERITY``
from the command line apply on top. Unknown rule names are usage errors.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..errors import UserError
from ..finding import Severity
from ..fsio import load_toml, read_config
from ..model.parse import DEFAULT_MAX_BYTES
from ..schema import Anything, Boolean, Field, ListOf, MapOf, Number, Obj, OneOf, Text, problems
from .profiles import PROFILE_NAMES, profile
from .registry import all_rules, resolve

DEFAULT_TIMEOUT = 60.0  # seconds per file; real diagrams take milliseconds

# [tool.metis-bpmn] / metis-bpmn.toml. Rule entries are checked by _apply_rules (their
# names need the registry); sections owned by other commands (gates, vault, render) by them.
SETTINGS = Obj({
    "profile": Field(Text(max_length=200), False, "the base profile"),
    "extends": Field(OneOf((Text(), ListOf(Text())), describe="a name or a list of names"),
                     False, "profiles or files to start from (bpmnlint style)"),
    "rules": Field(MapOf(Anything()), False, "rule = severity, or [severity, {options}]"),
    "max-warnings": Field(Number(integer=True, minimum=-1), False, "-1 for unlimited"),
    "max-file-size": Field(Number(integer=True, minimum=1), False, "bytes"),
    "exclude": Field(ListOf(Text()), False, "glob patterns on the reported paths"),
    "jobs": Field(Number(integer=True, minimum=1), False, "worker processes"),
    "timeout": Field(Number(minimum=0, describe="a number of seconds (0 for none)"), False,
                     "seconds per file (0 for none)"),
    "max-states": Field(Number(integer=True, minimum=1, maximum=10_000_000), False,
                        "soundness: states explored before 'undecided'"),
    "message-flows": Field(Boolean(), False, "soundness: play a collaboration's pools together"),
    "unmodelled-senders": Field(Boolean(), False, "soundness: a receiver no message flow "
                                                   "reaches may hear from outside the model"),
    "session": Field(Obj({"allow-scripts": Field(OneOf(
        (Boolean(), ListOf(Text())), describe="true/false or a list of process files"),
        False)}), False),
    "gates": Field(Anything(), False), "vault": Field(Anything(), False),
    "render": Field(Anything(), False),
})
KNOWN_KEYS = frozenset(SETTINGS.fields)


@dataclass(frozen=True)
class RuleSetting:
    severity: Severity
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    rules: Mapping[str, RuleSetting]
    source: str | None = None
    max_warnings: int = -1
    max_file_size: int = DEFAULT_MAX_BYTES
    exclude: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT  # per file, seconds; 0 = none
    jobs: int | None = None  # worker processes; None = all cores
    notices: tuple[str, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)  # the whole table, for others

    @classmethod
    def from_profile(cls, name: str = "recommended") -> "Config":
        return cls(rules={n: RuleSetting(s) for n, s in _profile(name).items()})


def _profile(name: str) -> dict[str, Severity]:
    key = name.strip()
    if key.startswith("plugin:"):
        raise UserError(f"cannot run bpmnlint plug-in config {key!r}")
    try:
        return profile(key)
    except KeyError:
        raise UserError(f"unknown profile {name!r}; choose one of: {', '.join(PROFILE_NAMES)}")


def discover(start: Path) -> Path | None:
    """The configuration file that applies to ``start`` (a folder), or None."""
    for folder in (start, *start.parents):
        if (folder / "metis-bpmn.toml").is_file():
            return folder / "metis-bpmn.toml"
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "metis-bpmn" in load_toml(pyproject).get("tool", {}):
            return pyproject
        if (folder / ".bpmnlintrc").is_file():
            return folder / ".bpmnlintrc"
        if (folder / ".git").exists():
            break
    return None


# A bpmnlint configuration file (JSON), as bpmnlint reads it.
BPMNLINTRC = Obj({
    "extends": SETTINGS.fields["extends"], "rules": SETTINGS.fields["rules"],
    "moddleExtensions": Field(Anything(), False, "bpmnlint's; not used here"),
}, describe="a JSON object")


def _read_table(path: Path) -> dict:
    """The settings table of a config file, bpmnlint JSON included."""
    if path.name == ".bpmnlintrc" or path.suffix == ".json":
        text = read_config(path)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}")
        except RecursionError:  # hostile input, not a crash
            raise UserError(f"{path}: invalid JSON: nested too deeply")
        found = problems(BPMNLINTRC, data)
        if found:
            raise UserError(f"{path}: " + "; ".join(found))
        return data
    data = load_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("metis-bpmn")
        if data is None:
            raise UserError(f"{path} has no [tool.metis-bpmn] table")
    found = problems(SETTINGS, data)
    if found:
        raise UserError(f"{path}: " + "; ".join(found))
    return data


def _severity(value: Any, where: str) -> Severity | None:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise UserError(f"{where}: {exc}")


def _unknown_rule(name: str, where: str) -> UserError:
    close = difflib.get_close_matches(name, list(all_rules()), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return UserError(f"{where}: unknown rule {name!r}{hint}; `metis-bpmn rules` lists them")


def _apply_rules(rules: dict[str, RuleSetting], table: Mapping[str, Any], where: str,
                 notices: list[str]) -> None:
    if not isinstance(table, Mapping):
        raise UserError(f"{where}: 'rules' must be a table of rule = severity")
    for raw_name, value in table.items():
        name = resolve(raw_name)
        if name is None:
            if "/" in raw_name and not raw_name.startswith("bpmnlint/"):
                notices.append(f"{where}: plug-in rule {raw_name!r} ignored "
                               "(bpmnlint plug-ins are JavaScript)")
                continue
            raise _unknown_rule(raw_name, where)
        options: Mapping[str, Any] = {}
        if isinstance(value, list):
            if not value or len(value) > 2 or (len(value) == 2 and not isinstance(value[1], dict)):
                raise UserError(f"{where}: rule {raw_name!r}: use SEVERITY or [SEVERITY, {{options}}]")
            value, options = value[0], (value[1] if len(value) == 2 else {})
        severity = _severity(value, f"{where}: rule {raw_name!r}")
        if severity is None:
            rules.pop(name, None)
        else:
            rules[name] = RuleSetting(severity, options)


def _extends(rules: dict[str, RuleSetting], extends: Any, base: Path, notices: list[str],
             seen: set[Path]) -> None:
    entries = [extends] if isinstance(extends, str) else extends
    if not isinstance(entries, list):
        raise UserError(f"{base}: 'extends' must be a string or a list")
    for entry in entries:
        if not isinstance(entry, str):
            raise UserError(f"{base}: 'extends' entries must be strings")
        if entry.startswith("plugin:"):
            notices.append(f"{base}: extends {entry!r} ignored (bpmnlint plug-ins are JavaScript)")
        elif entry in PROFILE_NAMES:
            rules.update({n: RuleSetting(s) for n, s in _profile(entry).items()})
        else:
            path = (base.parent / entry).resolve()
            if not path.is_file():
                raise UserError(f"{base}: extends {entry!r}: no such profile or file")
            _merge_file(rules, path, notices, seen)


def _merge_file(rules: dict[str, RuleSetting], path: Path, notices: list[str],
                seen: set[Path]) -> dict:
    if path in seen:
        raise UserError(f"{path}: 'extends' loops back to itself")
    seen.add(path)
    table = _read_table(path)
    if "profile" in table and "extends" in table:
        raise UserError(f"{path}: use either 'profile' or 'extends', not both")
    if "profile" in table:
        rules.update({n: RuleSetting(s) for n, s in _profile(str(table["profile"])).items()})
    if "extends" in table:
        _extends(rules, table["extends"], path, notices, seen)
    if "moddleExtensions" in table:
        notices.append(f"{path}: moddleExtensions ignored (extension elements are kept raw)")
    _apply_rules(rules, table.get("rules", {}), str(path), notices)
    return table


def load_config(*, config_path: Path | None = None, cwd: Path | None = None,
                profile_name: str | None = None, overrides: tuple[str, ...] = ()) -> Config:
    """Build the effective configuration. Every mistake is a :class:`UserError`."""
    cwd = cwd or Path.cwd()
    path = config_path if config_path is not None else discover(cwd)
    if config_path is not None and not config_path.is_file():
        raise UserError(f"config file {config_path} does not exist")
    rules: dict[str, RuleSetting] = {
        n: RuleSetting(s) for n, s in _profile("recommended").items()}
    notices: list[str] = []
    table: dict = {}
    if path is not None:
        table = _read_table(path)
        if "profile" in table or "extends" in table or path.name == ".bpmnlintrc":
            rules = {}  # the file chooses its own base, as in bpmnlint
        _merge_file(rules, path, notices, set())
    if profile_name is not None:
        file_rules = {}
        _apply_rules(file_rules, table.get("rules", {}), str(path), [])
        rules = {n: RuleSetting(s) for n, s in _profile(profile_name).items()}
        rules.update(file_rules)
    for override in overrides:
        name, sep, value = override.partition("=")
        if not sep:
            raise UserError(f"--rule {override!r}: use NAME=SEVERITY (off, info, warn, error)")
        _apply_rules(rules, {name: value}, "--rule", notices)
    return _config(table, path, dict(sorted(rules.items())), tuple(notices))


def load_settings(*, cwd: Path | None = None) -> Config:
    """The configuration without its rules, for the commands that run none (vault, session,
    conform): the file is found, read and checked as :func:`load_config` does, but no rule
    module is imported, which keeps those commands' start-up short."""
    path = discover(cwd or Path.cwd())
    return _config(_read_table(path) if path is not None else {}, path, {}, ())


def _config(table: dict, path: Path | None, rules: dict[str, RuleSetting],
            notices: tuple[str, ...]) -> Config:
    return Config(rules=rules, source=str(path) if path else None,
                  max_warnings=table.get("max-warnings", -1),
                  max_file_size=table.get("max-file-size", DEFAULT_MAX_BYTES),
                  exclude=tuple(str(e) for e in table.get("exclude", [])),
                  timeout=float(table.get("timeout", DEFAULT_TIMEOUT)), jobs=table.get("jobs"),
                  notices=notices, settings=table)
