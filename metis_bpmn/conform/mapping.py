"""Which process element each observation is an event of.

Defaults, read from the process and the vault:

- an element whose condition is one ``vault.status_at_least(AREA, STATUS)`` (a conditional
  event, or a conditional flow) happens when AREA first reaches STATUS, except a flow that
  skips the area's own step (``Stocktake`` when the vault says it is COMPLETE): silent;
- an activity or event whose name names a chat-plan area (``Consolidate the brainstorms
  (Chat 10)``, ``Stocktake``) happens when that area first reaches PARTIAL (work started;
  SETUP READY is only the preparation);
- an element with ``metis:kind="K"`` happens whenever a note with ``kind: K`` in its front
  matter is written; in a process with a step of kind ``handoff`` (one run per session),
  each handoff note is a case whose steps of kinds ``course-correction``, ``decision``,
  ``setup-doc`` and ``handoff`` happened when the note shows them;
- a step a session logged is an event of the element it names, in that session's case.

``[[conform.map]]`` entries of ``metis-gates.toml`` refine this: ``step`` selects elements
(the selector of gate policies), and ``area``/``status``, ``kind``, ``notes`` (globs of note
paths) or ``silent = true`` replace what the defaults say about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any, Iterable

import networkx as nx

from ..errors import UserError
from ..gates import selectors
from ..model.elements import ACTIVITY_TAGS, Document, Process
from ..model.extensions import properties
from ..vocabulary import STATUS_ORDER, area_key, normalise
from .log import Observation, time_key

VAULT_CASE = "vault"
status_of = lru_cache(maxsize=4096)(normalise)  # a long history repeats the same few cells
WORK_STARTED = "PARTIAL"
PERSON_TAGS = frozenset({"userTask", "manualTask", "task"})  # the steps sessions log
_STEP_TAGS = ACTIVITY_TAGS | {"intermediateCatchEvent", "intermediateThrowEvent"}
_STATUS_CALL = re.compile(r"\s*vault\.status_at_least\(\s*(['\"])([^'\"]{1,200})\1\s*,\s*"
                          r"(['\"])([^'\"]{1,40})\3\s*\)\s*")


@dataclass(frozen=True)
class Step:
    """A visible element: its activity label and what shows it happened."""

    element: str  # element id, or the id of a conditional flow
    label: str
    name: str
    tag: str
    area: str | None = None
    status: str | None = None  # the threshold, with ``area``
    kinds: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    loop: bool = False  # on a cycle: may happen more than once
    silent: bool = False
    position: float = 0.0  # flows from a start event: orders steps seen at one moment


@dataclass(frozen=True, slots=True)
class Event:
    case: str
    activity: str
    element: str
    time: str
    source: str
    by: str
    what: str  # "Chat 10 Consolidation reached PARTIAL"
    key: tuple  # the order within the case


def status_condition(text: str | None) -> tuple[str, str] | None:
    """(area, status) when a condition is exactly one status threshold.

    >>> status_condition('vault.status_at_least("Chat 8a", "FIRST PASS")')
    ('Chat 8a', 'FIRST PASS')
    >>> status_condition('level_ok and vault.status_at_least("Chat 10", "COMPLETE")') is None
    True
    """
    match = _STATUS_CALL.fullmatch(text or "")
    status = normalise(match.group(4)) if match else None
    return (match.group(2).strip(), status) if status else None


def _short(label: str) -> str:
    """The part of a chat-plan label that element names use: ``chat 10``, ``chats 3-7``."""
    key = area_key(label)
    match = re.match(r"chats?\s+\S+", key)
    return match.group(0) if match else key


def named_area(name: str, labels: Iterable[str]) -> str | None:
    """The one chat-plan area an element's name names, as a whole word.

    >>> named_area("Consolidate the brainstorms (Chat 10)", ["Chat 1 BPMN", "Chat 10 Consolidation"])
    'Chat 10 Consolidation'
    """
    text = area_key(name)
    found = {label for label in labels if (short := _short(label)) in text  # cheap test first
             and re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text)}
    return found.pop() if len(found) == 1 else None


def same_area(step_area: str, label: str) -> bool:
    """``Chat 8a`` is ``Chat 8a Session Memory``, as the facts API reads areas."""
    key, other = area_key(step_area), area_key(label)
    return other == key or other.startswith(key + " ") or key.startswith(other + " ")


def _graph(process: Process) -> nx.DiGraph:
    graph = nx.DiGraph((f.source, f.target) for f in process.scope.flows if f.source and f.target)
    graph.add_nodes_from(n.id for n in process.scope.nodes if n.id)
    return graph


def _loop_nodes(graph: nx.DiGraph) -> set[str]:
    return {n for part in nx.strongly_connected_components(graph)
            if len(part) > 1 for n in part} | {n for n in graph if graph.has_edge(n, n)}


def _positions(graph: nx.DiGraph, process: Process) -> dict[str, int]:
    """Shortest number of flows from a start event (or a node nothing leads to)."""
    starts = [n.id for n in process.scope.nodes if n.id and n.tag == "startEvent"] or \
        [n for n in graph if not graph.in_degree(n)]
    return nx.multi_source_dijkstra_path_length(graph, starts) if starts else {}


def default_steps(process: Process, areas: Iterable[str]) -> list[Step]:
    areas = sorted(set(areas))
    graph = _graph(process)
    loops, positions = _loop_nodes(graph), _positions(graph, process)
    far = len(graph) + 1  # after everything: nodes no start event reaches
    found = []
    for node in process.scope.nodes:
        if not node.id or node.tag not in _STEP_TAGS:
            continue
        name = " ".join((node.name or "").split()) or node.id
        step = Step(node.id, name, name, node.tag, loop=node.id in loops,
                    position=positions.get(node.id, far))
        condition = next((d.condition.body for d in getattr(node, "definitions", ())
                          if d.condition is not None), None)
        threshold = status_condition(condition)
        area = named_area(name, areas)
        if threshold:
            step = replace(step, area=threshold[0], status=threshold[1])
        elif area:
            step = replace(step, area=area, status=WORK_STARTED)
        kind = properties(node).get("kind")
        if kind:
            step = replace(step, kinds=(kind.lower(),))
        found.append(step)
    names = {n.id: " ".join((n.name or "").split()) for n in process.scope.nodes if n.id}
    for flow in process.scope.flows:
        threshold = status_condition(flow.condition.body if flow.condition else None)
        if threshold and any(named_area(names.get(other.target, ""), areas) == threshold[0]
                             for other in process.scope.flows
                             if other.source == flow.source and other is not flow):
            continue  # skips the area's own step when the vault has it already: silent
        if flow.id and threshold:
            found.append(Step(flow.id, f"{threshold[0]} at {threshold[1]}",
                              f"{threshold[0]} at {threshold[1]}", "sequenceFlow",
                              threshold[0], threshold[1], loop=flow.source in loops,
                              position=positions.get(flow.target, far) - 0.5))
    return found


def refine(steps: list[Step], table: Any, document: Document, where: str,
           process: Process | None = None) -> list[Step]:
    """Apply ``[[conform.map]]`` entries (in order; a later entry wins); an entry with
    ``process`` (id or name globs) only to those processes. The table has the shape
    :data:`metis_bpmn.gates.policies.SHAPE` gives it."""
    lanes = selectors.lanes_of(document)
    by_id = {s.element: s for s in steps}
    for index, entry in enumerate(table.get("map", []), 1):
        if process is not None and not selectors.process_matches(
                process, entry.get("process", "*"), lanes):
            continue
        matched = [s for s in by_id.values()
                   if (element := document.get(s.element)) is not None
                   and selectors.matches(element, entry["step"], lanes)]
        if not matched:
            raise UserError(f"{where}: conform.map {index}: step selects no element of the "
                            "process")
        status = entry.get("status", WORK_STARTED)
        for step in matched:
            by_id[step.element] = replace(
                step,
                area=selectors.one_or_many(entry["area"])[0] if "area" in entry else None,
                status=normalise(status) if "area" in entry else None,
                kinds=tuple(k.lower() for k in selectors.one_or_many(entry.get("kind", []))),
                notes=selectors.one_or_many(entry.get("notes", [])),
                silent=entry.get("silent", False))
    return list(by_id.values())


def unique_labels(steps: list[Step]) -> list[Step]:
    """Labels are activity names in the log: a repeated name gets its element id."""
    seen: dict[str, int] = {}
    for step in steps:
        seen[step.label] = seen.get(step.label, 0) + 1
    return [replace(s, label=f"{s.label} ({s.element})") if seen[s.label] > 1 else s
            for s in steps]


class Timeline:
    """Every area's statuses as observed, in time order: what a status was at a moment."""

    def __init__(self, observations: Iterable[Observation]) -> None:
        self.labels: dict[str, str] = {}
        self.seen: dict[str, list[tuple[str, str, Observation]]] = {}
        for o in observations:
            status = status_of(o.value) if o.kind == "status" else None
            if status:
                self.labels.setdefault(area_key(o.subject), o.subject)
                self.seen.setdefault(area_key(o.subject), []).append((o.key(), status, o))

    def areas(self, step_area: str) -> list[str]:
        return [key for key in self.seen if same_area(step_area, key)]

    def label(self, step_area: str) -> str:
        keys = self.areas(step_area)
        return self.labels[keys[0]] if len(keys) == 1 else step_area

    def status_at(self, step_area: str, key: tuple) -> tuple[str, Observation | None]:
        """The area's latest status observed before ``key``, and the observation (NOT
        STARTED and None when nothing was observed)."""
        seen = [(k, s, o) for area in self.areas(step_area) for k, s, o in self.seen[area]
                if k[:2] <= key[:2]]  # the same note or commit shows one moment
        if not seen:
            return STATUS_ORDER[0], None
        _, status, observation = max(seen, key=lambda item: item[0])
        return status, observation

    def crossing(self, step_area: str, status: str) -> Observation | None:
        """The first observation of the area at ``status`` or later."""
        wanted = STATUS_ORDER.index(status)
        found = [(k, o) for area in self.areas(step_area) for k, s, o in self.seen[area]
                 if STATUS_ORDER.index(s) >= wanted]
        return min(found, key=lambda item: item[0])[1] if found else None


def _event(step: Step, o: Observation, case: str, what: str, rank: int = 0) -> Event:
    """Events one note or commit shows at one moment are ordered as the process orders
    their steps (their order in the note is no evidence of the order they happened in);
    a session log's steps keep the log's order."""
    within = (o.order,) if o.kind == "step" else (step.position, rank, o.order)
    return Event(case, step.label, step.element, o.time, o.source, o.by, what,
                 (time_key(o.time), o.source, *within))


def vault_events(steps: list[Step], observations: list[Observation],
                 timeline: Timeline) -> list[Event]:
    """The vault case: status crossings and notes, each non-loop step once (the first)."""
    found = []
    for step in steps:
        if step.silent:
            continue
        if step.area and step.status:
            o = timeline.crossing(step.area, step.status)
            if o is not None:
                found.append(_event(step, o, VAULT_CASE,
                                    f"{timeline.label(step.area)} reached {status_of(o.value)}",
                                    STATUS_ORDER.index(step.status)))
        if step.kinds or step.notes:
            for o in observations:
                if o.kind == "note" and (o.value in step.kinds
                                         or any(fnmatchcase(o.subject, g) for g in step.notes)):
                    what = f"A note of kind {o.value} was written" if o.value \
                        else "A note was written"
                    found.append(_event(step, o, VAULT_CASE, what))
    return _once(sorted(found, key=lambda e: e.key), {s.element for s in steps if s.loop})


def handoff_events(steps: list[Step], observations: list[Observation]) -> dict[str, list[Event]]:
    """One case per handoff note: the steps of kinds its session did (processes with a
    step of kind ``handoff`` only: one run of them is one session)."""
    if not any("handoff" in s.kinds for s in steps):
        return {}
    cases: dict[str, list[Event]] = {}
    for o in observations:
        if o.kind != "handoff":
            continue
        for step in steps:
            if o.value in step.kinds and not step.silent:
                cases.setdefault(o.case, []).append(
                    _event(step, o, o.case, f'The session did "{step.name}"'))
    return {case: sorted(events, key=lambda e: e.key) for case, events in sorted(cases.items())}


def observed_kinds(observations: list[Observation], steps: list[Step]) -> set[str]:
    """The kinds some observation carries: steps of other kinds cannot be seen."""
    kinds = {o.value for o in observations if o.kind == "note" and o.value}
    if any("handoff" in s.kinds for s in steps):
        kinds |= {o.value for o in observations if o.kind == "handoff"}
    return kinds


def session_events(steps: list[Step], observations: list[Observation]) -> dict[str, list[Event]]:
    """One case per session: the steps it logged."""
    by_id = {s.element: s for s in steps}
    cases: dict[str, list[Event]] = {}
    for o in observations:
        step = by_id.get(o.subject)
        if o.kind == "step" and step is not None and not step.silent:
            cases.setdefault(o.case, []).append(
                _event(step, o, o.case, f"{step.name} was completed in session {o.case}"))
    return {case: sorted(events, key=lambda e: e.key) for case, events in sorted(cases.items())}


def logged_steps(observations: list[Observation]) -> dict[str, list[Event]]:
    """Every session's steps as they were logged, by task name (``session export``)."""
    cases: dict[str, list[Event]] = {}
    for o in sorted(observations, key=Observation.key):
        if o.kind == "step":
            cases.setdefault(o.case, []).append(Event(
                o.case, o.value, o.subject, o.time, o.source, o.by,
                f"{o.value} was completed in session {o.case}", o.key()))
    return dict(sorted(cases.items()))


def _once(events: list[Event], loops: set[str]) -> list[Event]:
    seen: set[str] = set()
    kept = []
    for event in events:
        if event.element in seen and event.element not in loops:
            continue  # a second observation of a step that happens once
        seen.add(event.element)
        kept.append(event)
    return kept
