"""What one evaluation may cost, and the meter that enforces it.

Built-ins run in C and cannot be interrupted, so the meter prices every operation *before*
it runs, from the sizes of its operands: tree steps, work (elements touched by C code) and
allocation (items and characters created) each have a budget, and the wall clock is checked
as work is charged. A refusal is a :class:`~.errors.Rejected`, never a partial result.
"""

from __future__ import annotations

import time
from datetime import date, datetime, time as clock_time, timedelta

from .errors import Rejected

MAX_SOURCE = 20_000          # characters of one expression or script
MAX_NESTING = 60             # syntax-tree depth
MAX_STEPS = 100_000          # tree-walking steps
MAX_WORK = 2_000_000         # elements touched by built-ins, comparisons, formatting
MAX_ALLOCATED = 2_000_000    # items and characters created in all
MAX_SEQUENCE = 100_000       # items of one collection, characters of one string
MAX_INT_BITS = 4096
MAX_SECONDS = 1.0

CONTAINERS = (list, tuple, dict, set, frozenset, range)
SIZED = frozenset({str, list, tuple, dict, set, frozenset})
ALLOWED = frozenset({type(None), bool, int, float, str, date, datetime, clock_time, timedelta,
                     *CONTAINERS})


def weight(value: object, cap: int) -> int:
    """Elements and characters in ``value``, counted as deep as needed, stopping past
    ``cap`` (shared references count each time: that is what repr or equality walk).

    >>> weight(["ab", ("c", 1)], 100)
    8
    """
    total, stack = 0, [value]
    while stack and total <= cap:
        item = stack.pop()
        total += 1
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, range):
            total += len(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            if len(item) > cap:
                return cap + 1
            stack.extend(item)
    return total


class Meter:
    """The budget of one evaluation."""

    __slots__ = ("steps", "work", "allocated", "deadline")

    def __init__(self) -> None:
        self.steps = self.work = self.allocated = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Rejected(f"evaluation exceeded {MAX_STEPS:,} steps")
        if not self.steps % 512:
            self._clock()

    def _clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise Rejected(f"evaluation exceeded {MAX_SECONDS:g} s")

    def charge(self, units: int) -> None:
        """Price C-level work before it runs."""
        self.work += units
        if self.work > MAX_WORK:
            raise Rejected("evaluation is too costly (it would touch more than "
                           f"{MAX_WORK:,} elements)")
        if units > 1000:
            self._clock()

    def charge_deep(self, *values: object) -> None:
        """Price an operation that walks its operands completely (equality, repr, hash)."""
        for value in values:
            if isinstance(value, CONTAINERS) or (isinstance(value, str) and len(value) > 64):
                self.charge(weight(value, MAX_WORK - self.work))

    def allocate(self, size: int) -> None:
        """Refuse a result of ``size`` items before it is built."""
        if size > MAX_SEQUENCE:
            raise Rejected(f"result would be longer than {MAX_SEQUENCE:,} items")
        self.allocated += size
        if self.allocated > MAX_ALLOCATED:
            raise Rejected(f"evaluation would create more than {MAX_ALLOCATED:,} items")
        self.charge(size)

    def admit(self, value: object) -> object:
        """Check a value an operation produced or the program was given: one of the allowed
        types exactly (no subclasses, no other objects), within the size limits."""
        kind = type(value)
        if kind not in ALLOWED:
            raise Rejected(f"a value of type {kind.__name__} is not allowed")
        if kind is int and value.bit_length() > MAX_INT_BITS:  # type: ignore[union-attr]
            raise Rejected(f"integer larger than {MAX_INT_BITS} bits")
        if kind in SIZED and len(value) > MAX_SEQUENCE:  # type: ignore[arg-type]
            raise Rejected(f"a value longer than {MAX_SEQUENCE:,} items")
        return value
