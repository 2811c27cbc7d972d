"""Declared data fields: what a task asks for, typed, and how a typed answer is read.

A task declares each field it sets with a ``metis:field`` extension element::

    <bpmn:extensionElements>
      <metis:field name="level_ok" type="boolean" question="Is the work at the phase's level?"/>
      <metis:field name="output_kind" type="enum" values="brainstorm, consolidation,
                   implementation-spec" question="What did the session write?"/>
    </bpmn:extensionElements>

Types: ``boolean``, ``integer``, ``number``, ``text``, ``enum`` (with ``values``), ``note``
(a vault-relative note path) and ``date`` (YYYY-MM-DD). Fields are required unless
``required="false"``. :func:`convert` reads an answer typed by a person (``yes``, ``3``,
``implementation-spec``) as the field's value, or says exactly why it cannot.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import PurePosixPath

from lxml import etree

from . import namespaces as ns
from .elements import Element
from .parse import parse_tree

TYPES = ("boolean", "integer", "number", "text", "enum", "note", "date")
_TRUE = frozenset({"yes", "true", "y", "1"})
_FALSE = frozenset({"no", "false", "n", "0"})
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_TEXT = 10_000


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    type: str
    values: tuple[str, ...] = ()
    required: bool = True
    question: str = ""
    line: int = 0
    default: object = None  # the value taken when none is given (already converted)

    def as_json(self) -> dict:
        out = {"name": self.name, "type": self.type, "values": list(self.values),
               "required": self.required, "question": self.question}
        if self.default is not None:
            out["default"] = self.default
        return out

    def describe(self) -> str:
        """``level_ok (yes/no)``, ``output_kind (brainstorm | consolidation)``."""
        kinds = {"boolean": "yes/no", "enum": " | ".join(self.values), "note": "a note path",
                 "date": "YYYY-MM-DD", "integer": "a whole number", "number": "a number",
                 "text": "text"}
        optional = ", optional" if not self.required else ""
        default = f", default {self.default}" if self.default is not None else ""
        return f"{self.name} ({kinds[self.type]}{optional}{default})"


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A declaration metis-bpmn cannot use; ``line`` is the ``metis:field`` element's."""

    message: str
    line: int


class InvalidValue(ValueError):
    """An answer that is not a value of its field; the message says what would be."""


def _split_values(raw: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in raw.split(",") if v.strip())


_METIS_URI = ns.METIS.encode()


@lru_cache(maxsize=4096)
def _declared(raw: bytes) -> tuple[tuple[FieldSpec, ...], tuple[FieldProblem, ...]]:
    try:
        root = parse_tree(raw)
    except etree.XMLSyntaxError:
        return (), ()
    specs, problems, seen = [], [], set()
    for element in root.iter(ns.q(ns.METIS, "field")):
        line, name = element.sourceline or 0, (element.get("name") or "").strip()
        kind = (element.get("type") or "text").strip()
        values = _split_values(element.get("values") or "")
        required = (element.get("required") or "true").strip().lower()
        why = None
        if not _NAME.fullmatch(name):
            why = f"field name {name!r} is not a name (a letter, then letters, digits or _)"
        elif name in seen:
            why = f"field {name!r} is declared twice on this element"
        elif kind not in TYPES:
            why = f"field {name!r} has type {kind!r}; use one of {', '.join(TYPES)}"
        elif kind == "enum" and not values:
            why = f"enum field {name!r} lists no values (values=\"a, b\")"
        elif kind != "enum" and values:
            why = f"field {name!r} lists values but is of type {kind}, not enum"
        elif required not in ("true", "false"):
            why = f"field {name!r}: required must be true or false, not {required!r}"
        spec = FieldSpec(name, kind, values, required == "true",
                         " ".join((element.get("question") or "").split()), line)
        if why is None and element.get("default") is not None:
            try:
                spec = replace(spec, default=convert(spec, element.get("default")))
            except InvalidValue as exc:
                why = f"field {name!r}: the default is not a value of it ({exc})"
        if why:
            problems.append(FieldProblem(why, line))
            continue
        seen.add(name)
        specs.append(spec)
    return tuple(specs), tuple(problems)


def _in_file(line: int, element: Element) -> int:
    """A line of the serialised extensions as a line of the file."""
    return element.extensions_line + line - 1 if element.extensions_line and line else 0


def _marked(element: Element) -> bool:
    """Whether its extensions can hold metis elements: serialised, they name the namespace.
    (Most extensions are a vendor's; not parsing them again is most of these reads.)"""
    return _METIS_URI in element.extensions


def fields(element: Element) -> tuple[FieldSpec, ...]:
    """The fields an element declares (declarations with problems left out)."""
    if not _marked(element):
        return ()
    return tuple(replace(s, line=_in_file(s.line, element))
                 for s in _declared(element.extensions)[0])


def field_problems(element: Element) -> tuple[FieldProblem, ...]:
    """What is wrong with an element's field declarations."""
    if not _marked(element):
        return ()
    return tuple(FieldProblem(p.message, _in_file(p.line, element))
                 for p in _declared(element.extensions)[1])


def process_fields(process) -> dict[str, FieldSpec]:
    """Every field declared in a process (its own inputs and its steps'), by name; the first
    declaration of a name wins."""
    found = {spec.name: spec for spec in fields(process)}
    for scope in process.scope.walk():
        for node in scope.nodes:
            for spec in fields(node):
                found.setdefault(spec.name, spec)
    return found


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """A part of a process the project has not decided yet: ``<metis:open-question
    question="PR merge policy" draft="all quality gates green and one approval"/>`` on the
    element that encodes the current draft answer."""

    question: str
    draft: str
    line: int


@lru_cache(maxsize=4096)
def _open(raw: bytes) -> tuple[OpenQuestion, ...]:
    try:
        root = parse_tree(raw)
    except etree.XMLSyntaxError:
        return ()
    return tuple(OpenQuestion(" ".join((e.get("question") or "").split()),
                              " ".join((e.get("draft") or "").split()), e.sourceline or 0)
                 for e in root.iter(ns.q(ns.METIS, "open-question")))


def open_questions(element: Element) -> tuple[OpenQuestion, ...]:
    """The open questions an element is marked with."""
    if not _marked(element):
        return ()
    return tuple(replace(q, line=_in_file(q.line, element)) for q in _open(element.extensions))


def near(answer: str, options) -> str:
    """" (did you mean 'x'?)" for a near miss, else ""."""
    folded = {o.lower().replace("_", "-").replace(" ", "-"): o for o in options}
    key = answer.strip().lower().replace("_", "-").replace(" ", "-")
    found = folded.get(key) or next(iter(difflib.get_close_matches(key, folded, n=1)), None)
    if found is not None and found in folded:
        found = folded[found]
    return f" (did you mean {found!r}?)" if found else ""


def convert(spec: FieldSpec, answer: object):
    """The value of ``spec`` that ``answer`` (text typed by a person, or a JSON value) stands
    for; raises :class:`InvalidValue` with what would be accepted.

    >>> convert(FieldSpec("ok", "boolean"), "No"), convert(FieldSpec("n", "integer"), "3")
    (False, 3)
    >>> convert(FieldSpec("k", "enum", ("implementation-spec",)), "implementation spec")
    Traceback (most recent call last):
    ...
    metis_bpmn.model.fields.InvalidValue: k must be one of implementation-spec, not 'implementation spec' (did you mean 'implementation-spec'?)
    """
    kind = spec.type
    text = answer.strip() if isinstance(answer, str) else answer
    if kind == "boolean":
        if isinstance(text, bool):
            return text
        if isinstance(text, str) and text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise InvalidValue(f"{spec.name} must be yes or no (true/false), not {_shown(answer)}")
    if kind in ("integer", "number"):
        return _number(spec, text, answer)
    if not isinstance(text, str):
        raise InvalidValue(f"{spec.name} must be text, not {_shown(answer)}")
    if kind == "enum":
        if text in spec.values:
            return text
        raise InvalidValue(f"{spec.name} must be one of {', '.join(spec.values)}, not "
                           f"{_shown(answer)}{near(text, spec.values)}")
    if kind == "date":
        try:
            if not _DATE.fullmatch(text):
                raise ValueError
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise InvalidValue(f"{spec.name} must be a date YYYY-MM-DD, not {_shown(answer)}")
    if kind == "note":
        path = PurePosixPath(text)
        if not text or path.is_absolute() or ".." in path.parts or "\\" in text:
            raise InvalidValue(f"{spec.name} must be a note path inside the vault "
                               f"(like session-handoffs/x.md), not {_shown(answer)}")
    if len(text) > MAX_TEXT:
        raise InvalidValue(f"{spec.name} is longer than {MAX_TEXT:,} characters")
    if spec.required and not text:
        raise InvalidValue(f"{spec.name} must not be empty")
    return text


def _number(spec: FieldSpec, text: object, answer: object):
    if isinstance(text, bool):
        raise InvalidValue(f"{spec.name} must be a number, not {_shown(answer)}")
    if isinstance(text, str):
        if len(text) > 40:
            raise InvalidValue(f"{spec.name} has more digits than a number may")
        try:
            text = int(text) if re.fullmatch(r"[-+]?\d+", text) else float(text)
        except ValueError:
            raise InvalidValue(f"{spec.name} must be "
                               f"{'a whole number' if spec.type == 'integer' else 'a number'}, "
                               f"not {_shown(answer)}")
    if isinstance(text, float) and not math.isfinite(text):
        raise InvalidValue(f"{spec.name} must be a finite number")
    if spec.type == "integer":
        if isinstance(text, float) and text.is_integer():
            text = int(text)
        if not isinstance(text, int):
            raise InvalidValue(f"{spec.name} must be a whole number, not {_shown(answer)}")
        return text
    if not isinstance(text, (int, float)):
        raise InvalidValue(f"{spec.name} must be a number, not {_shown(answer)}")
    return text


def _shown(answer: object) -> str:
    text = repr(answer)
    return text if len(text) <= 60 else text[:57] + "..."
