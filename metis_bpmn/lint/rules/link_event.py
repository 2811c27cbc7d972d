"""link-event: A link event without a name or without its counterpart

## What it finds
Per process or sub-process: link events whose link definition has no name; a link name used
only by throw events or only by catch events (its counterpart is missing); more than one
catch event with the same link name. Same rule, name and messages as bpmnlint's `link-event`.

## Why it matters
A link is a "go to" inside one diagram level: a throw without its catch (or with two) sends
the token nowhere, or to an ambiguous place.

## Example
An intermediate throw event linking to "review" with no catch event "review".

## Fix
Name every link and pair each name with exactly one catch event in the same scope.
"""

from collections import defaultdict

from ...finding import Severity
from ..rule import rule


@rule("link-event", "A link event without a name or without its counterpart",
      module_doc=__doc__, default=Severity.ERROR, source="bpmnlint", category="structure")
def check(ctx):
    for _, scope in ctx.document.containers():
        throws, catches = defaultdict(list), defaultdict(list)
        for node in scope.nodes:
            for definition in getattr(node, "definitions", ()):
                if definition.kind != "link":
                    continue
                name = (definition.link_name or "").strip()
                if not name:
                    yield ctx.finding(node, "Link event is missing link name")
                elif node.is_throw:
                    throws[name].append(node)
                else:
                    catches[name].append(node)
        for name, nodes in sorted(throws.items()):
            if name not in catches:
                for node in nodes:
                    yield ctx.finding(node, f"Link catch event with link name <{name}> "
                                            "missing in scope")
        for name, nodes in sorted(catches.items()):
            if name not in throws:
                for node in nodes:
                    yield ctx.finding(node, f"Link throw event with link name <{name}> "
                                            "missing in scope")
            if len(nodes) > 1:
                for node in nodes:
                    yield ctx.finding(node, f"Duplicate link catch event with link name "
                                            f"<{name}> in scope")
