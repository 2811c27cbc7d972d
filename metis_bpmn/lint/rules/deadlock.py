"""deadlock: The process can get stuck with work left and nothing able to move

## What it finds
A reachable state of the token game (BPMN semantics, every decision branch possible) where
tokens remain but no element can fire: typically a parallel join waiting for a branch that
an exclusive split did not start. The path is the shortest firing sequence from a start to
the stuck state; the message names the join and the branch it waits for.

## Why it matters
The instance never finishes and nothing reports it: SpiffWorkflow just leaves the join
waiting (a session shows it as deadlocked).

## Example
```xml
<bpmn:exclusiveGateway id="Route"/>   <!-- starts A or B -->
<bpmn:parallelGateway id="Join"/>     <!-- waits for A and B -->
```

A call activity that calls a process of the same file which can never finish waits forever
too, and is reported here (along whole call chains: A calls B calls C, and C deadlocks).

In a collaboration, the participants' processes are played together and message flows carry
messages: a receive task or message catch event waits for its message as well as for its
flow, an event-based gateway takes the branch whose message has arrived (and never the
branch of an event that can never happen, which alone is no deadlock), and a receiver whose
sender may not send, or that no message flow reaches, is a deadlock ("waits for a message
from Send the handoff"). Messages from a black-box pool or an empty process can always
arrive. `unmodelled-senders = true` assumes a receiver no message flow reaches may hear from
outside the model; `message-flows = false` plays each process alone (a receive is then an
ordinary task). The semantics are in docs/soundness.md.

## Fix
Close an exclusive split with an exclusive merge (and a parallel split with a parallel join).
"""

from ...model.elements import CallActivity
from ..behaviour import names, results
from ...finding import Severity
from ..predicates import label
from ..rule import rule


@rule("deadlock", "The process can get stuck with work left and nothing able to move",
      module_doc=__doc__, default=Severity.ERROR, category="soundness")
def check(ctx):
    for item in results(ctx):
        for defect in item.result.defects:
            if defect.kind == "deadlock":
                node = ctx.document.get(defect.node)
                if isinstance(node, CallActivity):
                    yield ctx.finding(defect.node, f"Deadlock: {label(node, defect.node)} calls "
                                                   f"{node.called_element}, which can never "
                                                   "finish", evidence=defect.path,
                                      hint=f"fix the deadlock in {node.called_element}")
                    continue
                waits = f"for {names(ctx, defect.detail)} " if defect.detail else ""
                yield ctx.finding(defect.node, f"Deadlock: {label(node, defect.node)} waits "
                                               f"{waits}and can never fire", evidence=defect.path,
                                  hint="match the split and join types")
