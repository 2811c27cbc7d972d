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

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from ..errors import UserError
from ..fsio import load_toml, within
from ..schema import Boolean, Custom, Field, ListOf, MapOf, Obj, OneOf, Text, problems
from ..vocabulary import STATUS_ORDER, normalise
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


GLOBS = OneOf((Text(), ListOf(Text())), describe="a glob or a list of globs")
SELECTOR = Obj({**{key: Field(GLOBS, False) for key in sorted(selectors.KEYS - {"property"})},
                "property": Field(MapOf(GLOBS), False)}, nonempty=True,
               describe="a selector table")
# metis-gates.toml, and the same tables in the rules' options and [tool.metis-bpmn.gates].
SHAPE = Obj({
    "policy": Field(ListOf(Obj({
        "name": Field(Text(), False), "steps": Field(SELECTOR), "gate": Field(SELECTOR),
        "process": Field(GLOBS, False), "message": Field(Text(), False),
    })), False, "[[policy]]: steps a gate must guard"),
    "irreversible-ends": Field(Obj({"ends": Field(SELECTOR), "approval": Field(SELECTOR)}),
                               False, "end events that need an approval before them"),
    "conform": Field(Obj({"map": Field(ListOf(Obj({
        "step": Field(SELECTOR), "area": Field(GLOBS, False),
        "status": Field(Custom(lambda v: None if isinstance(v, str) and normalise(v) else
                               f"must be one of {', '.join(STATUS_ORDER)}"), False),
        "kind": Field(GLOBS, False), "notes": Field(GLOBS, False),
        "silent": Field(Boolean(), False), "process": Field(GLOBS, False),
    })), False)}), False, "[[conform.map]]: how steps show in the vault"),
})


def _policies(table: Mapping[str, Any], where: str) -> list[Policy]:
    found = problems(SHAPE, dict(table))
    if found:
        raise UserError(f"{where}: " + "; ".join(found))
    policies = [Policy(str(entry.get("name", f"policy-{index}")), entry["steps"],
                       entry["gate"], selectors.one_or_many(entry.get("process", "*")),
                       entry.get("message"))
                for index, entry in enumerate(table.get("policy", []), 1)]
    ends = table.get("irreversible-ends")
    if ends is not None:
        policies.append(Policy("irreversible-ends", {**ends["ends"], "type": "endEvent"},
                               ends["approval"],
                               message="irreversible work finishes without an approval"))
    return policies


def read_gates_file(path: Path) -> dict:
    """A metis-gates.toml, checked against :data:`SHAPE` (every error at once)."""
    table = load_toml(path)
    found = problems(SHAPE, table)
    if found:
        raise UserError(f"{path}: " + "; ".join(found))
    return table


@lru_cache(maxsize=64)
def _file_policies(path: Path) -> tuple[Policy, ...]:
    return tuple(_policies(read_gates_file(path), str(path)))


def policy_file(bpmn_file: str) -> Path | None:
    """The nearest policy file in the BPMN file's folder or above it, up to the working
    directory."""
    found = _policy_of_folder(os.path.dirname(bpmn_file), os.getcwd())
    # (Most folders have none: only then is it worth a system call to rule out stdin.)
    return found if found is not None and os.path.exists(bpmn_file) else None


@lru_cache(maxsize=4096)
def _policy_of_folder(folder: str, cwd: str) -> Path | None:
    # Making the path absolute and resolving its symlinks (a system call per component):
    # once per folder.
    return _policy_above(os.path.realpath(os.path.abspath(folder)), os.path.realpath(cwd))


_ABOVE: dict[tuple[str, str], Path | None] = {}  # (folder, stop) -> its policy file


def _policy_above(folder: str, stop: str) -> Path | None:
    """The nearest policy file in ``folder`` or above it, up to ``stop``. Known per folder
    for one run (a corpus has thousands of files in a few hundred folders), found by a loop
    up the folders, not a call per level (a folder nested 1,500 deep is legal);
    :func:`forget_policy_files` starts a new run."""
    here, passed, found = Path(folder), [], None
    while (str(here), stop) not in _ABOVE:
        passed.append(str(here))
        candidate = here / POLICY_FILE
        if candidate.is_file():
            if not within(here, candidate):  # the gates of a folder are written in it
                raise UserError(f"{candidate} leads out of its folder (a symbolic link); "
                                "refused")
            found = candidate
            break
        if str(here) == stop or here == here.parent:
            break
        here = here.parent
    else:  # (a folder on the way was looked up already)
        found = _ABOVE[str(here), stop]
    for name in passed:
        _ABOVE[name, stop] = found
    return found


def forget_policy_files() -> None:
    """Policy files may have changed since the last run."""
    _policy_of_folder.cache_clear()
    _ABOVE.clear()


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
