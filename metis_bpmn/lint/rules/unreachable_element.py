"""unreachable-element: A flow element that no start can ever reach

## What it finds
A task, event, gateway or sub-process that cannot be reached from any start of its process or
sub-process along sequence flows, also counting boundary events (reached through their host),
link events (a catch is reached from its throw), event sub-processes and message or timer
starts as entries. Compensation handlers and children of ad-hoc sub-processes are exempt.
Scopes without any start are left to `start-event-required`. The finding's path shows the
chain the unreachable part hangs from.

## Why it matters
An unreachable step never runs: the diagram promises work that the process cannot do.
Engines do not complain (SpiffWorkflow silently ignores unreachable elements), so the gap is
found only when someone wonders why the step never happened.

## Example
```xml
<bpmn:startEvent id="Start"/>
<bpmn:task id="Write" name="Write spec"/>
<bpmn:task id="Review" name="Review spec"/>
<bpmn:endEvent id="Done"/>
<bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Write"/>
<bpmn:sequenceFlow id="f2" sourceRef="Write" targetRef="Done"/>
<bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="Done"/>
```
(`Review` has no way in.)

## Fix
Connect the element to the flow that should lead to it, or delete it.
"""

from ...graph.reachability import orphan_chain, orphan_chains
from ...finding import Severity
from ..flowgraph import is_exempt, scope_facts
from ..predicates import label
from ..rule import rule


@rule("unreachable-element", "A flow element that no start can ever reach", module_doc=__doc__,
      default=Severity.ERROR, category="reachability")
def check(ctx):
    for facts in scope_facts(ctx):
        if not facts.entries:
            continue
        chains = None  # (searched once per scope, when the first unreachable node needs it)
        for node in facts.scope.nodes:
            if node.id and node.id not in facts.reachable and not is_exempt(node):
                chains = orphan_chains(facts.graph) if chains is None else chains
                chain = orphan_chain(chains, node.id)
                yield ctx.finding(node, f"{label(node)} cannot be reached from any "
                                        "start event", evidence=tuple(chain) if len(chain) > 1 else ())
