"""The data a process declares (``metis:field``), once per file, and the conditions that
compare a declared field with constants: what the typed-data rules check."""

from __future__ import annotations

from typing import Iterator

from ..gates.conditions import constants
from ..gates.vocabulary import python_conditions
from ..model.elements import Process
from ..model.fields import FieldSpec, process_fields


def declared_fields(ctx, process: Process) -> dict[str, FieldSpec]:
    """The fields ``process`` declares, by name, computed once per file."""
    return ctx.memo(("fields", id(process)), lambda: process_fields(process))


def field_comparisons(ctx) -> Iterator[tuple[object, str, FieldSpec, list]]:
    """(condition, field name, its declaration, the constants compared with it) for every
    declared field a Python condition of the document compares with constants."""
    for condition in python_conditions(ctx.document):
        declared = declared_fields(ctx, condition.process)
        for name, values in (constants(condition.expression.body) or {}).items():
            spec = declared.get(name)
            if spec is not None:
                yield condition, name, spec, values
