"""dead-end: A flow element from which the process can never finish

## What it finds
A reachable task, event or gateway from which no end can be reached: every path from it
runs into a loop with no way out (see `livelock`, reported on the loop itself). Ends are end
events and, as BPMN allows, elements without outgoing flows (`no-implicit-end` reports those
as style). The path leads from the element to the trap.

## Why it matters
Work that reaches this element can never complete; the instance stays open forever.

## Example
```xml
<bpmn:exclusiveGateway id="Check" name="OK?"/>
<bpmn:task id="Retry" name="Retry"/>
<bpmn:exclusiveGateway id="Loop"/>
<!-- Check -> Retry -> Loop -> Retry ...: nothing leaves Retry/Loop -->
```

## Fix
Route the element (or the loop it leads into) to an end event.
"""

from ...graph.reachability import EVIDENCE_LIMIT, distances_to, nearest_path
from ...finding import Severity
from ..flowgraph import scope_facts, trapped_in
from ..predicates import label
from ..rule import rule


@rule("dead-end", "A flow element from which the process can never finish", module_doc=__doc__,
      default=Severity.ERROR, category="soundness")
def check(ctx):
    for facts in scope_facts(ctx):
        trapped = {n for cycle in trapped_in(ctx, facts) for n in cycle}
        distance = None  # (to the trapped cycles: one search for every dead end of the scope)
        for node in facts.scope.nodes:
            if not node.id or node.id not in facts.reachable or node.id in facts.finishing \
                    or node.id in trapped:
                continue
            distance = distances_to(facts.graph, trapped) if distance is None else distance
            path = nearest_path(facts.graph, node.id, distance, EVIDENCE_LIMIT)
            yield ctx.finding(node, f"{label(node)} can never reach an end event",
                              evidence=tuple(path))
