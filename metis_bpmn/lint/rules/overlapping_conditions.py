"""overlapping-conditions: Two conditions of an exclusive decision can both be true

## What it finds
An exclusive gateway with two outgoing conditions that can be true at the same time.
Decided for simple conditions (a variable compared with constants, membership tests,
booleans, not/and/or) on gateways with at most 32 conditional branches; the finding names
both flows and values for which both hold.

## Why it matters
An exclusive gateway takes one branch. Which one wins when two conditions hold is up to
the engine: SpiffWorkflow takes the first in the order of the targets' diagram y-position,
so moving a shape in the modeler changes the process's behaviour.

## Example
`score > 5` and `score > 8` on two flows of one exclusive gateway (both hold for 9).

## Fix
Make the conditions exclusive (`score > 5 and score <= 8`), or use an inclusive gateway if
both branches should run.
"""

from ...gates.conditions import MAX_BRANCHES, assignments, describe, truth
from ...model.elements import Gateway
from ...finding import Severity
from ..predicates import flow_counts, label
from ..rule import rule


@rule("overlapping-conditions", "Two conditions of an exclusive decision can both be true",
      module_doc=__doc__, default=Severity.WARNING, category="gates")
def check(ctx):
    for _, scope in ctx.document.scopes():
        for node in scope.nodes:
            if not isinstance(node, Gateway) or node.tag != "exclusiveGateway":
                continue
            flows = [f for f in flow_counts(ctx, scope).get(node.id, ((), ()))[1] if f.condition is not None]
            if len(flows) > MAX_BRANCHES:
                continue  # too many pairs to try; left undecided
            for i, first in enumerate(flows):
                for second in flows[i + 1:]:
                    pair = [first.condition.body, second.condition.body]
                    for assignment in assignments(pair) or ():
                        if all(truth(s, assignment) is True for s in pair):
                            yield ctx.finding(
                                node, f"Conditions of {label(first, first.id)} and "
                                      f"{label(second, second.id)} at {label(node)} both hold "
                                      f"when {describe(assignment)}",
                                evidence=(first.id, second.id),
                                hint="make the conditions exclusive; the engine picks by "
                                     "diagram position otherwise")
                            break
