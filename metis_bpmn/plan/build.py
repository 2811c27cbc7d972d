"""What has to happen, from where a process stands, to reach an element or the end.

The plan is read off the process graph (the engine is never run): the elements that lie on a
path from the current positions to the target, in flow order, as steps. A task is a step; a
gate (a conditional event, or a decision whose branch toward the target reads the vault) is a
step with the facts it needs and their values now, and is left out when the vault already
satisfies it; a decision that depends on data someone gives is a choice with its
alternatives; parallel branches are steps that do not come after one another. ``after`` links
each step to the steps that must come first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..graph.build import flow_graph
from ..model.elements import Activity, Document, Event, Gateway, Process
from ..model.fields import fields
from .needs import needs

ACTIVITY = ("task", "userTask", "manualTask", "serviceTask", "scriptTask", "sendTask",
            "receiveTask", "businessRuleTask", "callActivity", "subProcess", "transaction")


@dataclass
class Step:
    id: str
    name: str | None
    kind: str  # task, gate, event, choice, end
    lane: str | None = None
    needs: list[dict] = field(default_factory=list)
    setup: dict | None = None
    after: list[int] = field(default_factory=list)
    fields: list[dict] = field(default_factory=list)
    alternatives: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        out = {"element": {"id": self.id, "name": self.name}, "kind": self.kind,
               "lane": self.lane, "needs": self.needs, "setup": self.setup,
               "after": self.after}
        if self.fields:
            out["fields"] = self.fields
        if self.alternatives:
            out["alternatives"] = self.alternatives
        return out


@dataclass
class Plan:
    process: str
    target: dict | None
    steps: list[Step]
    reachable: bool = True

    def as_json(self) -> dict:
        return {"version": 1, "process": self.process, "until": self.target,
                "reachable": self.reachable, "steps": [s.as_json() for s in self.steps]}


def find_element(process: Process, document: Document, ref: str) -> str:
    """An element of the process by id, by name (any case), or by a unique part of its name."""
    nodes = [n for scope in process.scope.walk() for n in scope.nodes if n.id]
    wanted = ref.strip().lower()
    for test in (lambda n: n.id == ref, lambda n: (n.name or "").strip().lower() == wanted,
                 lambda n: wanted in " ".join((n.name or "").lower().split())):
        found = [n for n in nodes if test(n)]
        steps = [n for n in found if isinstance(n, Activity)]
        if len(found) > 1 and len(steps) == 1:
            found = steps  # "Chat 11": the step, not the event that waits for its status
        if len(found) == 1:
            return found[0].id
        if len(found) > 1:
            raise LookupError(f"{ref!r} names several elements: "
                              f"{', '.join(n.id for n in found)}")
    raise LookupError(f"no element {ref!r} in process {process.id}")


def _top(document: Document, process: Process, element: str) -> str:
    """The element of the process's own scope that holds ``element`` (itself, or the
    sub-process around it)."""
    top = {n.id for n in process.scope.nodes}
    while element not in top and document.scope_of.get(element) not in (None, process.id):
        element = document.scope_of[element]
    return element


def _lanes(process: Process) -> dict[str, str]:
    return {ref: lane.name or lane.id for lane_set in process.scope.lane_sets
            for lane in lane_set.walk() for ref in lane.flow_node_refs}


def _order(graph: nx.DiGraph, starts: list[str], keep: set[str]) -> tuple[list[str], nx.DiGraph]:
    """The kept nodes in flow order (back edges of loops dropped), and that acyclic graph."""
    dag = nx.DiGraph()
    dag.add_nodes_from(n for n in keep)
    seen, stack, on_path = set(), [], set()
    for start in starts:
        if start in seen:
            continue
        stack.append((start, iter(sorted(graph.successors(start)))))
        seen.add(start)
        on_path.add(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(node)
                continue
            if child not in keep or node not in keep:
                continue
            if child in on_path:
                continue  # a back edge: the loop's way round, not a step forward
            dag.add_edge(node, child)
            if child not in seen:
                seen.add(child)
                on_path.add(child)
                stack.append((child, iter(sorted(graph.successors(child)))))
    # Ties (parallel branches) in the order the process file lists them, nearest first.
    distance = nx.multi_source_dijkstra_path_length(dag, [s for s in starts if s in dag]) \
        if any(s in dag for s in starts) else {}
    position = {node: i for i, node in enumerate(graph.nodes)}
    order = list(nx.lexicographical_topological_sort(
        dag, key=lambda n: (distance.get(n, 0), position.get(n, 0))))
    return order, dag


def plan(document: Document, process: Process, facts: Any, *, positions: list[str],
         data: dict | None = None, until: str | None = None) -> Plan:
    """The plan from ``positions`` (element ids where tokens are, or the start events) to
    ``until`` (an element id) or to the end."""
    data = dict(data or {})
    graph = flow_graph(process.scope)
    starts = list(dict.fromkeys(_top(document, process, p) for p in positions if p))
    starts = [s for s in starts if s in graph]
    if until is not None:
        targets = {_top(document, process, until)}
    else:
        targets = {n for n, d in graph.nodes(data=True) if d["tag"] == "endEvent"}
    ahead = set(starts).union(*(nx.descendants(graph, s) for s in starts)) if starts else set()
    behind = set(targets).union(*(nx.ancestors(graph, t) for t in targets if t in graph))
    keep = ahead & behind
    target = None
    if until is not None:
        element = document.get(until)
        target = {"id": until, "name": element.name if element else None}
    if not keep:
        return Plan(process.id, target, [], reachable=not targets or bool(targets & ahead))
    order, dag = _order(graph, starts, keep)
    # Only what leads on to the target without going round a loop: a rework step whose
    # only way on is back to an earlier decision is not a step of the plan.
    onward = set().union(*(nx.ancestors(dag, t) | {t} for t in targets if t in dag))
    dag = dag.subgraph(onward).copy()
    order, keep = [n for n in order if n in onward], keep & onward
    return Plan(process.id, target, _steps(document, process, facts, data, order, dag, keep,
                                           set(starts)))


def _steps(document, process, facts, data, order, dag, keep, starts) -> list[Step]:
    lanes = _lanes(process)
    steps: list[Step] = []
    index_of: dict[str, int] = {}
    before: dict[str, set[int]] = {}
    known_needs: list[dict] = []
    for node_id in order:
        inherited = set().union(*(before.get(p, set()) for p in dag.predecessors(node_id)))
        step = _step(document.get(node_id), process, facts, data, dag, keep,
                     start=node_id in starts)
        if step is not None and step.kind == "gate" \
                and all(n in known_needs for n in step.needs):
            step = None  # every fact it needs is already needed by an earlier step
        if step is None:
            before[node_id] = inherited
            continue
        step.lane = lanes.get(node_id)
        step.after = sorted(inherited)
        known_needs += [n for n in step.needs if n not in known_needs]
        index_of[node_id] = len(steps)
        steps.append(step)
        before[node_id] = {index_of[node_id]}
    return steps


def _step(element, process, facts, data, dag, keep, *, start: bool) -> Step | None:
    if element is None:
        return None
    name = " ".join((element.name or "").split()) or None
    if element.tag in ACTIVITY:
        return Step(element.id, name, "task",
                    fields=[f.as_json() for f in fields(element)])
    if element.tag == "endEvent":
        return Step(element.id, name, "end")
    if isinstance(element, Event) and element.tag in ("intermediateCatchEvent",
                                                      "boundaryEvent"):
        return _event(element, name, facts, data)
    if isinstance(element, Gateway) and element.tag in ("exclusiveGateway",
                                                        "inclusiveGateway"):
        return _decision(element, name, process, facts, data, dag, keep)
    return None  # start events, parallel gateways, throws: no work of their own


def _event(element: Event, name, facts, data) -> Step | None:
    condition = next((d.condition for d in element.definitions
                      if d.kind == "conditional" and d.condition is not None), None)
    if condition is not None:
        holds, what = needs(condition.body, data, facts)
        if holds:
            return None
        return Step(element.id, name, "gate", needs=what, setup=_setup(what, facts))
    kinds = ", ".join(element.kinds) or "event"
    return Step(element.id, name, "event", needs=[{"fact": kinds, "now": "not yet",
                                                  "wants": "happens"}])


def _decision(element: Gateway, name, process, facts, data, dag, keep) -> Step | None:
    flows = [f for f in process.scope.flows if f.source == element.id]
    if len(flows) < 2:
        return None
    toward = [f for f in flows if f.target in keep and dag.has_edge(element.id, f.target)]
    reads_data = any(f.condition is not None and _reads_data(f.condition.body) for f in flows)
    if len(toward) == 1 and not reads_data:
        flow = toward[0]
        if flow.condition is None:  # the default branch: no other condition may hold
            return None
        holds, what = needs(flow.condition.body, data, facts)
        if holds:
            return None
        return Step(element.id, name, "gate", needs=what, setup=_setup(what, facts))
    alternatives = [{"flow": f.id, "name": " ".join((f.name or "").split()) or None,
                     "to": f.target, "condition": f.condition.body if f.condition else None,
                     "default": f.id == element.default, "toward": f in toward}
                    for f in flows]
    return Step(element.id, name, "choice", alternatives=alternatives)


def _reads_data(source: str) -> bool:
    from ..sandbox import Rejected, names_read
    try:
        return bool(names_read(source) - {"vault"})
    except Rejected:
        return False


def _setup(what: list[dict], facts: Any) -> dict | None:
    """The setup doc and start prompt of the next session of the area a gate waits for."""
    for need in what:
        found = facts.setup_for(need["fact"]) if hasattr(facts, "setup_for") else None
        if found and (found.get("note") or found.get("prompt")):
            return {"note": found.get("note"), "prompt": found.get("prompt")}
    return None
