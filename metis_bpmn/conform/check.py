"""``conform``: read the vault's history, map it to a process, replay it, explain it.

The vault case (its notes and git history) and, for a per-session process, each handoff
note's case are replayed on the net whose visible steps are the elements the vault can show;
each session is a case of its own, replayed on the net whose visible steps are the person
tasks (automatic steps are not in a session's log). The fitness is
pm4py's log fitness over all cases of the process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..finding import Finding, Severity
from ..gates.policies import policy_file, read_gates_file
from ..model.elements import Document, Process
from ..model.parse import load_file
from ..vault.reader import read_vault
from . import gitlog, petri, vaultlog
from .explain import not_enabled, unfinished
from .log import Observation
from .mapping import (PERSON_TAGS, VAULT_CASE, Event, Step, Timeline, default_steps,
                      handoff_events, logged_steps, observed_kinds, refine, session_events,
                      unique_labels, vault_events)
from .replay import Replayer, TraceResult, log_fitness

MAX_ELEMENTS = 2000  # the size of process sessions run


@dataclass(frozen=True)
class Case:
    name: str
    events: tuple[Event, ...]
    result: TraceResult


@dataclass(frozen=True)
class Conformance:
    process: Process
    file: str
    steps: tuple[Step, ...]
    cases: tuple[Case, ...]
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]
    nets: tuple[petri.Net, petri.Net]  # the vault's and the sessions'

    @property
    def fitness(self) -> float | None:
        return log_fitness(c.result for c in self.cases)

    @property
    def events(self) -> int:
        return sum(len(c.events) for c in self.cases)


def load_process(path: Path, process_id: str | None = None) -> tuple[Document, Process]:
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    load = load_file(path)
    errors = [p for p in load.problems if p.rule in ("unparseable-document", "doctype-declared",
                                                     "non-bpmn-document", "oversized-document")]
    if load.document is None or errors:
        reason = errors[0].message if errors else "not a BPMN document"
        raise UserError(f"{path}: cannot be read: {reason}")
    processes = [p for p in load.document.processes if p.scope.nodes]
    big = [p for p in processes if len(p.scope.nodes) > MAX_ELEMENTS]
    if big:
        raise UserError(f"{path}: process {big[0].id} has {len(big[0].scope.nodes):,} elements, "
                        f"over the {MAX_ELEMENTS:,} that conform replays (as sessions run)")
    if process_id is not None:
        processes = [p for p in processes if p.id == process_id]
        if not processes:
            raise UserError(f"{path}: no process with id {process_id!r}")
    if len(processes) != 1:
        ids = ", ".join(p.id or "?" for p in processes) or "none"
        raise UserError(f"{path}: {len(processes)} processes with steps ({ids}); choose one "
                        "with --process-id")
    return load.document, processes[0]


def _refinements(path: Path) -> tuple[dict | None, str]:
    located = policy_file(str(path))
    if located is None:
        return None, ""
    return read_gates_file(located).get("conform"), str(located)


def mapped_steps(path: Path, document: Document, process: Process,
                 observations: list[Observation]) -> list[Step]:
    """The default mapping, refined by the ``[conform]`` table of the process's
    metis-gates.toml."""
    areas = {o.subject for o in observations if o.kind == "status"}
    steps = default_steps(process, areas)
    table, where = _refinements(path)
    if table is not None:
        steps = refine(steps, table, document, where, process)
    return unique_labels(steps)


def gather(vault_dir: Path, process: Process, *, git: bool = True):
    """The observations of the vault's history, in time order, and notes."""
    if not vault_dir.is_dir():
        raise UserError(f"{vault_dir}: no such vault folder")
    vault = read_vault(vault_dir)
    observations, notes = vaultlog.observations(vault, process.id or "")
    if git:
        labels = sorted({o.subject for o in observations if o.kind == "status"})
        found, more = gitlog.observations(vault.root, vault.config, labels)
        observations, notes = observations + found, notes + more
    return sorted(observations, key=Observation.key), notes


def cases_of(steps: list[Step], observations: list[Observation],
             timeline: Timeline) -> dict[str, list[Event]]:
    cases = {VAULT_CASE: vault_events(steps, observations, timeline)}
    cases.update(handoff_events(steps, observations))
    cases.update(session_events(steps, observations))
    return {name: events for name, events in cases.items() if events}


def nets(process: Process, steps: list[Step], kinds: set[str]) -> tuple[petri.Net, petri.Net]:
    """The vault's net and the sessions'. In the vault's, a step is visible when the vault
    can show it: an area's status (always in the chat plan), note globs, or a kind some
    note or handoff carries; in the sessions', the person tasks are."""
    def net(visible) -> petri.Net:
        shown = [s for s in steps if not s.silent and visible(s)]
        return petri.build(process, {s.element: s.label for s in shown if s.tag != "sequenceFlow"},
                           {s.element: s.label for s in shown if s.tag == "sequenceFlow"})
    return (net(lambda s: bool(s.area or s.notes or set(s.kinds) & kinds)),
            net(lambda s: s.tag in PERSON_TAGS))


def check(path: Path, vault_dir: Path, *, process_id: str | None = None,
          display: str | None = None, git: bool = True) -> Conformance:
    document, process = load_process(path, process_id)
    observations, notes = gather(vault_dir, process, git=git)
    steps = mapped_steps(path, document, process, observations)
    vault_net, session_net = nets(process, steps, observed_kinds(observations, steps))
    by_label = {s.label: s for s in steps}
    timeline = Timeline(observations)
    shown = str(display if display is not None else vault_dir)
    prefix = "" if shown in ("", ".") else shown.rstrip("/") + "/"
    vault_replay, session_replay = Replayer(vault_net), Replayer(session_net)
    where = lambda e: e.source if e.source.startswith("commit ") else prefix + e.source  # noqa: E731
    cases, findings = [], []
    for name, events in cases_of(steps, observations, timeline).items():
        in_session = events[0].source.startswith(".metis/")
        net, replayer = (session_net, session_replay) if in_session else (vault_net, vault_replay)
        events = [e for e in events if e.activity in replayer.by_label]
        if not events:
            continue
        result = replayer.trace([e.activity for e in events])
        cases.append(Case(name, tuple(events), result))
        for deviation in result.deviations:
            event = events[deviation.index]
            findings.append(not_enabled(process, net, by_label, timeline, event, deviation,
                                        where(event)))
        if result.ended and result.left:
            finding = unfinished(process, net, events[-1], result, where(events[-1]))
            if finding is not None:
                findings.append(finding)
    return Conformance(process, str(path), tuple(steps), tuple(cases),
                       tuple(sorted(findings)), tuple(notes), (vault_net, session_net))


def session_log(vault_dir: Path) -> tuple[dict[str, list[Event]], list[str]]:
    """Every session's logged steps, a case each (``session export``), and notes."""
    if not vault_dir.is_dir():
        raise UserError(f"{vault_dir}: no such vault folder")
    observations, notes = vaultlog.session_observations(vault_dir, None)
    return logged_steps(observations), notes


def exit_code(result: Conformance) -> int:
    return 1 if any(f.severity >= Severity.WARNING for f in result.findings) else 0
