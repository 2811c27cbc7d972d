"""The processes of a collaboration as one token net, with message flows as the edges that
carry messages between them (the semantics of docs/soundness.md).

The processes start together, each from one of its free start events (a synthetic start,
named after the collaboration, puts a token on one per process; a process's start events are
alternatives). A message flow from a sending element puts a message on the message edge when
the sender fires; messages are counted per message flow and never make a run unsafe. A
receiving element (receive task, message catch event) needs both its sequence-flow token and
a message; a message start event starts its process when its message arrives. An event-based
gateway takes the branch of a receiver only when its message is there, and never the branch
of an event that can never fire. A receiver whose messages come from a black-box pool (or an
empty process, or an element outside the composed processes) can always receive: its sender
is the environment. A receiver that no message flow reaches never fires (the published
reading; ``unmodelled-senders = true`` assumes a partner outside the model may send it).
Message flows from or into embedded sub-processes are not modelled (each sub-process is
analysed on its own).
"""

from __future__ import annotations

from itertools import product
from types import MappingProxyType
from typing import Mapping

from ..model.elements import Collaboration, Document, Event, Process, Scope
from .net import Net, Ports, build


def _receives(node) -> bool:
    return node.tag == "receiveTask" or (
        isinstance(node, Event) and node.tag == "intermediateCatchEvent" and "message" in node.kinds)


def _message_start(node) -> bool:
    return isinstance(node, Event) and node.tag == "startEvent" and "message" in node.kinds


NO_SENDER = "a message, but no message flow brings one"
MAX_START_COMBINATIONS = 16


def _process_of(document: Document, participant) -> Process | None:
    """A participant's process, if it has one with content (an empty process is a black box
    pool in all but name: it may send anything)."""
    process = document.get(participant.process_ref or "")
    return process if isinstance(process, Process) and process.scope.nodes else None


def _participant_processes(document: Document, collaboration: Collaboration) -> list[Process]:
    found: list[Process] = []
    for participant in collaboration.participants:
        process = _process_of(document, participant)
        if process is not None and process not in found:
            found.append(process)
    return found


def unreachable_receivers(document: Document, collaboration: Collaboration,
                          unmodelled_senders: bool = False) -> dict[str, str]:
    """Receivers of the collaboration's processes that no message flow reaches: they never
    fire (the published semantics). With ``unmodelled_senders``, a partner outside the model
    may send them anything, so none is blocked."""
    if unmodelled_senders:
        return {}
    targets = {flow.target for flow in collaboration.message_flows}
    return {node.id: NO_SENDER for p in _participant_processes(document, collaboration)
            for node in p.scope.nodes if node.id and _receives(node) and node.id not in targets}


def interacting(document: Document, collaboration: Collaboration) -> bool:
    """Whether a message flow connects two of the collaboration's processes (only then is
    playing them together worth its cost)."""
    owner = {}
    for process in _participant_processes(document, collaboration):
        for node in process.scope.nodes:
            if node.id:
                owner[node.id] = process.id
    return any(owner.get(f.source) and owner.get(f.target)
               and owner[f.source] != owner[f.target] for f in collaboration.message_flows)


def _senders(collaboration: Collaboration, nodes: dict,
             composed: set[str]) -> dict[str, list[str | None]]:
    """Receiver id -> its senders (None: the environment, a black box, an element inside an
    embedded sub-process or anything else outside the composed processes: it can always
    send)."""
    incoming: dict[str, list[str | None]] = {}
    for flow in collaboration.message_flows:
        if flow.target in nodes:
            sender = flow.source if flow.source in composed else None
            incoming.setdefault(flow.target, []).append(sender)
    return incoming


INSTANCE = "#instance"


def _second_instance(net: Net, part: Net, nodes: dict, incoming: dict,
                     starts: list[str]) -> list[str]:
    """Add a copy of a process (ids suffixed ``#instance``, names kept) whose only way in is
    the message starts ``starts``; returns the copies of those starts. The copy's receivers
    get the same senders; its nodes and paths read as the originals in findings."""
    copy = {node: node + INSTANCE for node in part.kinds}
    for node, kind in part.kinds.items():
        net.kinds[copy[node]] = "task" if kind == "start" else kind
        net.out[copy[node]], net.inc[copy[node]] = Ports(), Ports()
        net.names[copy[node]] = part.names[node]
        nodes[copy[node]] = nodes.get(node)
        if node in incoming:
            incoming[copy[node]] = incoming[node]
    for host, events in part.boundaries.items():
        net.boundaries[copy[host]] = [(copy[e], interrupting) for e, interrupting in events]
    net.event_based |= {copy[n] for n in part.event_based}
    net.why_blocked.update({copy[n]: why for n, why in part.why_blocked.items()})
    for edge in sorted(part.edges.values(), key=lambda e: e.id):
        net.add_edge(copy[edge.src], copy[edge.dst])
    for senders in list(incoming.values()):  # the copy sends what the original sends
        senders += [copy[s] for s in list(senders) if s in copy]
    return [copy[s] for s in starts]


def _add_helper(net: Net, helper: str, name: str) -> None:
    net.kinds[helper] = "task"
    net.out[helper], net.inc[helper] = Ports(), Ports()
    net.names[helper] = name


def _origins(net: Net, collaboration: Collaboration, free: list[list[str]]) -> None:
    """Synthetic starts: each puts a token on one free start event of every process that
    has one. A process's start events are alternatives (each starts its own instance), so
    every combination is a start of the collaboration, up to a cap."""
    combinations = list(product(*[starts for starts in free if starts]))
    if len(combinations) > MAX_START_COMBINATIONS:
        combinations = [tuple(starts[0] for starts in free if starts)]
    for number, chosen in enumerate(combinations):
        origin = collaboration.id if number == 0 else f"{collaboration.id}#{number}"
        net.kinds[origin] = "start"
        net.out[origin], net.inc[origin] = Ports(), Ports()
        net.names[origin] = collaboration.name or collaboration.id
        for start in chosen:
            net.add_edge(origin, start)


def _wire_receivers(net: Net, nodes: dict, incoming: dict, starts: set[str]) -> None:
    """A receiver fires when one of its sequence tokens and one message are there; a message
    start event in ``starts`` fires when its message arrives."""
    for node_id, node in list(nodes.items()):
        if node_id not in net.kinds or node is None \
                or not (_receives(node) or node_id in starts):
            continue
        senders = incoming.get(node_id, [])
        if not senders or None in senders:
            continue  # no flow: blocked by unreachable_receivers; the environment: always
        message_in = f"{node_id}#message"
        named = " or ".join(sorted({net.names[s] for s in senders}))
        _add_helper(net, message_in, f"a message from {named}")
        for sender in senders:
            net.add_edge(sender, message_in)
        if _message_start(node):
            net.add_edge(message_in, node_id)
            continue
        sequence_in = f"{node_id}#in"
        _add_helper(net, sequence_in, f"the flow into {net.names[node_id]}")
        for edge_id in list(net.inc[node_id]):
            edge = net.remove_edge(edge_id)
            net.add_edge(edge.src, sequence_in)
        net.add_edge(sequence_in, node_id)
        net.add_edge(message_in, node_id)
        if net.kinds[node_id] == "task":  # its boundary events can fire while it waits
            net.kinds[node_id] = "and"
            net.receivers.add(node_id)


def compose(document: Document, collaboration: Collaboration,
            blocked: Mapping[str, str] = MappingProxyType({})) -> tuple[Net, Scope] | None:
    """The composed net of the collaboration's processes and a scope holding all their
    elements, or None when fewer than two participants have a process to play.

    A process starts from one of its start events (they are alternatives, never fired
    together) when the collaboration starts. A message start event that message flows reach
    starts its process when a message arrives instead: as the process's one instance when it
    has no other start event, else as a second instance beside the first."""
    processes = _participant_processes(document, collaboration)
    if len(processes) < 2 or not collaboration.id:
        return None
    nets = [(p, build(p.scope, blocked)) for p in processes]
    nets = [(p, n) for p, n in nets if n is not None]
    if len(nets) < 2:
        return None
    net = Net({}, {}, {}, {})
    nodes = {n.id: n for p, _ in nets for n in p.scope.nodes if n.id}
    composed = {n for _, part in nets for n in part.kinds}
    incoming = _senders(collaboration, nodes, composed)
    # Message starts that only modelled senders can start (the environment can start the
    # others at any time, like a none start).
    fed = {target for target, senders in incoming.items() if None not in senders}
    free: list[list[str]] = []
    wired: set[str] = set()
    for _, part in nets:
        for node, kind in part.kinds.items():
            net.kinds[node] = "task" if kind == "start" else kind
            net.out[node], net.inc[node] = Ports(), Ports()
            net.names[node] = part.names[node]
        net.boundaries.update(part.boundaries)
        net.event_based |= part.event_based
        net.why_blocked.update(part.why_blocked)
        for edge in sorted(part.edges.values(), key=lambda e: e.id):
            net.add_edge(edge.src, edge.dst)
        starts = [n for n, k in part.kinds.items() if k == "start"]
        waiting = [n for n in starts if _message_start(nodes[n]) and n in fed]
        # A process starts from one of its other start events with the collaboration; a
        # message start that messages reach starts an instance of its own when one arrives
        # (beside the first instance, as a copy of the process).
        free.append([n for n in starts if n not in waiting])
        if waiting and len(waiting) < len(starts):
            waiting = _second_instance(net, part, nodes, incoming, waiting)
        wired.update(waiting)
    _origins(net, collaboration, free)
    _wire_receivers(net, nodes, incoming, wired)
    scope = Scope(owner=collaboration.id,
                  nodes=tuple(n for p, _ in nets for n in p.scope.nodes),
                  flows=tuple(f for p, _ in nets for f in p.scope.flows))
    return net, scope
