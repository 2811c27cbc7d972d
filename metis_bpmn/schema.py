"""Declarative shapes for the files metis-bpmn reads (session records, configuration), and
one checker that reports every mismatch at once with its key path.

A shape is data: the docs can list it and the checker is the only code that walks it, so a
new key is one line, never a new ``isinstance`` branch somewhere.

>>> shape = Obj({"id": Field(Text(pattern=r"[a-z]+")), "n": Field(Number(minimum=0), False)})
>>> for problem in problems(shape, {"id": "A", "n": -1, "x": 1}): print(problem)
id: must match [a-z]+, not 'A'
n: must be at least 0
x: unknown key (known: id, n)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping


class Shape:
    """What a value must look like; ``describe`` is how messages and docs name it."""

    describe = "a value"

    def check(self, value: Any, path: str, out: list[str]) -> None:
        raise NotImplementedError


def _at(path: str, message: str) -> str:
    return f"{path}: {message}" if path else message


@dataclass(frozen=True)
class Anything(Shape):
    describe: str = "any value"

    def check(self, value, path, out) -> None:
        return None


@dataclass(frozen=True)
class Boolean(Shape):
    describe: str = "true or false"

    def check(self, value, path, out) -> None:
        if not isinstance(value, bool):
            out.append(_at(path, f"must be {self.describe}"))


@dataclass(frozen=True)
class Number(Shape):
    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None
    describe: str = ""

    def check(self, value, path, out) -> None:
        kinds = (int,) if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            what = self.describe or ("a whole number" if self.integer else "a number")
            out.append(_at(path, f"must be {what}"))
        elif self.minimum is not None and value < self.minimum:
            out.append(_at(path, f"must be at least {self.minimum:g}"))
        elif self.maximum is not None and value > self.maximum:
            out.append(_at(path, f"must be at most {self.maximum:g}"))


@dataclass(frozen=True)
class Text(Shape):
    pattern: str | None = None
    choices: tuple[str, ...] = ()
    max_length: int = 100_000
    nullable: bool = False
    describe: str = "text"

    def check(self, value, path, out) -> None:
        if value is None and self.nullable:
            return
        if not isinstance(value, str):
            out.append(_at(path, f"must be {self.describe}"))
        elif len(value) > self.max_length:
            out.append(_at(path, f"must be at most {self.max_length:,} characters"))
        elif self.choices and value not in self.choices:
            out.append(_at(path, f"must be one of {', '.join(self.choices)}, not {value!r}"))
        elif self.pattern and not re.fullmatch(self.pattern, value):
            out.append(_at(path, f"must match {self.pattern}, not {value[:40]!r}"))


@dataclass(frozen=True)
class ListOf(Shape):
    item: Shape
    max_items: int = 100_000
    describe: str = "a list"

    def check(self, value, path, out) -> None:
        if not isinstance(value, list):
            out.append(_at(path, f"must be {self.describe}"))
            return
        if len(value) > self.max_items:
            out.append(_at(path, f"must have at most {self.max_items:,} items"))
            return
        for index, item in enumerate(value):
            self.item.check(item, f"{path}[{index}]", out)


@dataclass(frozen=True)
class MapOf(Shape):
    value: Shape
    key_pattern: str | None = None
    describe: str = "a table"

    def check(self, value, path, out) -> None:
        if not isinstance(value, dict):
            out.append(_at(path, f"must be {self.describe}"))
            return
        for key, item in value.items():
            if not isinstance(key, str) or (self.key_pattern
                                             and not re.fullmatch(self.key_pattern, key)):
                out.append(_at(path, f"key {str(key)[:40]!r} is not allowed"))
                continue
            self.value.check(item, f"{path}.{key}" if path else key, out)


@dataclass(frozen=True)
class Field:
    shape: Shape
    required: bool = True
    doc: str = ""


@dataclass(frozen=True)
class Obj(Shape):
    fields: Mapping[str, Field]
    extra: bool = False  # unknown keys allowed (kept, not checked)
    describe: str = "a table"
    nonempty: bool = False  # at least one key (a selector that selects by something)

    def check(self, value, path, out) -> None:
        if not isinstance(value, dict):
            out.append(_at(path, f"must be {self.describe}"))
            return
        if self.nonempty and not value:
            out.append(_at(path, f"must give at least one of {', '.join(self.fields)}"))
        for name, spec in self.fields.items():
            where = f"{path}.{name}" if path else name
            if name in value:
                spec.shape.check(value[name], where, out)
            elif spec.required:
                out.append(_at(where, "is missing"))
        if not self.extra:
            for name in value:
                if name not in self.fields:
                    where = f"{path}.{name}" if path else str(name)
                    close = difflib.get_close_matches(str(name), list(self.fields), n=1)
                    known = f"did you mean {close[0]!r}?" if close \
                        else f"known: {', '.join(self.fields)}"
                    out.append(_at(where, f"unknown key ({known})"))


@dataclass(frozen=True)
class OneOf(Shape):
    options: tuple[Shape, ...]
    describe: str = ""

    def check(self, value, path, out) -> None:
        for option in self.options:
            found: list[str] = []
            option.check(value, path, found)
            if not found:
                return
        what = self.describe or " or ".join(o.describe for o in self.options)
        out.append(_at(path, f"must be {what}"))


@dataclass(frozen=True)
class Custom(Shape):
    """A check that is not a shape (a glob, a path): returns a message or None."""

    test: Callable[[Any], str | None] = field(default=lambda value: None)
    describe: str = "a value"

    def check(self, value, path, out) -> None:
        message = self.test(value)
        if message:
            out.append(_at(path, message))


def problems(shape: Shape, value: Any) -> list[str]:
    """Every way ``value`` differs from ``shape``, each with its key path."""
    out: list[str] = []
    shape.check(value, "", out)
    return out
