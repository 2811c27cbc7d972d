"""Deviations found by replay, as findings in words of the vault.

A step that happened although the process did not enable it (missing tokens) is an error
``conform/step-not-enabled``: the steps that should have come first are found by walking
back from the places that lacked a token, through silent transitions, to the visible steps
that had not put a token there; their areas' statuses at that moment and the decision
gateway on the way are named. A case that ended (its final marking reached) with work left
on another branch (remaining tokens) is a warning ``conform/unfinished-branch``. Open
cases (a vault in the middle of its process) leave remaining tokens without a finding.
"""

from __future__ import annotations

from ..finding import Finding, Severity
from ..model.elements import Process
from .log import shown
from .mapping import Event, Step, Timeline
from .petri import SINK, Net, Transition
from .replay import Missing, TraceResult

NOT_ENABLED = "conform/step-not-enabled"
UNFINISHED = "conform/unfinished-branch"
_MAX_NAMED = 8  # steps named in one message


def _producers(net: Net) -> dict[str, list[Transition]]:
    found: dict[str, list[Transition]] = {}
    for t in net.transitions:
        for p in dict.fromkeys(t.outputs):
            found.setdefault(p, []).append(t)
    return found


def upstream(net: Net, deviation: Missing) -> tuple[list[Transition], list[str]]:
    """The visible steps that should have put the lacking tokens (through silent steps), and
    the elements of the silent steps passed on the way (for naming the gateway)."""
    producers = _producers(net)
    marked = set(deviation.marked)
    steps: dict[str, Transition] = {}
    passed: list[str] = []
    todo, seen = list(deviation.places), set(deviation.places)
    while todo:
        place = todo.pop(0)
        for t in producers.get(place, ()):
            if t is deviation.transition:
                continue  # its own loop back is no requirement
            if t.label is not None:
                steps.setdefault(t.name, t)
                continue
            passed.append(t.element or "")
            for p in t.inputs:
                if p not in marked and p not in seen:
                    seen.add(p)
                    todo.append(p)
    return list(steps.values()), passed


def _asks(node) -> bool:
    return node is not None and node.tag.endswith("Gateway") and \
        (node.name or "").strip().endswith("?")


def _reaches(process: Process):
    """``after(element)``: the nodes the sequence flows reach from ``element``, each answer
    computed once (the flows indexed by source once, not scanned per node)."""
    targets: dict[str | None, list[str]] = {}
    for flow in process.scope.flows:
        targets.setdefault(flow.source, []).append(flow.target)
    known: dict[str | None, set[str]] = {}

    def after(element: str | None) -> set[str]:
        if element not in known:
            seen, todo = set(), [element]
            while todo:
                for target in targets.get(todo.pop(), ()):
                    if target not in seen:
                        seen.add(target)
                        todo.append(target)
            known[element] = seen
        return known[element]
    return after


def _gate(process: Process, passed: list[str], required: list[str],
          step: str | None = None) -> str | None:
    """The decision gateway (a name that asks) that should have let the step through: one
    next to the silent steps passed or right before a required step, else one on the way
    from them to the step. A gateway after the step (its own rework loop back to it) is
    named only when no other asks."""
    nodes = {n.id: n for n in process.scope.nodes if n.id}
    flows = {f.id: f for f in process.scope.flows if f.id}
    near = [node_id for passed_id in passed for node_id in
            ((flows[passed_id].source, flows[passed_id].target) if passed_id in flows
             else (passed_id,))]
    near += [f.source for element in required for f in process.scope.flows
             if f.target == element]
    after = _reaches(process)
    if step:
        on_the_way = set().union(*(after(n) for n in [*near, *required]))
        near += sorted(n for n in on_the_way if _asks(nodes.get(n)) and step in after(n))
    asking = [n for n in dict.fromkeys(near) if _asks(nodes.get(n))]
    later = after(step) if step and asking else set()
    asking.sort(key=lambda n: n in later)
    return " ".join(nodes[asking[0]].name.split()) if asking else None


def _cited(event: Event) -> str:
    return f"{shown(event.time)}, {event.source}"


def not_enabled(process: Process, net: Net, steps: dict[str, Step], timeline: Timeline,
                event: Event, deviation: Missing, file: str) -> Finding:
    before, passed = upstream(net, deviation)
    required = [steps[t.label] for t in before if t.label in steps][:_MAX_NAMED]
    facts, evidence = [], []
    for step in required:
        if step.area:
            status, seen = timeline.status_at(step.area, event.key)
            label = timeline.label(step.area)
            facts.append(f"{label} was {status}")
            evidence.append(f"{label}: {status}" + (f" ({shown(seen.time)}, {seen.source})"
                                                    if seen else ""))
    message = f"{event.what} ({_cited(event)})"
    if facts:
        message += " while " + _join(facts)
    if required:
        message += f": the process requires {_join([s.name for s in required])} first"
    else:
        message += ": the process does not allow it at this point"
    gate = _gate(process, passed, [s.element for s in required], event.element)
    if gate:
        message += f" (gate: {gate})"
    return Finding(rule=NOT_ENABLED, severity=Severity.ERROR, message=message, file=file,
                   element_id=event.element, process_id=process.id,
                   evidence=(*evidence, f"{event.what} ({_cited(event)})"))


def unfinished(process: Process, net: Net, last: Event, result: TraceResult,
               file: str) -> Finding | None:
    """Only for a case that ended without a step out of order: otherwise what is left is
    the other side of that deviation."""
    if result.deviations:
        return None
    waiting = sorted({t.label for t in net.transitions if t.label is not None
                      and any(p in result.left and p != SINK for p in t.inputs)})
    if not waiting:
        return None
    return Finding(rule=UNFINISHED, severity=Severity.WARNING,
                   message=f"The case ended ({last.what}, {_cited(last)}) with work left on "
                           f"another branch: {_join(waiting[:_MAX_NAMED])}",
                   file=file, element_id=last.element, process_id=process.id,
                   evidence=tuple(waiting[:_MAX_NAMED]))


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
