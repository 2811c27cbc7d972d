"""The event log as XES (IEEE 1849-2016), which pm4py and other process-mining tools read.

A trace per case (``concept:name`` = the case); an event per step with ``concept:name`` (the
activity), ``time:timestamp`` (when the vault shows it; left out when no time is known),
``org:resource`` (who), and ``metis:element`` / ``metis:source`` (the BPMN element, the
note or commit that shows it). Text from the vault is escaped by lxml, and characters XML
cannot hold are dropped.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from lxml import etree

from .mapping import Event

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EXTENSIONS = (("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
               ("Time", "time", "http://www.xes-standard.org/time.xesext"),
               ("Organizational", "org", "http://www.xes-standard.org/org.xesext"))


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def timestamp(time: str) -> str | None:
    """An ISO 8601 date-time for a log time (a day starts at midnight UTC)."""
    if not time:
        return None
    return f"{time}T00:00:00+00:00" if len(time) == 10 else time.replace("Z", "+00:00")


def _attribute(parent, tag: str, key: str, value: str) -> None:
    etree.SubElement(parent, tag, key=key, value=xml_text(value))


def render(cases: Mapping[str, Sequence[Event]]) -> bytes:
    log = etree.Element("log", {"xes.version": "1.0", "xes.features": "nested-attributes",
                                "xmlns": "http://www.xes-standard.org/"})
    for name, prefix, uri in _EXTENSIONS:
        etree.SubElement(log, "extension", name=name, prefix=prefix, uri=uri)
    etree.SubElement(log, "classifier", name="Activity", keys="concept:name")
    _attribute(log, "string", "concept:name", "metis-bpmn conform")
    for case, events in cases.items():
        trace = etree.SubElement(log, "trace")
        _attribute(trace, "string", "concept:name", case)
        for event in events:
            node = etree.SubElement(trace, "event")
            _attribute(node, "string", "concept:name", event.activity)
            stamp = timestamp(event.time)
            if stamp:
                _attribute(node, "date", "time:timestamp", stamp)
            if event.by:
                _attribute(node, "string", "org:resource", event.by)
            _attribute(node, "string", "metis:element", event.element)
            _attribute(node, "string", "metis:source", event.source)
    return etree.tostring(log, xml_declaration=True, encoding="UTF-8", pretty_print=True)
