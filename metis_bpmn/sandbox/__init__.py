"""A restricted evaluator for the expressions and scripts in untrusted BPMN files.

Nothing here calls Python's ``eval`` or ``exec``: expressions are parsed with :mod:`ast`,
checked against an allow-list of forms, and interpreted by a small tree walker with a step
budget. See :mod:`metis_bpmn.sandbox.interpreter` for what is allowed.
"""

from .interpreter import (  # noqa: F401
    EvaluationError, Rejected, SandboxError, check_expression, check_script, evaluate, execute,
    names_read,
)
