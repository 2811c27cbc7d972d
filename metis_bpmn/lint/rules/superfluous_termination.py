"""superfluous-termination: A terminate end event where a plain end event would do

## What it finds
In a process or sub-process, the single terminate end event when every element without
outgoing flows is either that terminate end event or an interrupting event sub-process:
nothing else can still be running when it is reached. Same rule, name and message as
bpmnlint's `superfluous-termination` (which also detects only these basic cases).

## Why it matters
A terminate end event says "stop everything still running here"; when nothing else can run,
it misleads readers into looking for the parallel work it is meant to cut short.

## Example
start -> task -> terminate end event, with no other branch.

## Fix
Use a plain end event.
"""

from ...finding import Severity
from ..predicates import flow_counts
from ..rule import rule


@rule("superfluous-termination", "A terminate end event where a plain end event would do",
      module_doc=__doc__, default=Severity.WARNING, source="bpmnlint", category="reachability")
def check(ctx):
    for _, scope in ctx.document.containers():
        counts = flow_counts(ctx, scope)
        ends = [n for n in scope.nodes if n.id and not counts[n.id][1]]
        terminates = [n for n in ends if n.tag == "endEvent"
                      and "terminate" in getattr(n, "kinds", ())]
        if len(terminates) != 1:
            continue
        others = [n for n in ends if n is not terminates[0]]
        if all(getattr(n, "triggered_by_event", False) and all(
                getattr(s, "is_interrupting", True) for s in n.scope.nodes
                if s.tag == "startEvent") for n in others):
            yield ctx.finding(terminates[0], "Termination is superfluous.")
