"""A restricted evaluator for the expressions and scripts in untrusted BPMN files.

Nothing here calls Python's ``eval`` or ``exec``: expressions are parsed with :mod:`ast`
within size and nesting limits, checked against a closed world of names, built-ins and
methods (:mod:`.checker`), and interpreted by a tree walker that prices every operation
before it runs (:mod:`.limits`).
"""

from .checker import (  # noqa: F401
    check_expression, check_script, free_names, names_read, parse,
)
from .errors import EvaluationError, Rejected, SandboxError  # noqa: F401
from .interpreter import evaluate, execute  # noqa: F401
