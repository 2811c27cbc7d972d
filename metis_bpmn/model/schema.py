"""Validation against the OMG BPMN 2.0 XML Schemas (BPMN20.xsd and the files it includes).

The schemas are shipped in this package (``metis_bpmn/model/xsd/``, copied from SpiffWorkflow
3.2.0; see the README there), so a schema check does not import SpiffWorkflow. They are
compiled once per process on first use and never fetched from the network.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from lxml import etree

from . import namespaces as ns
from ..finding import Finding
from .parse import _parser, problem

_PREFIXES = {ns.BPMN: "bpmn", ns.BPMNDI: "bpmndi", ns.DC: "dc", ns.DI: "di", ns.XSI: "xsi"}


def _error(line: int | None, message: str) -> Finding:
    """One schema validity error, with the line libxml2 reports for it."""
    return problem("schema-violation", message, line)


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    main = resources.files(__package__) / "xsd" / "BPMN20.xsd"
    # The includes (Semantic.xsd, BPMNDI.xsd, ...) resolve relative to a real file path.
    with resources.as_file(main) as path:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        return etree.XMLSchema(etree.parse(str(path), parser))


def shorten(message: str) -> str:
    """Write the standard namespaces as prefixes, as they appear in BPMN files.

    >>> shorten("Element '{http://www.omg.org/spec/BPMN/20100524/MODEL}task': not expected.")
    "Element 'bpmn:task': not expected."
    """
    for uri, prefix in _PREFIXES.items():
        message = message.replace("{" + uri + "}", prefix + ":")
    return message


def schema_errors(source: bytes) -> tuple[Finding, ...]:
    """Every schema validity error of a BPMN document, in document order, without repeats.

    Malformed input gives no errors here: the parser reports it.
    """
    try:
        root = etree.fromstring(source, _parser())
    except (etree.XMLSyntaxError, ValueError):
        return ()
    schema = _schema()
    try:
        if schema.validate(root):
            return ()
    except etree.XMLSchemaValidateError as exc:  # libxml2 gives up on unresolved entities
        entity = next(root.iter(etree.Entity), None)
        why = str(exc) if entity is None else f"unresolved entity reference {entity.text}"
        line = entity.sourceline if entity is not None else root.sourceline
        return (_error(line, f"Cannot validate against the BPMN 2.0 schema: {why}"),)
    seen: set[tuple[int | None, str]] = set()
    errors = []
    for entry in schema.error_log:
        key = (entry.line or None, shorten(entry.message))
        if key not in seen:
            seen.add(key)
            errors.append(_error(*key))
    return tuple(errors)
