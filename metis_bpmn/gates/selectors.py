"""Selectors pick elements for gate policies: by id, name, type, lane, kind or property.

A selector is a table; every key given must match (values may be a glob or a list of
globs, compared case-insensitively): ``id``, ``name``, ``type`` (``userTask`` or
``bpmn:userTask``), ``lane`` (lane name), ``kind`` (``metis:kind``), and ``property`` (a table
of extension property names to values).
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any, Mapping

from ..model.elements import Document, Element
from ..model.extensions import properties

KEYS = frozenset({"id", "name", "type", "lane", "kind", "property"})


def one_or_many(value: Any) -> tuple:
    """A value the configuration gives as one item or a list of items, as a tuple."""
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _globs(value: Any) -> list[str]:
    return [str(v).lower() for v in one_or_many(value)]


def _any(text: str | None, value: Any) -> bool:
    text = " ".join((text or "").split()).lower()
    return any(fnmatchcase(text, pattern) for pattern in _globs(value))


def lanes_of(document: Document) -> dict[str, list[str]]:
    """Element id -> names of the lanes (nested lanes included) that list it."""
    lanes: dict[str, list[str]] = {}
    for _, scope in document.scopes():
        for lane_set in scope.lane_sets:
            for lane in lane_set.walk():
                for ref in lane.flow_node_refs:
                    lanes.setdefault(ref, []).append(lane.name or lane.id or "")
    return lanes


def matches(element: Element, selector: Mapping[str, Any], lanes: Mapping[str, list[str]]) -> bool:
    props = None
    for key, value in selector.items():
        if key == "id" and not _any(element.id, value):
            return False
        if key == "name" and not _any(element.name, value):
            return False
        if key == "type" and not _any(element.tag, [str(v).split(":")[-1] for v in _globs(value)]):
            return False
        if key == "lane" and not any(_any(name, value) for name in lanes.get(element.id, [])):
            return False
        if key in ("kind", "property"):
            props = properties(element) if props is None else props
            if key == "kind" and not _any(props.get("kind"), value):
                return False
            if key == "property" and not all(_any(props.get(k), v) for k, v in value.items()):
                return False
    return True


def process_matches(process: Element, globs: Any, lanes: Mapping[str, list[str]]) -> bool:
    """True when a glob (or one of a list) matches the process's id or its name."""
    return any(matches(process, {key: glob}, lanes)
               for glob in one_or_many(globs) for key in ("id", "name"))
