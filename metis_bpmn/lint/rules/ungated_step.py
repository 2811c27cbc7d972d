"""ungated-step: A step that a required gate does not guard on every path

## What it finds
For each gate policy (see docs/gates.md), every element matching the policy's `steps`
selector that can be reached from a start without passing an element matching its `gate`
selector. Checked on the flow graph (a gate guards a step when removing the gates cuts
every path to it), also through sub-processes. The path is the bypass: the shortest run
from a start to the step that skips every gate.

## Why it matters
The founding Metis failure: a session wrote implementation specs while the project was
still brainstorming, because nothing in the process said "consolidation must be complete
before specs". A policy states the rule once; this check proves every path obeys it.

## Example
Policy `steps = { kind = "implementation-spec" }`, `gate = { name = "Consolidation complete?" }`,
and a process `start -> brainstorm -> write build spec` that never passes the gate.

## Fix
Route every path to the step through the gate (or add the gate where it is missing).
"""

from ...gates.policies import policies_for
from ...gates.selectors import lanes_of, matches, process_matches
from ...graph.build import entry_nodes
from ...graph.bypass import bypass_path
from ...finding import Severity
from ..predicates import label
from ..flowgraph import graph_of
from ..rule import rule


def violations(ctx, policies):
    """(policy, step, bypass path) for every step a policy's gate does not guard."""
    if not policies:
        return
    doc = ctx.document
    lanes = lanes_of(doc)
    parents = {}  # sub-process id -> (parent scope, its graph)
    for process in doc.processes:
        for policy in policies:
            if not process_matches(process, policy.process, lanes):
                continue
            for scope in process.scope.walk():
                graph = graph_of(ctx, scope)
                for node in scope.subprocesses():
                    parents[node.id] = scope
                gates = [n.id for n in scope.nodes if n.id and matches(n, policy.gate, lanes)]
                for step in scope.nodes:
                    if not step.id or not matches(step, policy.steps, lanes):
                        continue
                    path = bypass_path(graph, entry_nodes(scope), step.id, gates)
                    owner = scope.owner
                    # Inside a sub-process, the sub-process itself may be guarded outside.
                    while path is not None and owner in parents:
                        outer = parents[owner]
                        outer_graph = graph_of(ctx, outer)
                        outer_gates = [n.id for n in outer.nodes
                                       if n.id and matches(n, policy.gate, lanes)]
                        prefix = bypass_path(outer_graph, entry_nodes(outer), owner, outer_gates)
                        path = None if prefix is None else prefix + path
                        owner = outer.owner
                    if path is not None:
                        yield policy, step, path


@rule("ungated-step", "A step that a required gate does not guard on every path",
      module_doc=__doc__, default=Severity.ERROR, category="gates")
def check(ctx):
    policies = [p for p in policies_for(ctx) if p.name != "irreversible-ends"]
    for policy, step, path in violations(ctx, policies):
        gate = ", ".join(f"{k} {v!r}" for k, v in policy.gate.items())
        yield ctx.finding(step, f"{label(step)} can be reached without passing the gate "
                                f"({gate}) required by policy {policy.name}",
                          evidence=tuple(path), hint=policy.message)
