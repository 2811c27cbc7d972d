"""Data a person gives a step (``--set key=value``), read against the fields the step
declares, before anything runs: a refused answer changes nothing.

A step that declares fields gets exactly them: every required one, no other key, each value
converted to its type (``no`` is False, an enum value must be one of its values exactly).
A step that declares none (a BPMN file from elsewhere) takes JSON values, or text.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from ..errors import UserError
from ..fsio import load_json
from ..model.fields import FieldSpec, InvalidValue, convert
from .serialize import check_data


def plain_value(raw: Any) -> Any:
    """An undeclared value: JSON if it parses (bounded), else the text itself."""
    if not isinstance(raw, str):
        return raw
    try:
        return load_json(raw.encode("utf-8"), "value")
    except UserError:
        return raw


def read_answers(specs: Iterable[FieldSpec], given: dict[str, Any], who: str,
                 note_exists: Callable[[str], bool] | None = None) -> dict[str, Any]:
    """The typed data for a step of ``who`` from the raw answers ``given``."""
    specs = {s.name: s for s in specs}
    if not specs:
        data = {key: plain_value(value) for key, value in given.items()}
        check_data(data, "--set")
        return data
    problems = [f"{who} does not ask for {key!r}; it asks for "
                f"{', '.join(s.describe() for s in specs.values())}"
                for key in given if key not in specs]
    data: dict[str, Any] = {}
    for key, value in given.items():
        if key in specs:
            try:
                data[key] = convert(specs[key], value)
            except InvalidValue as exc:
                problems.append(str(exc))
                continue
            if specs[key].type == "note" and note_exists and not note_exists(data[key]):
                problems.append(f"{key}: note {data[key]} does not exist in the vault")
    for spec in specs.values():  # a declared default stands in for an answer not given
        if spec.name not in given and spec.default is not None:
            data[spec.name] = spec.default
    missing = [s for s in specs.values()
               if s.required and s.name not in given and s.default is None]
    problems += [f"{who} needs {s.describe()}" + (f": {s.question}" if s.question else "")
                 for s in missing]
    if problems:
        raise UserError("; ".join(problems) + " (nothing was changed)")
    return data
