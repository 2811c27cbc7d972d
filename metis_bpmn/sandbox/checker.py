"""Parse an expression or script within bounds, and check it against the closed world
before anything runs.

The closed world: the only objects a program can reach are the values it is given (task
data), the literals it writes, and the fact objects (``vault``), which can only be the
receiver of a call to one of their listed facts. Built-ins can only be called; no name of a
fact, a built-in or a constant can be rebound; attributes exist only as method calls from a
per-type list (no ``format``, ``mro``, dunders); %-formatting and format specs are refused.
"""

from __future__ import annotations

import ast
import functools
import warnings
from typing import Collection, Mapping

from .builtins import BUILTINS, METHOD_NAMES
from .errors import Rejected
from .limits import MAX_NESTING, MAX_SOURCE

CONSTANTS = {"True": True, "False": False, "None": None}
RESERVED = frozenset(BUILTINS) | frozenset(CONSTANTS)

# Facts: name -> the facts it offers (``vault`` -> {"status", ...}).
FactNames = Mapping[str, Collection[str]]

_OPERATORS = (
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.Not, ast.USub,
    ast.UAdd, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Is,
    ast.IsNot, ast.And, ast.Or,
)
EXPRESSION_NODES = (
    ast.Expression, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare, ast.IfExp, ast.Constant,
    ast.Name, ast.Load, ast.Store, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Subscript,
    ast.Slice, ast.Call, ast.Attribute, ast.ListComp, ast.SetComp, ast.DictComp,
    ast.GeneratorExp, ast.comprehension, ast.JoinedStr, ast.FormattedValue, ast.keyword,
    *_OPERATORS,
)
SCRIPT_NODES = EXPRESSION_NODES + (
    ast.Module, ast.Assign, ast.AugAssign, ast.Expr, ast.If, ast.For, ast.Pass,
)


def _where(node: ast.AST) -> str:
    return f" (column {node.col_offset + 1})" if hasattr(node, "col_offset") else ""


def parse(source: object, mode: str = "eval") -> ast.AST:
    """Parse within the size and nesting limits; refusals are :class:`Rejected`. Trees are
    shared between callers (rules read the same condition many times): never modify one.

    >>> parse("[" * 100 + "]" * 100)
    Traceback (most recent call last):
    ...
    metis_bpmn.sandbox.errors.Rejected: expression is nested more than 60 levels deep
    """
    if not isinstance(source, str):
        raise Rejected("expression is not text")
    return _parse(source, mode)


@functools.lru_cache(maxsize=4096)
def _parse(source: str, mode: str) -> ast.AST:
    if len(source) > MAX_SOURCE:
        raise Rejected(f"expression is longer than {MAX_SOURCE:,} characters")
    try:
        with warnings.catch_warnings():  # SyntaxWarnings must not print
            warnings.simplefilter("ignore")
            tree = ast.parse(source.strip() if mode == "eval" else source, mode=mode)
    except SyntaxError as exc:
        if "too many nested" in (exc.msg or ""):
            raise Rejected(f"expression is nested more than {MAX_NESTING} levels deep")
        raise Rejected(f"syntax error: {exc.msg} (line {exc.lineno}, column {exc.offset})")
    except (ValueError, RecursionError, MemoryError):  # NUL bytes, parser stack overflow
        raise Rejected(f"expression is nested more than {MAX_NESTING} levels deep or "
                       "cannot be parsed")
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            raise Rejected(f"expression is nested more than {MAX_NESTING} levels deep")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return tree


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _is_call_target(node: ast.AST, parents: dict) -> bool:
    parent = parents.get(node)
    return isinstance(parent, ast.Call) and parent.func is node


def _check_name(node: ast.Name, facts: FactNames, parents: dict) -> None:
    name = node.id
    if name.startswith("_"):
        raise Rejected(f"name {name!r} is not allowed{_where(node)}")
    if not isinstance(node.ctx, ast.Load):
        if name in facts or name in RESERVED:
            raise Rejected(f"cannot assign to {name!r}{_where(node)}")
        return
    if name in facts:
        parent = parents.get(node)
        if not (isinstance(parent, ast.Attribute) and _is_call_target(parent, parents)):
            raise Rejected(f"{name} can only be used as {name}.<fact>(...){_where(node)}")
    elif name in BUILTINS and not _is_call_target(node, parents):
        raise Rejected(f"built-in {name} can only be called{_where(node)}")


def _check_attribute(node: ast.Attribute, facts: FactNames, parents: dict) -> None:
    if node.attr.startswith("_"):
        raise Rejected(f"attribute {node.attr!r} is not allowed{_where(node)}")
    if not _is_call_target(node, parents):
        raise Rejected(f"attribute {node.attr!r} can only be called as a method{_where(node)}")
    owner = node.value
    if isinstance(owner, ast.Name) and owner.id in facts:
        if node.attr not in facts[owner.id]:
            raise Rejected(f"{owner.id} has no fact {node.attr!r}{_where(node)}")
    elif node.attr not in METHOD_NAMES:
        raise Rejected(f"method {node.attr!r} is not allowed{_where(node)}")


def _check_node(node: ast.AST, facts: FactNames, parents: dict) -> None:
    if isinstance(node, ast.Name):
        _check_name(node, facts, parents)
    elif isinstance(node, ast.Attribute):
        _check_attribute(node, facts, parents)
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, (ast.Name, ast.Attribute)):
            raise Rejected(f"only named functions and methods can be called{_where(node)}")
        if any(k.arg is None for k in node.keywords):
            raise Rejected(f"**arguments are not allowed{_where(node)}")
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) \
            and isinstance(node.left, (ast.JoinedStr, ast.Constant)) \
            and not isinstance(getattr(node.left, "value", ""), (int, float)):
        raise Rejected(f"%-formatting is not allowed; use an f-string{_where(node)}")
    elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
        raise Rejected(f"format specifications are not allowed{_where(node)}")
    elif isinstance(node, ast.comprehension) and node.is_async:
        raise Rejected(f"async comprehensions are not allowed{_where(node.target)}")
    elif isinstance(node, ast.Dict) and any(k is None for k in node.keys):
        raise Rejected(f"** in dict displays is not allowed{_where(node)}")


def check(tree: ast.AST, allowed: tuple, facts: FactNames) -> None:
    parents = _parents(tree)
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            raise Rejected(f"{type(node).__name__} is not allowed{_where(node)}")
        _check_node(node, facts, parents)


def check_expression(source: object, facts: FactNames | None = None) -> ast.Expression:
    """Parse and check an expression; raises :class:`Rejected`."""
    tree = parse(source, "eval")
    check(tree, EXPRESSION_NODES, facts or {})
    return tree  # type: ignore[return-value]


def check_script(source: object, facts: FactNames | None = None) -> ast.Module:
    """Parse and check a script; raises :class:`Rejected`."""
    tree = parse(source, "exec")
    check(tree, SCRIPT_NODES, facts or {})
    return tree  # type: ignore[return-value]


def free_names(tree: ast.AST, *, builtins: bool = False) -> set[str]:
    """Names a parsed expression (or any part of one) reads from its data: not
    comprehension variables, and, unless ``builtins``, not the built-ins and constants.

    >>> sorted(free_names(parse("len(x) + sum(y for y in z)")))
    ['x', 'z']
    >>> sorted(free_names(parse("len('abc')"), builtins=True))
    ['len']
    """
    bound = {t.id for c in ast.walk(tree) if isinstance(c, ast.comprehension)
             for t in ast.walk(c.target) if isinstance(t, ast.Name)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
            and n.id not in bound and (builtins or n.id not in RESERVED)}


def names_read(source: str) -> set[str]:
    """Free names an expression reads (not comprehension variables, built-ins, constants).

    >>> sorted(names_read("vault.status(area) == 'X' and n > 1"))
    ['area', 'n', 'vault']
    """
    return free_names(parse(source, "eval"))
