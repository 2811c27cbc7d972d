"""flow-reference-mismatch: A node's incoming/outgoing children disagree with the flows

## What it finds
A flow node that lists `<incoming>`/`<outgoing>` children (they are optional; nodes with none
are skipped) where the list disagrees with the sequence flows whose `targetRef`/`sourceRef`
is the node: a flow that ends (starts) at the node but is not listed, or a listed flow that
ends (starts) elsewhere or is not a sequence flow. Listed ids that exist nowhere are left to
`dangling-reference`.

## Why it matters
The two encodings of one graph say different things, and tools disagree about which to
believe: bpmnlint and bpmn-js build the graph from `<incoming>`/`<outgoing>`, engines
(SpiffWorkflow, Camunda) and metis-bpmn from `sourceRef`/`targetRef`. Lint results,
rendering and execution then describe different processes. It usually comes from editing the
XML by hand.

## Example
```xml
<bpmn:task id="Review">
  <bpmn:incoming>f1</bpmn:incoming>
  <bpmn:outgoing>f1</bpmn:outgoing>
</bpmn:task>
<bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review"/>
<bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End"/>
```

## Fix
Make the children list exactly the flows that end and start at the node (or delete all the
children; re-saving in a modeler regenerates them).
"""

from ...finding import Severity
from ..predicates import referenced
from ..rule import rule
from ...model.elements import SequenceFlow


@rule("flow-reference-mismatch", "A node's incoming/outgoing children disagree with the flows",
      module_doc=__doc__, default=Severity.ERROR, category="structure")
def check(ctx):
    doc = ctx.document
    for _, scope in doc.scopes():
        ends: dict[str, list[str]] = {}
        starts: dict[str, list[str]] = {}
        for flow in scope.flows:
            if flow.id and flow.target:
                ends.setdefault(flow.target, []).append(flow.id)
            if flow.id and flow.source:
                starts.setdefault(flow.source, []).append(flow.id)
        for node in scope.nodes:
            if not node.id or not (node.incoming or node.outgoing):
                continue
            for child, listed, actual in (("incoming", node.incoming, ends.get(node.id, [])),
                                          ("outgoing", node.outgoing, starts.get(node.id, []))):
                if not _agrees(doc, node.id, child, listed, actual):
                    yield from _compare(ctx, doc, node, child, listed, actual)


def _agrees(doc, node_id: str, child: str, listed: tuple[str, ...], actual: list[str]) -> bool:
    """The common case, told cheaply: every listed id is a sequence flow that ends (starts)
    at the node, and every flow that does is listed. (Else :func:`_compare` says what is
    wrong.)"""
    end = "target" if child == "incoming" else "source"
    for ref in listed:
        flow = doc.elements.get(ref)
        if type(flow) is not SequenceFlow or getattr(flow, end) != node_id:
            return False
    return set(actual) <= set(listed)


def _compare(ctx, doc, node, child: str, listed: tuple[str, ...], actual: list[str]):
    end = "targetRef" if child == "incoming" else "sourceRef"
    verb = "ends" if child == "incoming" else "starts"
    listed_ids = set()
    for ref in listed:
        flow = referenced(doc, ref)
        if flow is None:
            continue  # dangling-reference reports it
        listed_ids.add(flow.id)
        if not isinstance(flow, SequenceFlow):
            yield ctx.finding(node, f"<{child}> lists {ref} (<{flow.tag}>), which is not a "
                                    "sequence flow", attribute=child,
                              hint=f"Remove {ref} from <{child}>")
            continue
        where = flow.target if child == "incoming" else flow.source
        if referenced(doc, where) is not node and where != node.id:
            yield ctx.finding(node, f"<{child}> lists {ref}, but its {end} is "
                                    f"{where or 'missing'}", attribute=child,
                              hint=f"Remove {ref} from <{child}>, or fix the flow's {end}")
    for flow_id in actual:
        if flow_id not in listed_ids:
            yield ctx.finding(node, f"Sequence flow {flow_id} {verb} here but is not listed in "
                                    f"<{child}>", attribute=child,
                              hint=f"Add <{child}>{flow_id}</{child}>")
