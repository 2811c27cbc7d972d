"""unknown-vault-fact: A condition calls a vault fact that does not exist

## What it finds
In an executable process, a condition that uses `vault.<name>` where `<name>` is not one of
the vault facts (docs/vault.md). The hint names the closest fact.

## Why it matters
The condition fails at run time with an error instead of deciding the gate; a misspelt fact
name is found only when a session reaches the gate.

## Example
`vault.status_atleast("Chat 8a", "FIRST PASS")`

## Fix
Use the fact's exact name: `vault.status_at_least(...)`.
"""

from ...gates.vocabulary import FACTS, closest, parse, python_conditions, vault_calls
from ...finding import Severity
from ..rule import rule


@rule("unknown-vault-fact", "A condition calls a vault fact that does not exist",
      module_doc=__doc__, default=Severity.ERROR, category="vault")
def check(ctx):
    for condition in python_conditions(ctx.document):
        tree = parse(condition.expression.body)
        for node in vault_calls(tree) if tree is not None else ():
            if node.attr not in FACTS:
                near = closest(node.attr, FACTS)
                yield ctx.finding(condition.element_id,
                                  f"vault.{node.attr} is not a vault fact",
                                  line=condition.expression.line,
                                  hint=f"did you mean vault.{near}?" if near else
                                  "see docs/vault.md for the facts")
