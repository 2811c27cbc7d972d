"""unset-variable: A condition reads process data that nothing sets before it

## What it finds
In an executable process that declares its data the Metis way (any `metis:field`,
`metis:sets` or `metis:inputs` in it; elsewhere data may come from forms or services we
cannot see), a name a condition reads (other than `vault` and the built-in functions) that
is not set on every path from a start to the decision. A name is set by a step declaring it
as a field (`<metis:field name="approved" type="boolean"/>` in its extension elements, or
the older `metis:sets="a,b"`), by a script task assigning it, or is an input of the process
(a `metis:field` of the process element, or `metis:inputs="a,b"`, given with `session start
--set`). The path shows a run that reaches the decision without setting it; the hint names
the closest known name.

## Why it matters
The condition raises "name is not defined" when a session reaches the decision, and the
instance stops in error.

## Example
A gateway reading `approved` where the approval task sets `aproved`.

## Fix
Declare the field on the step that sets it
(`<metis:field name="approved" type="boolean" question="Approved?"/>`), or fix the name.
"""

import ast

from ...gates.vocabulary import GLOBALS, closest, python_conditions
from ...graph.build import entry_nodes
from ...graph.bypass import bypass_path
from ...model.extensions import properties
from ...model.fields import fields
from ...sandbox import Rejected, names_read, parse
from ...finding import Severity
from ..flowgraph import graph_of
from ..rule import rule


def _split(value: str | None) -> set[str]:
    return {v.strip() for v in (value or "").split(",") if v.strip()}


def _assigned(script: str) -> set[str]:
    try:
        tree = parse(script, "exec")
    except Rejected:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _data_of(process) -> tuple[bool, set[str], set[str], dict[str, set[str]]]:
    """(declares its data, inputs, every known name, name -> nodes that set it)."""
    inputs = _split(properties(process).get("inputs")) | {f.name for f in fields(process)}
    declared = "inputs" in properties(process) or bool(inputs)
    known, setters = set(inputs), {}
    for scope in process.scope.walk():
        for node in scope.nodes:
            declared = declared or "sets" in properties(node) or bool(fields(node))
            sets = _split(properties(node).get("sets")) | {f.name for f in fields(node)}
            if getattr(node, "script", None) is not None:
                sets |= _assigned(node.script.body)
            known |= sets
            for name in sets:
                setters.setdefault(name, set()).add(node.id)
    return declared, inputs, known, setters


@rule("unset-variable", "A condition reads process data that nothing sets before it",
      module_doc=__doc__, default=Severity.ERROR, category="vault")
def check(ctx):
    for condition in python_conditions(ctx.document):
        try:
            names = names_read(condition.expression.body) - GLOBALS
        except Rejected:
            continue  # invalid-condition-expression reports it
        if not names:
            continue
        declared, inputs, known, setters = ctx.memo(
            ("process data", id(condition.process)), lambda: _data_of(condition.process))
        if not declared:
            continue
        graph = graph_of(ctx, condition.scope)
        for name in sorted(names - inputs):
            path = bypass_path(graph, entry_nodes(condition.scope), condition.node_id,
                               setters.get(name, ()))
            if path is None:
                continue
            near = closest(name, known - {name})
            yield ctx.finding(condition.element_id, f"{name!r} is read here but not set on "
                                                    "every path before it",
                              line=condition.expression.line, evidence=tuple(path),
                              hint=f"did you mean {near!r}?" if near else
                              "declare it as a metis:field of the step that sets it, or "
                              "of the process")
