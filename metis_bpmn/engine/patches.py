"""Work-arounds for SpiffWorkflow 3.2.0 traps that lose data or give wrong answers silently.

- Task iterators stop at depth 1,000 by default: a READY task deeper than that is invisible
  and ``is_completed()`` turns True while work remains. We lift the default depth.
- The parser recurses along sequence flows: chains of ~490 nodes exceed Python's default
  recursion limit. We raise the limit (the interpreter stack is sized for it).
"""

from __future__ import annotations

import sys

from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.util.task import TaskIterator

UNLIMITED_DEPTH = 10**9
RECURSION_LIMIT = 20_000


def _lift_depth(cls) -> None:
    init = cls.__init__
    names = init.__code__.co_varnames[1:init.__code__.co_argcount]
    defaults = list(init.__defaults__)
    offset = len(names) - len(defaults)
    index = names.index("max_depth") - offset
    defaults[index] = UNLIMITED_DEPTH
    init.__defaults__ = tuple(defaults)


def apply() -> None:
    for cls in (TaskIterator, BpmnTaskIterator):
        _lift_depth(cls)
    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)
