"""The processes of a collaboration as one token net, with message flows as the edges that
carry messages between them.

All participants' processes start together (a synthetic start, named after the collaboration,
puts a token on each start event). A message flow from a sending element puts a token on the
message edge when the sender fires; a receiving element (receive task, message catch event)
then needs both its sequence-flow token and a message. An event-based gateway takes the branch of a
receiver only when its message is there (the event that happens first decides). A receiver
whose messages come from a
black-box pool (or an element outside the composed processes) can always receive: its sender
is the environment. A receiver that no message flow reaches waits forever when every
participant has a process (bpmninvest's "missing message flow"); with a black-box pool in the
collaboration, it is assumed to hear from there. Message flows from or into embedded
sub-processes are not modelled (each sub-process is analysed on its own).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from ..model.elements import Collaboration, Document, Event, Process, Scope
from .net import Net, Ports, build


def _receives(node) -> bool:
    return node.tag == "receiveTask" or (
        isinstance(node, Event) and node.tag == "intermediateCatchEvent" and "message" in node.kinds)


NO_SENDER = "a message, but no message flow brings one"


def _participant_processes(document: Document, collaboration: Collaboration) -> list[Process]:
    found: list[Process] = []
    for participant in collaboration.participants:
        process = document.get(participant.process_ref or "")
        if isinstance(process, Process) and process not in found:
            found.append(process)
    return found


def unreachable_receivers(document: Document, collaboration: Collaboration) -> dict[str, str]:
    """Receivers of the collaboration's processes that no message can reach: no message flow
    ends at them and every participant is modelled (no black box to hear from)."""
    if any(not p.process_ref for p in collaboration.participants):
        return {}
    processes = _participant_processes(document, collaboration)
    if len(processes) < 2:
        return {}
    targets = {flow.target for flow in collaboration.message_flows}
    return {node.id: NO_SENDER for p in processes for node in p.scope.nodes
            if node.id and _receives(node) and node.id not in targets}


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


def compose(document: Document, collaboration: Collaboration,
            blocked: Mapping[str, str] = MappingProxyType({})) -> tuple[Net, Scope] | None:
    """The composed net of the collaboration's processes and a scope holding all their
    elements, or None when fewer than two participants have a process to play."""
    processes = _participant_processes(document, collaboration)
    if len(processes) < 2 or not collaboration.id:
        return None
    nets = [(p, build(p.scope, blocked)) for p in processes]
    nets = [(p, n) for p, n in nets if n is not None]
    if len(nets) < 2:
        return None
    net = Net({}, {}, {}, {})
    origin = collaboration.id
    net.kinds[origin] = "start"
    net.out[origin], net.inc[origin] = Ports(), Ports()
    net.names[origin] = collaboration.name or origin
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
        for node, kind in part.kinds.items():
            if kind == "start":
                net.add_edge(origin, node)
    nodes = {n.id: n for p, _ in nets for n in p.scope.nodes if n.id}
    black_box = any(not p.process_ref for p in collaboration.participants)
    incoming: dict[str, list[str | None]] = {}
    for flow in collaboration.message_flows:
        if flow.target in nodes:
            sender = flow.source if flow.source in nodes and flow.source in net.kinds else None
            incoming.setdefault(flow.target, []).append(sender)
    for node_id, node in nodes.items():
        if node_id not in net.kinds or not _receives(node):
            continue
        senders = incoming.get(node_id, [])
        if senders and None in senders:
            continue  # the environment can always send
        if not senders:
            if not black_box:  # every participant is modelled: nobody can send it
                net.kinds[node_id] = "blocked"
                net.why_blocked[node_id] = NO_SENDER
            continue
        # The receiver fires when one of its sequence tokens and one message are there.
        sequence_in, message_in = f"{node_id}#in", f"{node_id}#message"
        senders_named = " or ".join(sorted({net.names[s] for s in senders}))
        for helper, name in ((sequence_in, f"the flow into {net.names[node_id]}"),
                             (message_in, f"a message from {senders_named}")):
            net.kinds[helper] = "task"
            net.out[helper], net.inc[helper] = Ports(), Ports()
            net.names[helper] = name
        for edge_id in list(net.inc[node_id]):
            edge = net.remove_edge(edge_id)
            net.add_edge(edge.src, sequence_in)
        for sender in senders:
            net.add_edge(sender, message_in)
        net.add_edge(sequence_in, node_id)
        net.add_edge(message_in, node_id)
        if net.kinds[node_id] == "task" and node_id not in net.boundaries:
            net.kinds[node_id] = "and"
            net.receivers.add(node_id)
    scope = Scope(owner=collaboration.id,
                  nodes=tuple(n for p, _ in nets for n in p.scope.nodes),
                  flows=tuple(f for p, _ in nets for f in p.scope.flows))
    return net, scope
