"""Every XML namespace metis-bpmn knows, in one place."""

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# Colour extensions written by bpmn-js (bioc) and by the BPMN-in-Color spec (color).
BIOC = "http://bpmn.io/schema/bpmn/biocolor/1.0"
COLOR = "http://www.omg.org/spec/BPMN/non-normative/color/1.0"

# metis-bpmn's own extension (field declarations, open questions); vendor extensions
# (camunda:, zeebe:, spiffworkflow:) are kept raw and need no names here.
METIS = "https://metis-bpmn.dev/schema/1.0"

# Namespaces of documents that look like BPMN but are not BPMN 2.0 MODEL.
BPMN_BETA = "http://schema.omg.org/spec/BPMN/2.0"


def q(ns: str, local: str) -> str:
    """Clark notation ``{ns}local``, the form lxml uses for tags and attributes."""
    return f"{{{ns}}}{local}"


def split(tag: str) -> tuple[str | None, str]:
    """Split a Clark-notation tag into (namespace, local name).

    >>> split("{http://x}task")
    ('http://x', 'task')
    >>> split("task")
    (None, 'task')
    """
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return None, tag
