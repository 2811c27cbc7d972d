"""global: A root-level message, signal, error or escalation that is unnamed, unused or not unique

## What it finds
On the definitions: each root message, signal, error or escalation that has no name (a
missing `name` counts, unlike bpmnlint), that nothing refers to (event definitions; for a
message also message flows, send and receive tasks), or whose name another root element of
the same type also has. Same rule, name and messages as bpmnlint's `global`.

## Why it matters
Unused or unnamed globals are leftovers that confuse the next modeller; two messages with one
name are indistinguishable to a reader and to engines that correlate by name.

## Example
`<bpmn:message id="Message_1"/>` that no event or task uses.

## Fix
Name it, use it, or delete it; keep names unique per type.
"""

from collections import Counter

from ...finding import Severity
from ..rule import rule

KINDS = {"message", "signal", "error", "escalation"}


def _local(ref: str | None) -> str | None:
    return ref.rsplit(":", 1)[-1] if ref else ref


@rule("global", "A root-level message, signal, error or escalation that is unnamed, unused or "
      "not unique", module_doc=__doc__, default=Severity.WARNING, source="bpmnlint",
      category="structure")
def check(ctx):
    doc = ctx.document
    used = set()
    for node in doc.flow_nodes():
        for definition in getattr(node, "definitions", ()):
            used.add(_local(definition.ref))
        used.add(_local(node.attrs.get("messageRef")))
    for collaboration in doc.collaborations:
        for flow in collaboration.message_flows:
            used.add(_local(flow.message_ref))
    globals_ = [r for r in doc.root_elements if r.tag in KINDS]
    names = Counter((r.tag, (r.name or "").strip()) for r in globals_ if (r.name or "").strip())
    for element in globals_:
        name = (element.name or "").strip()
        if not name:
            yield ctx.finding(element, "Element is missing name")
        if element.id not in used:
            yield ctx.finding(element, "Element is unused")
        if name and names[(element.tag, name)] > 1:
            yield ctx.finding(element, "Element name is not unique")
