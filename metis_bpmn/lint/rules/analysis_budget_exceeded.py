"""analysis-budget-exceeded: Soundness could not be decided within the state budget

## What it finds
A process or sub-process whose token game, after structural reduction, has more reachable
states than the budget (`max-states` in the configuration, default 50,000), or whose net
still has more than 5,000 flows after reduction, so that its game is not played at all (each
step would cost time and memory in proportion). Its deadlock, synchronisation and
dead-activity verdicts are then incomplete: defects found so far are reported, but no finding
does not mean sound.

## Why it matters
A silent pass would be a false "all clear". Very unstructured models with many concurrent
branches can have more states than any tool can enumerate.

## Example
Dozens of parallel branches that are joined and split again in unstructured ways.

## Fix
Structure the model (matching splits and joins, sub-processes), or raise `max-states`.
"""

from ..behaviour import results
from ...finding import Severity
from ..predicates import label
from ..rule import rule


@rule("analysis-budget-exceeded", "Soundness could not be decided within the state budget",
      module_doc=__doc__, default=Severity.WARNING, category="soundness")
def check(ctx):
    for item in results(ctx):
        if not item.result.complete:
            owner = ctx.document.get(item.scope.owner)
            name = label(owner, item.scope.owner or "?")
            if item.result.undecided:
                yield ctx.finding(item.scope.owner, f"Undecided: the token game of {name} "
                                                    f"{item.result.undecided}",
                                  hint="structure the model (sub-processes, fewer parallel "
                                       "flows)")
                continue
            yield ctx.finding(item.scope.owner, f"Undecided: the token game of {name} has more "
                                                f"than {item.result.states - 1:,} states",
                              hint="raise max-states or structure the model")
