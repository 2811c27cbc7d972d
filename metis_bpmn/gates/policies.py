"""Gate policies: where they are declared and what they say.

Sources, all applied: the rule's options (``[tool.metis-bpmn.rules]``), the ``gates`` table
of the configuration (``[tool.metis-bpmn.gates]``), and a ``metis-gates.toml`` next to the
validated file (its folder, then parent folders up to the working directory). Format::

    [[policy]]
    name = "no-specs-before-consolidation"
    steps = { kind = "implementation-spec" }          # the guarded elements
    gate = { name = "Consolidation complete?" }       # any one of these must be passed
    process = "*"                                     # optional: process id or name globs
    message = "Implementation specs need consolidation first"

    [irreversible-ends]
    ends = { name = ["Merged", "Released*"] }         # end events that finish irreversible work
    approval = { kind = "approval" }                  # an approval step before each of them
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from ..errors import UserError
from . import selectors

POLICY_FILE = "metis-gates.toml"
POLICY_RULES = ("ungated-step", "unapproved-irreversible-end")  # the rules that read policies


@dataclass(frozen=True)
class Policy:
    name: str
    steps: Mapping[str, Any]
    gate: Mapping[str, Any]
    process: tuple[str, ...] = ("*",)
    message: str | None = None


def _policies(table: Mapping[str, Any], where: str) -> list[Policy]:
    unknown = set(table) - {"policy", "irreversible-ends", "conform"}  # conform: its mapping
    if unknown:
        raise UserError(f"{where}: unknown gate key(s) {', '.join(sorted(unknown))}")
    found = []
    for index, entry in enumerate(table.get("policy", [])):
        here = f"{where}: policy {index + 1}"
        if not isinstance(entry, Mapping):
            raise UserError(f"{here} must be a table")
        extra = set(entry) - {"name", "steps", "gate", "process", "message"}
        if extra or "steps" not in entry or "gate" not in entry:
            raise UserError(f"{here}: needs steps and gate (and may have name, process, "
                            f"message); unknown: {', '.join(sorted(extra)) or 'none'}")
        process = entry.get("process", "*")
        found.append(Policy(str(entry.get("name", f"policy-{index + 1}")),
                            selectors.validate(entry["steps"], f"{here} steps"),
                            selectors.validate(entry["gate"], f"{here} gate"),
                            tuple(process if isinstance(process, list) else [process]),
                            entry.get("message")))
    ends = table.get("irreversible-ends")
    if ends is not None:
        if not isinstance(ends, Mapping) or set(ends) != {"ends", "approval"}:
            raise UserError(f"{where}: irreversible-ends needs exactly ends and approval")
        found.append(Policy("irreversible-ends",
                            {**selectors.validate(ends["ends"], f"{where} ends"),
                             "type": "endEvent"},
                            selectors.validate(ends["approval"], f"{where} approval"),
                            message="irreversible work finishes without an approval"))
    return found


@lru_cache(maxsize=64)
def _file_policies(path: Path) -> tuple[Policy, ...]:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{path}: {exc}")
    return tuple(_policies(table, str(path)))


def policy_file(bpmn_file: str) -> Path | None:
    """The nearest policy file in the BPMN file's folder or above it, up to the working
    directory."""
    path = Path(bpmn_file)
    if not path.exists():
        return None
    return _policy_above(str(path.resolve().parent), str(Path.cwd().resolve()))


@lru_cache(maxsize=4096)
def _policy_above(folder: str, stop: str) -> Path | None:
    """Cached per folder for one run (a corpus has thousands of files in a few hundred
    folders); :func:`forget_policy_files` starts a new run."""
    here = Path(folder)
    candidate = here / POLICY_FILE
    if candidate.is_file():
        return candidate
    if folder == stop or here == here.parent:
        return None
    return _policy_above(str(here.parent), stop)


def forget_policy_files() -> None:
    """Policy files may have changed since the last run."""
    _policy_above.cache_clear()


def policies_for(ctx) -> list[Policy]:
    found = list(_policies(ctx.options, f"rule {ctx.rule} options")) if ctx.options else []
    settings = ctx.shared.settings.get("gates")
    if settings:
        found += _policies(settings, "[tool.metis-bpmn.gates]")
    # Both gate rules ask for the same file's policy file: look it up once per file.
    located = ctx.memo(("policy-file",), lambda: policy_file(ctx.file))
    if located is not None:
        found += _file_policies(located)
    return found


def check_policy_sources(config, files) -> None:
    """Read every policy source a run will use, so a broken one is a configuration error
    (exit 2) before any file is checked, not a crash of each gate rule on each file."""
    forget_policy_files()
    if not any(rule in config.rules for rule in POLICY_RULES):
        return  # no rule reads them (config.rules holds the rules that are on)
    for rule in POLICY_RULES:
        setting = config.rules.get(rule)
        if setting is not None and setting.options:
            _policies(setting.options, f"rule {rule} options")
    if config.settings.get("gates"):
        _policies(config.settings["gates"], "[tool.metis-bpmn.gates]")
    for located in sorted({policy_file(str(f)) for f in files} - {None}):
        _file_policies(located)
