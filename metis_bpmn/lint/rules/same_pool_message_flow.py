"""same-pool-message-flow: A message flow connects two elements of the same pool

## What it finds
A message flow whose source and target belong to the same pool: both inside the process of
one participant, or one of them the participant (the pool shape) itself and the other inside
its process. Which pool an element belongs to comes from the process that contains it and the
participants' `processRef`.

## Why it matters
Message flows model communication between separate participants. Inside one pool, work is
passed on by sequence flows (or signals); the BPMN specification forbids message flows there,
engines ignore them, and modelers refuse to draw them.

## Example
```xml
<bpmn:participant id="Shop" processRef="ShopProcess"/>
<bpmn:messageFlow id="m1" sourceRef="TakeOrder" targetRef="ShipOrder"/>
<!-- TakeOrder and ShipOrder are both tasks of ShopProcess -->
```

## Fix
Replace the message flow with a sequence flow, or move one end into the pool of the
participant it really talks to.
"""

from ...finding import Severity
from ..predicates import referenced
from ..rule import rule
from ...model.elements import Participant


@rule("same-pool-message-flow", "A message flow connects two elements of the same pool",
      module_doc=__doc__, default=Severity.ERROR, category="collaboration")
def check(ctx):
    doc = ctx.document
    for collaboration in doc.collaborations:
        pools = {p.process_ref.strip(): p for p in collaboration.participants
                 if p.process_ref and p.id}
        for flow in collaboration.message_flows:
            source, target = referenced(doc, flow.source), referenced(doc, flow.target)
            if source is None or target is None:
                continue
            source_pool, target_pool = _pool(doc, source, pools), _pool(doc, target, pools)
            if source_pool is None or source_pool is not target_pool:
                continue
            label = f"'{source_pool.name}' ({source_pool.id})" if source_pool.name \
                else source_pool.id
            yield ctx.finding(flow, f"Message flow connects {source.id} and {target.id}, "
                                    f"which are both in pool {label}",
                              hint="Use a sequence flow inside a pool; message flows connect pools")


def _pool(doc, element, pools: dict[str, Participant]) -> Participant | None:
    if isinstance(element, Participant):
        return element
    process = doc.process_of.get(element.id) if element.id else None
    return pools.get(process) if process else None
