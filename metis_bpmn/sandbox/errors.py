"""The sandbox's errors. Messages name forms, types and source text, never evaluated values:
a value may come from anywhere (a note, the environment if a check were ever missed)."""

from __future__ import annotations


class SandboxError(Exception):
    """Base class: the expression could not be evaluated safely."""


class Rejected(SandboxError):
    """The expression uses a form the sandbox does not allow, or would cost too much."""


class EvaluationError(SandboxError):
    """The expression is allowed but failed while running (unknown name, wrong type...)."""
