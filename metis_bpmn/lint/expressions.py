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
from ..sandbox import (
    Rejected, SandboxError, check_expression, check_script, evaluate, free_names, parse,
)
from ..vocabulary import FACT_NAMES

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


def is_python(language: str | None) -> bool:
    """True for a script language SpiffWorkflow runs as Python (none given counts).

    >>> is_python(None), is_python("python"), is_python("groovy")
    (True, True, False)
    """
    return not (language and language.strip()) or _classify(language) == PYTHON


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


def syntax_problem(body: str, language: str, mode: str = "eval") -> SyntaxProblem | None:
    """What is wrong with ``body`` as an expression (or, ``mode="exec"``, a script) of
    ``language``, or None.

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
        return _python_problem(body, mode)
    if language == JUEL:
        return _juel_problem(body)
    return None


def _python_problem(body: str, mode: str) -> SyntaxProblem | None:
    try:
        parse(body, mode)
    except Rejected as exc:
        message = str(exc)
        if not message.startswith("syntax error: "):
            return None  # too long or too deep: the sandbox's refusal, reported as such
        found = re.fullmatch(r"syntax error: (.*) \(line (\d+), column \w+\)", message, re.S)
        return SyntaxProblem(found.group(1), int(found.group(2))) if found \
            else SyntaxProblem(message.removeprefix("syntax error: "))
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
    if free_names(tree, builtins=True):  # a call of a built-in counts: it is a name
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


def _closed_parts(tree: ast.AST) -> list[ast.AST]:
    """The largest sub-expressions that read no name: what runs the same on every run."""
    found, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.expr) and not isinstance(node, (ast.Constant, ast.Name)) \
                and not free_names(node):
            found.append(node)
        else:
            stack.extend(ast.iter_child_nodes(node))
    return found


def sandbox_refusal(body: str, mode: str = "eval") -> str | None:
    """Why the session sandbox would refuse the Python ``body`` (an expression, or a script
    with ``mode="exec"``) whatever the data, or None: a form outside its closed world, or a
    part that reads no variable and would exceed its limits (``sum(range(10**9))``).

    >>> sandbox_refusal("vault.status('x') == 'A'") is None
    True
    >>> sandbox_refusal("x.__class__")
    "attribute '__class__' is not allowed (column 1)"
    >>> sandbox_refusal("n > sum(range(10**9))")
    'range() of more than 100,000 numbers, in `sum(range(10 ** 9))`'
    """
    try:
        tree = (check_expression if mode == "eval" else check_script)(body, {"vault": FACT_NAMES})
    except Rejected as exc:
        return str(exc)
    for part in _closed_parts(tree):
        text = ast.unparse(part)
        try:
            evaluate(text)
        except Rejected as exc:
            return f"{exc}, in `{text if len(text) <= 60 else text[:57] + '...'}`"
        except SandboxError:
            continue  # fails at run time (1/0): another rule's concern, if anyone's
    return None
