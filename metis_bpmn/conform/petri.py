"""A BPMN process as a labelled Petri net, the model that token replay plays a log on.

Construction (the usual BPMN-to-net mapping): a place per sequence flow; a task, event or
sub-process is a transition that takes a token from its incoming flow (several incoming
flows merge into one place first) and puts one on every outgoing flow; an exclusive or
event-based gateway is a place; a parallel gateway a silent transition; start events take
from the place ``source`` (one token at the start), end events put into ``sink``. Inclusive
and complex gateways are read as exclusive ones (one branch), boundary events and event
sub-processes are left out, a sub-process or call activity is one step. A transition is
visible when the mapping gives its element a label, else silent (``label`` None).

The net is then reduced without changing its visible language: a silent transition between
two places whose first feeds only it (or whose second only it feeds) fuses them, and a
silent split or join whose single place connects it to one other transition is folded
into that transition. Fewer silent transitions make replay (ours and pm4py's) direct.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from typing import Mapping

from ..model.elements import Process

SOURCE, SINK = "source", "sink"
_CHOICE = frozenset({"exclusiveGateway", "eventBasedGateway", "inclusiveGateway",
                     "complexGateway"})
_MAX_FINAL_STATES = 20_000


@dataclass(frozen=True, slots=True)
class Transition:
    name: str
    label: str | None  # None: silent
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    element: str | None = None  # the BPMN element (or flow) it stands for


@dataclass(frozen=True)
class Net:
    places: tuple[str, ...]
    transitions: tuple[Transition, ...]
    initial: Mapping[str, int]
    final: Mapping[str, int]

    def by_label(self) -> dict[str, Transition]:
        return {t.label: t for t in self.transitions if t.label is not None}


class _Builder:
    """Mutable net under construction: transitions by name with input and output lists, and
    each place's consumers and producers (kept up to date, so reduction is not quadratic)."""

    def __init__(self) -> None:
        self.places: dict[str, None] = {SOURCE: None, SINK: None}
        self.trans: dict[str, dict] = {}
        self.takes: dict[str, dict[str, None]] = {}  # place -> transitions taking from it
        self.gives: dict[str, dict[str, None]] = {}  # place -> transitions putting into it

    def place(self, name: str) -> str:
        self.places.setdefault(name, None)
        return name

    def _index(self, name: str, on: bool) -> None:
        t = self.trans[name]
        for table, places in ((self.takes, t["in"]), (self.gives, t["out"])):
            for p in places:
                entries = table.setdefault(p, {})
                if on:
                    entries[name] = None
                else:
                    entries.pop(name, None)

    def add(self, name: str, label, inputs, outputs, element=None) -> None:
        self.trans[name] = {"label": label, "in": list(inputs), "out": list(outputs),
                            "element": element}
        self._index(name, True)

    def rewire(self, name: str, inputs=None, outputs=None) -> None:
        self._index(name, False)
        t = self.trans[name]
        t["in"] = list(inputs) if inputs is not None else t["in"]
        t["out"] = list(outputs) if outputs is not None else t["out"]
        self._index(name, True)

    def remove(self, name: str) -> None:
        self._index(name, False)
        del self.trans[name]

    def consumers(self, place: str) -> list[str]:
        return list(self.takes.get(place, ()))

    def producers(self, place: str) -> list[str]:
        return list(self.gives.get(place, ()))


def _entry(b: _Builder, node_id: str, incoming: list[str]) -> str:
    """The place a node takes its token from: its one incoming flow, or a merge place."""
    if len(incoming) == 1:
        return incoming[0]
    if not incoming:
        return SOURCE  # no incoming flow: the node starts with the process
    merge = b.place(f"merge:{node_id}")
    for flow in incoming:
        b.add(f"tau:{flow}", None, [flow], [merge], flow)
    return merge


def build(process: Process, labels: Mapping[str, str],
          flow_labels: Mapping[str, str] | None = None) -> Net:
    """The reduced net of a process's top-level scope. ``labels``: element id -> activity
    label of the visible steps; ``flow_labels``: flow id -> label, for conditional flows
    whose crossing is observed (a status a gate reads)."""
    flow_labels = flow_labels or {}
    scope = process.scope
    b = _Builder()
    ids = {n.id for n in scope.nodes if n.id}
    incoming: dict[str, list[str]] = {i: [] for i in ids}
    outgoing: dict[str, list[str]] = {i: [] for i in ids}
    for flow in scope.flows:
        if flow.id and flow.source in ids and flow.target in ids:
            b.place(flow.id)
            outgoing[flow.source].append(flow.id)
            incoming[flow.target].append(flow.id)
            if flow.id in flow_labels:  # the crossing is a step of its own on the flow
                after = b.place(f"{flow.id}:after")
                incoming[flow.target][-1] = after
                b.add(f"t:{flow.id}", flow_labels[flow.id], [flow.id], [after], flow.id)
    for node in scope.nodes:
        if not node.id or node.tag == "boundaryEvent" or getattr(node, "triggered_by_event",
                                                                   False):
            continue
        ins, outs = incoming[node.id], outgoing[node.id]
        if node.tag == "startEvent":
            b.add(f"t:{node.id}", labels.get(node.id), [SOURCE], outs or [SINK], node.id)
        elif node.tag == "endEvent":
            b.add(f"t:{node.id}", labels.get(node.id), [_entry(b, node.id, ins)], [SINK],
                  node.id)
        elif node.tag == "parallelGateway":
            b.add(f"t:{node.id}", None, ins or [SOURCE], outs or [SINK], node.id)
        elif node.tag in _CHOICE:
            here = b.place(f"x:{node.id}")
            for flow in ins:
                b.add(f"tau:{flow}", None, [flow], [here], flow)
            for flow in outs:
                b.add(f"tau:{flow}>", None, [here], [flow], flow)
            if not ins:
                b.add(f"tau:{node.id}<", None, [SOURCE], [here], node.id)
            if not outs:
                b.add(f"tau:{node.id}>", None, [here], [SINK], node.id)
        else:
            b.add(f"t:{node.id}", labels.get(node.id), [_entry(b, node.id, ins)],
                  outs or [SINK], node.id)
    initial = {SOURCE: 1}
    _reduce(b, initial)
    places = tuple(p for p in b.places)
    transitions = tuple(Transition(n, t["label"], tuple(t["in"]), tuple(t["out"]), t["element"])
                        for n, t in b.trans.items())
    return Net(places, transitions, initial, {SINK: _final_tokens(places, transitions, initial)})


def _merge(b: _Builder, gone: str, kept: str, initial: dict[str, int]) -> None:
    for name in dict.fromkeys(b.consumers(gone) + b.producers(gone)):
        t = b.trans[name]
        b.rewire(name, [kept if p == gone else p for p in t["in"]],
                 [kept if p == gone else p for p in t["out"]])
    if gone in initial:
        initial[kept] = initial.get(kept, 0) + initial.pop(gone)
    del b.places[gone]


def _reduce(b: _Builder, initial: dict[str, int]) -> None:
    """Apply the fusion rules until none applies (in a fixed order: the result is stable)."""
    special = {SOURCE, SINK}
    changed = True
    while changed:
        changed = False
        for name in list(b.trans):
            t = b.trans.get(name)
            if t is None or t["label"] is not None:
                continue
            ins, outs = t["in"], t["out"]
            if sorted(ins) == sorted(outs):
                b.remove(name)  # a silent self-loop (left by fusions) changes nothing
                changed = True
                continue
            if len(ins) == 1 and len(outs) == 1:
                p, q = ins[0], outs[0]
                if {p, q} == special:
                    continue
                if b.consumers(p) == [name] and p != SINK:
                    b.remove(name)  # p only feeds t: a token in p is a token in q
                    if p in special:
                        _merge(b, q, p, initial)
                    else:
                        _merge(b, p, q, initial)
                    changed = True
                    continue
                if b.producers(q) == [name] and q not in initial and q != SINK:
                    b.remove(name)  # q is only fed by t: its consumers may take from p
                    _merge(b, q, p, initial)
                    changed = True
                    continue
            if len(ins) == 1 and ins[0] not in special and b.consumers(ins[0]) == [name]:
                feeders = b.producers(ins[0])
                if len(feeders) == 1 and feeders[0] != name and ins[0] not in initial:
                    v = b.trans[feeders[0]]
                    rest = [p for p in v["out"] if p != ins[0]]
                    if v["out"].count(ins[0]) == 1 and not set(rest) & set(outs):
                        b.remove(name)  # a silent split folded into its feeder
                        b.rewire(feeders[0], outputs=rest + outs)
                        del b.places[ins[0]]
                        changed = True
                        continue
            if len(outs) == 1 and outs[0] not in special and b.producers(outs[0]) == [name]:
                takers = b.consumers(outs[0])
                if len(takers) == 1 and takers[0] != name:
                    w = b.trans[takers[0]]
                    rest = [p for p in w["in"] if p != outs[0]]
                    if w["in"].count(outs[0]) == 1 and not set(rest) & set(ins):
                        b.remove(name)  # a silent join folded into its taker
                        b.rewire(takers[0], inputs=rest + ins)
                        del b.places[outs[0]]
                        changed = True


def _final_tokens(places, transitions, initial) -> int:
    """Tokens in ``sink`` when a run ends: the fewest over the runs a bounded breadth-first
    search finds that end with every token in the sink (1 when it finds none). Markings are
    sparse (place, tokens) tuples, so a big net with few tokens stays cheap."""
    moves = [(Counter(t.inputs), Counter(t.outputs)) for t in transitions]
    takers: dict[str, list[int]] = {}
    for number, (ins, _) in enumerate(moves):
        for p in ins:
            takers.setdefault(p, []).append(number)
    start = tuple(sorted(initial.items()))
    seen, queue, best = {start}, deque([start]), None
    while queue and len(seen) < _MAX_FINAL_STATES:
        marking = dict(queue.popleft())
        if set(marking) == {SINK}:
            best = marking[SINK] if best is None else min(best, marking[SINK])
            continue
        for number in sorted({m for p in marking for m in takers.get(p, ())}):
            ins, outs = moves[number]
            if any(marking.get(p, 0) < n for p, n in ins.items()):
                continue
            nxt = Counter(marking)
            nxt.subtract(ins)
            nxt.update(outs)
            key = tuple(sorted((p, n) for p, n in nxt.items() if n))
            if key not in seen and max(n for _, n in key) <= 3:  # unbounded nets: stay small
                seen.add(key)
                queue.append(key)
    return best or 1
