"""unknown-status-value: A condition compares with a status the vault never has

## What it finds
In an executable process, a status string in `vault.status_at_least(area, "...")` or
compared with `vault.status(area)` that is not one of NOT STARTED, SETUP READY, PARTIAL,
FIRST PASS, COMPLETE (case, spaces and the ✓/○ symbols do not matter). The hint names
the closest status.

## Why it matters
`vault.status(area) == "FIRST-PASS"` is never true: the gate stays closed forever and the
session waits for a status that cannot appear.

## Example
`vault.status_at_least("Chat 8a", "FIRST PAS")`

## Fix
Use one of the statuses of the chat plan.
"""

from ...gates.vocabulary import parse, python_conditions, status_literals, unknown_status
from ...finding import Severity
from ..rule import rule


@rule("unknown-status-value", "A condition compares with a status the vault never has",
      module_doc=__doc__, default=Severity.ERROR, category="vault")
def check(ctx):
    for condition in python_conditions(ctx.document):
        tree = parse(condition.expression.body)
        for value in status_literals(tree) if tree is not None else ():
            near = unknown_status(value)
            if near is not None:
                yield ctx.finding(condition.element_id, f"{value!r} is not a vault status",
                                  line=condition.expression.line, hint=f"did you mean {near!r}?")
