"""Static checks of condition expressions: which language, is it well formed, is it constant.

Python bodies (SpiffWorkflow's language) are parsed within the sandbox's limits, and those
that read no name are folded by the sandbox's own evaluator (so folding has the same limits
as running); JUEL (``${...}``, Camunda) and other languages get a textual look.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ..model.elements import Expression
from ..sandbox import Rejected, SandboxError, evaluate, parse

PYTHON, JUEL, FEEL, OTHER = "python", "juel", "feel", "other"

_JUEL_KEYWORDS = frozenset({
    "true", "false", "null", "and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge", "empty",
    "div", "mod", "instanceof",
})
_JUEL_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", re.S)
_JUEL_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_LITERAL_TRUTH = {"true": True, "false": False, "true()": True, "false()": False}


def language_of(expr: Expression, default: str | None = None) -> str:
    """The language family of ``expr``: ``python``, ``juel``, ``feel`` or ``other``.

    An explicit ``language`` wins; else ``${...}``/``#{...}`` means JUEL (Camunda writes no
    language), a leading ``=`` means FEEL (Zeebe), then the document's
    ``expressionLanguage``; with none of these it is Python, SpiffWorkflow's language.

    >>> language_of(Expression("a > 1", 1)), language_of(Expression("${a}", 1))
    ('python', 'juel')
    >>> language_of(Expression("a", 1, language="text/javascript"))
    'other'
    """
    if expr.language and expr.language.strip():
        return _classify(expr.language)
    body = expr.body.lstrip()
    if "${" in body or "#{" in body:
        return JUEL
    if body.startswith("="):
        return FEEL
    return _classify(default) if default and default.strip() else PYTHON


def _classify(language: str) -> str:
    key = language.strip().lower()
    if "python" in key or "spiff" in key:
        return PYTHON
    if "juel" in key or key in ("el", "uel"):
        return JUEL
    if "feel" in key:
        return FEEL
    return OTHER


def is_external(expr: Expression) -> bool:
    """True when the engine loads the body from elsewhere (``camunda:resource``)."""
    return any(name.endswith("}resource") for name in expr.attrs)


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """Why an expression is not well formed; ``line`` counts from 1 inside the body."""

    message: str
    line: int = 1


def syntax_problem(body: str, language: str) -> SyntaxProblem | None:
    """What is wrong with ``body`` as an expression of ``language``, or None.

    >>> syntax_problem("a >", PYTHON).message
    'invalid syntax'
    >>> syntax_problem("${a", JUEL).message
    "'${' at offset 0 is never closed"
    >>> syntax_problem("whatever", OTHER) is None
    True
    """
    if not body.strip():
        return SyntaxProblem("expression is empty")
    if language == PYTHON:
        return _python_problem(body)
    if language == JUEL:
        return _juel_problem(body)
    return None


def _python_problem(body: str) -> SyntaxProblem | None:
    try:
        parse(body)
    except Rejected as exc:
        message = str(exc).removeprefix("syntax error: ")
        line = re.search(r"\(line (\d+), column", message)
        return SyntaxProblem(re.sub(r" \(line \d+, column \w+\)$", "", message),
                             int(line.group(1)) if line else 1)
    return None


def _juel_parts(body: str) -> tuple[list[str], SyntaxProblem | None]:
    """The bodies of the ``${...}``/``#{...}`` parts of a JUEL composite expression."""
    parts: list[str] = []
    i = 0
    while True:
        starts = [p for p in (body.find("${", i), body.find("#{", i)) if p >= 0]
        if not starts:
            return parts, None
        start = min(starts)
        depth, j, quote = 0, start + 2, None
        while j < len(body):
            char = body[j]
            if quote:
                if char == "\\":
                    j += 1
                elif char == quote:
                    quote = None
            elif char in "'\"":
                quote = char
            elif char == "{":
                depth += 1
            elif char == "}":
                if depth == 0:
                    break
                depth -= 1
            j += 1
        if j >= len(body):
            return parts, SyntaxProblem(f"'{body[start:start + 2]}' at offset {start} is never "
                                        "closed", body.count("\n", 0, start) + 1)
        parts.append(body[start + 2:j])
        i = j + 1


def _juel_problem(body: str) -> SyntaxProblem | None:
    parts, problem = _juel_parts(body)
    if problem:
        return problem
    for part in parts:
        if not part.strip():
            return SyntaxProblem("'${}' has nothing inside", 1)
    return None


@dataclass(frozen=True, slots=True)
class Constant:
    """An expression that depends on no variable. ``value`` is its truth value when known."""

    value: bool | None


def constant(body: str, language: str) -> Constant | None:
    """A :class:`Constant` when ``body`` cannot depend on any variable, else None.

    >>> constant("1 == 1", PYTHON), constant("x == 1", PYTHON)
    (Constant(value=True), None)
    >>> constant("${true}", JUEL), constant("${a == 'x'}", JUEL)
    (Constant(value=True), None)
    >>> constant("len('abc')", PYTHON)  # a call of a name depends on the environment
    """
    if not body.strip():
        return None
    if language == PYTHON:
        return _python_constant(body)
    if language == JUEL:
        return _juel_constant(body)
    text = body.strip()
    if language == FEEL:
        text = text.removeprefix("=").strip()
    truth = _LITERAL_TRUTH.get(text.lower())
    return None if truth is None else Constant(truth)


def _python_constant(body: str) -> Constant | None:
    try:
        tree = parse(body)
    except Rejected:
        return None
    if any(isinstance(node, ast.Name) for node in ast.walk(tree)):
        return None
    try:  # the sandbox's own evaluator, with its limits: "a" * 10**9 is refused, not built
        return Constant(bool(evaluate(body)))
    except SandboxError:
        return Constant(None)


def _juel_constant(body: str) -> Constant | None:
    parts, problem = _juel_parts(body)
    if problem or any(not p.strip() for p in parts):
        return None
    for part in parts:
        words = _JUEL_IDENTIFIER.findall(_JUEL_STRING.sub(" ", part))
        if any(word not in _JUEL_KEYWORDS for word in words):
            return None
    stripped = body.strip()
    if len(parts) == 1 and stripped[2:-1] == parts[0]:
        return _juel_fold(parts[0])
    if not parts:  # literal text, coerced to a boolean by the engine
        return Constant(_LITERAL_TRUTH.get(stripped.lower()))
    return Constant(None)


# JUEL operators as Python ones, for folding literal-only JUEL; "!" but not "!=".
_JUEL_TO_PYTHON = tuple((re.compile(pattern), python) for pattern, python in (
    (r"&&", " and "), (r"\|\|", " or "), (r"!(?!=)", " not "), (r"\beq\b", "=="),
    (r"\bne\b", "!="), (r"\blt\b", "<"), (r"\bgt\b", ">"), (r"\ble\b", "<="),
    (r"\bge\b", ">="), (r"\bdiv\b", "/"), (r"\bmod\b", "%"), (r"\btrue\b", "True"),
    (r"\bfalse\b", "False"), (r"\bnull\b", "None"),
))


def _juel_fold(part: str) -> Constant:
    """The truth of a literal-only JUEL expression, folded as the equivalent Python.

    >>> _juel_fold("1==0"), _juel_fold("!false && 2 ge 1"), _juel_fold("empty 'x'")
    (Constant(value=False), Constant(value=True), Constant(value=None))
    """
    if _JUEL_STRING.search(part):  # string escapes differ; only fold string-free parts
        return Constant(None)
    text = part
    for pattern, replacement in _JUEL_TO_PYTHON:
        text = pattern.sub(replacement, text)
    found = _python_constant(text.strip())
    return found if found is not None else Constant(None)
