"""livelock: A loop that tokens can enter but never leave

## What it finds
A cycle of the flow graph, reachable from a start, with no flow leaving it and no end inside:
once a token enters, the process runs around it forever and can never complete. The path
leads from a start into the loop and once around it. The token game also finds the loops
whose exits exist but can never be used (for example an exit through a parallel join that
the loop never feeds): a reachable state from which the process can neither complete nor
get stuck; and loops that make tokens faster than they leave, such as a parallel split in the
loop that feeds both the exit and the loop again on every pass, so that no run ever completes
(these come with lack-of-synchronization findings, which are the symptom). (Conditions are not
evaluated: every exclusive exit is assumed possible.)

## Why it matters
The process can never finish. Engines do not detect it: SpiffWorkflow's engine loop never
returns when the loop has no person or wait in it, and a session with a person in it
asks for the same steps again and again.

## Example
```xml
<bpmn:startEvent id="Start"/>
<bpmn:exclusiveGateway id="Again"/>
<bpmn:task id="Draft" name="Draft"/>
<bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Again"/>
<bpmn:sequenceFlow id="f2" sourceRef="Again" targetRef="Draft"/>
<bpmn:sequenceFlow id="f3" sourceRef="Draft" targetRef="Again"/>
```

## Fix
Give the loop an exit: a gateway branch that leaves it toward an end.
"""

from ...graph.reachability import EVIDENCE_LIMIT, search_tree, shortest_path_from, tree_path
from ..behaviour import results
from ...finding import Severity
from ..flowgraph import scope_facts, trapped_in
from ..predicates import label
from ..rule import rule


@rule("livelock", "A loop that tokens can enter but never leave", module_doc=__doc__,
      default=Severity.ERROR, category="soundness")
def check(ctx):
    # A loop whose token gets stuck in it (a receiver that no second message reaches) is the
    # token game's deadlock, not a livelock.
    stuck = {d.node for item in results(ctx) for d in item.result.defects
             if d.kind == "deadlock"}
    for facts in scope_facts(ctx):
        tree = None  # one search from the entries serves every cycle of the scope
        for cycle in trapped_in(ctx, facts):
            if not set(cycle) & facts.reachable or set(cycle) & stuck:
                continue
            members = set(cycle)
            tree = search_tree(facts.graph, facts.entries) if tree is None else tree
            best = _nearest(tree, cycle)
            entry = best[-1] if best else cycle[0]
            around = shortest_path_from(facts.graph.subgraph(members),
                                        [s for s in facts.graph.successors(entry) if s in members],
                                        entry)
            path = tuple(best + around) if best else tuple(cycle)
            name = label(ctx.document.get(entry), entry)
            yield ctx.finding(entry, f"Livelock: once a token reaches {name}, it loops forever "
                                     "(no flow leaves this cycle)", evidence=path,
                              hint="add an exit from the loop toward an end event")
    structural = {n for facts in scope_facts(ctx)
                  for cycle in trapped_in(ctx, facts) for n in cycle}
    for item in results(ctx):
        for defect in item.result.defects:
            if defect.kind == "livelock" and defect.node not in structural:
                name = label(ctx.document.get(defect.node), defect.node)
                yield ctx.finding(defect.node, f"Livelock: from here ({name}) the process can "
                                               "never complete, it can only keep looping",
                                  evidence=defect.path,
                                  hint="give the loop an exit that its tokens can take")


def _nearest(tree, cycle: list[str]) -> list[str]:
    """The shortest way in from the entries to the cycle, the first in id order among equals
    ([] if none): built only for the members nearest the entries."""
    reached = [n for n in cycle if n in tree]
    if not reached:
        return []
    nearest = min(tree[n][1] for n in reached)
    return min(tree_path(tree, n, EVIDENCE_LIMIT) for n in reached if tree[n][1] == nearest)
