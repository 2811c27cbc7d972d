"""Read the few things metis-bpmn needs from raw extension elements and vendor attributes."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from . import namespaces as ns
from .elements import Element
from .parse import parse_tree


@lru_cache(maxsize=4096)
def _properties(raw: bytes) -> tuple[tuple[str, str], ...]:
    try:
        root = parse_tree(raw)
    except etree.XMLSyntaxError:
        return ()
    found = []
    for element in root.iter(etree.Element):
        if ns.split(element.tag)[1] == "property" and element.get("name") is not None:
            found.append((element.get("name"), element.get("value", "")))
    return tuple(found)


def extension_properties(element: Element) -> tuple[tuple[str, str], ...]:
    """``<camunda:property>``/``<spiffworkflow:property>`` name/value pairs in an element's
    extension elements, in document order."""
    # Serialised, a property element names itself: most extensions hold none.
    return _properties(element.extensions) if b"property" in element.extensions else ()


def properties(element: Element) -> dict[str, str]:
    """Name/value properties of an element: ``metis:`` attributes (``metis:kind="spec"``)
    and ``<camunda:property>``/``<spiffworkflow:property>`` in its extension elements."""
    found = dict(extension_properties(element))
    prefix = "{" + ns.METIS + "}"
    for key, value in element.attrs.items():
        if key.startswith(prefix):
            found[key[len(prefix):]] = value
    return found
