"""rework-loop-without-exit: A rework loop whose only ways out can never be taken

## What it finds
A loop of the flow graph (reachable from a start) where every flow leaving the loop starts
at an exclusive or inclusive gateway and can never be taken: its condition is constant
false, or it is neither conditional nor the default while the gateway has conditional
flows. (A loop with no flow leaving it at all is reported by `livelock`.)

## Why it matters
"Revise until approved" with an exit nobody can take repeats the rework forever.

## Example
A gateway "Approved?" whose loop-back flow has `not approved` and whose exit flow has the
condition `False` left over from testing.

## Fix
Give the exit a real condition, or make it the default flow.
"""

from ...gates.conditions import truth
from ...model.elements import Gateway
from ...finding import Severity
from ..predicates import label
from ..flowgraph import components_of, reachable_in
from ..rule import rule


def _viable(flow, source, scope) -> bool:
    if not isinstance(source, Gateway) or source.tag not in ("exclusiveGateway",
                                                              "inclusiveGateway"):
        return True
    if source.default == flow.id:
        return True
    if flow.condition is None:
        conditional = any(f.condition is not None for f in scope.flows if f.source == source.id)
        return not conditional
    body = flow.condition.body.strip()
    return not (truth(body, {}) is False and body)


@rule("rework-loop-without-exit", "A rework loop whose only ways out can never be taken",
      module_doc=__doc__, default=Severity.ERROR, category="gates")
def check(ctx):
    for _, scope in ctx.document.scopes():
        reachable = reachable_in(ctx, scope)
        nodes = {n.id: n for n in scope.nodes if n.id}
        for component in components_of(ctx, scope):
            if len(component) < 2 or not component & reachable:
                continue
            exits = [f for f in scope.flows if f.source in component and f.target in nodes
                     and f.target not in component]
            if not exits:
                continue  # livelock reports loops without any flow out
            if not any(_viable(f, nodes[f.source], scope) for f in exits):
                gateway = sorted(f.source for f in exits)[0]
                yield ctx.finding(gateway, f"The loop through {label(nodes[gateway])} has no "
                                           "exit that can be taken",
                                  evidence=tuple(f.id for f in exits),
                                  hint="give the exit flow a real condition or make it the "
                                       "default")
