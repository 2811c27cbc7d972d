"""enum-branches-incomplete: A decision on an enum field leaves some of its values nowhere to go

## What it finds
An exclusive or inclusive gateway without a default flow whose outgoing conditions all read
one declared `enum` field, and for some of its values no condition holds. The message lists
the uncovered values.

## Why it matters
A session that gives one of those values stops at the gateway in error ("No conditions
satisfied"), although the value was accepted as valid when it was given.

## Example
`work_type` declared as `feature, bug, chore`, with branches for `feature` and `bug` only.

## Fix
Add a branch for each value, or make one flow the gateway's default.
"""

from ...gates.conditions import MAX_BRANCHES, constants, truth
from ...model.elements import Gateway
from ...finding import Severity
from ..declared import declared_fields
from ..predicates import flow_counts, label
from ..rule import rule


def _field_read(sources: list[str]) -> str | None:
    """The one variable every condition reads, if they are all simple and read just it."""
    names = set()
    for source in sources:
        found = constants(source)
        if found is None or len(found) != 1:
            return None
        names |= set(found)
    return names.pop() if len(names) == 1 else None


@rule("enum-branches-incomplete",
      "A decision on an enum field leaves some of its values nowhere to go",
      module_doc=__doc__, default=Severity.ERROR, category="gates")
def check(ctx):
    for process, scope in ctx.document.scopes():
        declared = declared_fields(ctx, process)
        for node in scope.nodes:
            if not isinstance(node, Gateway) or node.default \
                    or node.tag not in ("exclusiveGateway", "inclusiveGateway"):
                continue
            outgoing = flow_counts(ctx, scope).get(node.id, ((), ()))[1]
            if not 2 <= len(outgoing) <= MAX_BRANCHES or any(f.condition is None
                                                             for f in outgoing):
                continue
            sources = [f.condition.body for f in outgoing]
            name = _field_read(sources)
            spec = declared.get(name) if name else None
            if spec is None or spec.type != "enum":
                continue
            lost = [v for v in spec.values
                    if not any(truth(s, {name: v}) for s in sources)]
            if lost:
                yield ctx.finding(node, f"No branch of {label(node)} is taken when {name} is "
                                        f"{' or '.join(map(repr, lost))}, and there is no "
                                        "default flow", evidence=tuple(f.id for f in outgoing),
                                  hint="add a branch for each value, or a default flow")
