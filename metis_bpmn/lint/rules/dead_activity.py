"""dead-activity: A reachable step that no run can ever execute

## What it finds
A task, sub-process or call activity that the flow graph reaches but the token game never
fires:
every way to it waits at a join that cannot complete. (Elements the graph does not reach
are `unreachable-element`.) Only reported when the state space was explored completely.

## Why it matters
The diagram shows work that never happens, usually after a deadlock or behind a join that
needs a branch that is never taken.

## Example
"Write the handoff note" after a parallel join fed by an exclusive split.

## Fix
Fix the deadlock or join before it (see `deadlock`).
"""

from ..behaviour import results
from ...finding import Severity
from ..flowgraph import is_exempt, scope_facts
from ..predicates import label
from ..rule import rule


@rule("dead-activity", "A reachable step that no run can ever execute", module_doc=__doc__,
      default=Severity.ERROR, category="soundness")
def check(ctx):
    reachable = {n for facts in scope_facts(ctx) for n in facts.reachable}
    for item in results(ctx):
        if not item.result.complete:
            continue
        stuck = {d.node for d in item.result.defects if d.kind == "deadlock"}
        for node in item.scope.nodes:
            if node.id in stuck:
                continue  # deadlock reports it
            if node.id and node.id in reachable and node.id not in item.result.live \
                    and node.family == "activity" and not is_exempt(node) \
                    and not getattr(node, "triggered_by_event", False):
                yield ctx.finding(node, f"{label(node)} can never run")
