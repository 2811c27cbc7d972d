"""Allow-list checking and tree-walking interpretation of Python-syntax expressions.

Allowed: literals, names (not dunder), arithmetic, comparisons, boolean logic, ``x if c else
y``, subscripts and slices, list/tuple/set/dict displays, comprehensions, f-strings, calls to
a few pure built-ins (``len``, ``min``, ``max``, ``sum``, ``any``, ``all``, ``sorted``,
``abs``, ``round``, ``str``, ``int``, ``float``, ``bool``, ``list``, ``set``, ``tuple``,
``dict``, ``range``), a few string and mapping methods, and calls to the *facts* objects handed in
(``vault.status("Chat 8")``) on public methods they list. Scripts may also assign, augment,
``if`` and ``for``. Everything else (imports, lambdas, attribute access to anything but the
listed methods, dunder names, ``while``, ``def``, walrus...) is rejected before running.

Every evaluation step costs budget; big powers, huge repetitions and long-running
comprehensions are refused. A refused form raises :class:`Rejected`; a runtime failure
(unknown name, wrong type) raises :class:`EvaluationError`.
"""

from __future__ import annotations

import ast
import operator
import time
from typing import Any, Callable, Iterable, Mapping

MAX_STEPS = 100_000
MAX_SECONDS = 1.0
MAX_INT_BITS = 4096
MAX_SEQUENCE = 100_000


class SandboxError(Exception):
    """Base class: the expression could not be evaluated safely."""


class Rejected(SandboxError):
    """The expression uses a form the sandbox does not allow (checked before running)."""


class EvaluationError(SandboxError):
    """The expression is allowed but failed while running (unknown name, type error...)."""


SAFE_BUILTINS: dict[str, Callable] = {
    "len": len, "min": min, "max": max, "sum": sum, "any": any, "all": all,
    "sorted": sorted, "abs": abs, "round": round, "str": str, "int": int, "float": float,
    "bool": bool, "list": list, "set": set, "tuple": tuple, "dict": dict, "range": range,
}
_CONSTANTS = {"True": True, "False": False, "None": None}
SAFE_METHODS = frozenset({
    "lower", "upper", "strip", "lstrip", "rstrip", "startswith", "endswith", "split",
    "replace", "get", "keys", "values", "items", "count", "index", "join", "title",
})

_BINOPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY = {ast.Not: operator.not_, ast.USub: operator.neg, ast.UAdd: operator.pos}
_COMPARE = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b, ast.Is: operator.is_, ast.IsNot: operator.is_not,
}
_EXPR_NODES = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.BinOp, ast.UnaryOp, ast.Compare,
    ast.IfExp, ast.Constant, ast.Name, ast.Load, ast.Store, ast.List, ast.Tuple, ast.Set,
    ast.Dict, ast.Subscript, ast.Slice, ast.Call, ast.Attribute, ast.ListComp, ast.SetComp,
    ast.DictComp, ast.GeneratorExp, ast.comprehension, ast.JoinedStr, ast.FormattedValue,
    *_BINOPS, *_UNARY, *_COMPARE,
)
_SCRIPT_NODES = _EXPR_NODES + (
    ast.Module, ast.Assign, ast.AugAssign, ast.Expr, ast.If, ast.For, ast.Pass,
)


def _reject(node: ast.AST, why: str) -> Rejected:
    where = f" (column {node.col_offset + 1})" if hasattr(node, "col_offset") else ""
    return Rejected(f"{why}{where}")


def _check(tree: ast.AST, allowed: tuple, facts: Iterable[str]) -> None:
    facts = set(facts)
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            raise _reject(node, f"{type(node).__name__} is not allowed")
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise _reject(node, f"name {node.id!r} is not allowed")
        if isinstance(node, ast.Attribute):
            if node.attr.startswith("_"):
                raise _reject(node, f"attribute {node.attr!r} is not allowed")
            owner = node.value
            is_fact = isinstance(owner, ast.Name) and owner.id in facts
            if not is_fact and node.attr not in SAFE_METHODS:
                raise _reject(node, f"attribute {node.attr!r} is not allowed")
        if isinstance(node, ast.Call):
            if node.keywords and any(k.arg is None for k in node.keywords):
                raise _reject(node, "**kwargs is not allowed")
            if not isinstance(node.func, (ast.Name, ast.Attribute)):
                raise _reject(node, "only calls to named functions are allowed")
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.For)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name) and sub.id in facts:
                        raise _reject(sub, f"cannot assign to {sub.id!r}")


def _parse(source: str, mode: str) -> ast.AST:
    try:
        return ast.parse(source.strip() if mode == "eval" else source, mode=mode)
    except SyntaxError as exc:
        raise Rejected(f"syntax error: {exc.msg} (line {exc.lineno}, column {exc.offset})")
    except ValueError as exc:  # e.g. null bytes
        raise Rejected(f"cannot parse: {exc}")


def check_expression(source: str, facts: Iterable[str] = ("vault",)) -> ast.Expression:
    """Parse and allow-list-check an expression; raises :class:`Rejected`."""
    tree = _parse(source, "eval")
    _check(tree, _EXPR_NODES, facts)
    return tree  # type: ignore[return-value]


def check_script(source: str, facts: Iterable[str] = ("vault",)) -> ast.Module:
    """Parse and allow-list-check a script; raises :class:`Rejected`."""
    tree = _parse(source, "exec")
    _check(tree, _SCRIPT_NODES, facts)
    return tree  # type: ignore[return-value]


def names_read(source: str) -> set[str]:
    """Free names an expression reads (excluding comprehension variables and built-ins).

    >>> sorted(names_read("vault.status(area) == 'X' and n > 1"))
    ['area', 'n', 'vault']
    """
    tree = _parse(source, "eval")
    bound = {t.id for c in ast.walk(tree) if isinstance(c, ast.comprehension)
             for t in ast.walk(c.target) if isinstance(t, ast.Name)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
            and n.id not in bound and n.id not in SAFE_BUILTINS and n.id not in _CONSTANTS}


class _Interpreter:
    def __init__(self, names: Mapping[str, Any], facts: Mapping[str, Any]) -> None:
        self.scopes: list[dict[str, Any]] = [dict(names)]
        self.facts = facts
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    # -- budget ---------------------------------------------------------------------
    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Rejected(f"evaluation exceeded {MAX_STEPS:,} steps")
        if self.steps % 1000 == 0 and time.monotonic() > self.deadline:
            raise Rejected(f"evaluation exceeded {MAX_SECONDS} s")

    @staticmethod
    def _bounded(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) \
                and value.bit_length() > MAX_INT_BITS:
            raise Rejected(f"integer result larger than {MAX_INT_BITS} bits")
        if isinstance(value, (str, bytes, list, tuple, set, dict)) and len(value) > MAX_SEQUENCE:
            raise Rejected(f"result longer than {MAX_SEQUENCE:,} items")
        return value

    # -- names --------------------------------------------------------------------------
    def lookup(self, name: str) -> Any:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if name in self.facts:
            return self.facts[name]
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in SAFE_BUILTINS:
            return SAFE_BUILTINS[name]
        raise EvaluationError(f"name {name!r} is not defined")

    def assign(self, target: ast.AST, value: Any) -> None:
        if isinstance(target, ast.Name):
            self.scopes[-1][target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = list(value)
            if len(values) != len(target.elts):
                raise EvaluationError("cannot unpack: wrong number of values")
            for element, item in zip(target.elts, values):
                self.assign(element, item)
        elif isinstance(target, ast.Subscript):
            container = self.eval(target.value)
            if not isinstance(container, (list, dict)):
                raise EvaluationError("only list and dict items can be assigned")
            container[self.eval(target.slice)] = value
        else:
            raise Rejected(f"cannot assign to {type(target).__name__}")

    # -- expressions ------------------------------------------------------------------
    def eval(self, node: ast.AST) -> Any:
        self.tick()
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise _reject(node, f"{type(node).__name__} is not allowed")
        try:
            return method(node)
        except SandboxError:
            raise
        except RecursionError:
            raise Rejected("expression nested too deeply")
        except Exception as exc:  # a Python error inside an allowed form
            raise EvaluationError(f"{type(exc).__name__}: {exc}") from None

    def _Expression(self, node):
        return self.eval(node.body)

    def _Constant(self, node):
        return node.value

    def _Name(self, node):
        return self.lookup(node.id)

    def _BoolOp(self, node):
        result = isinstance(node.op, ast.And)
        for value in node.values:
            result = self.eval(value)
            if isinstance(node.op, ast.And) and not result:
                return result
            if isinstance(node.op, ast.Or) and result:
                return result
        return result

    def _BinOp(self, node):
        left, right = self.eval(node.left), self.eval(node.right)
        if isinstance(node.op, ast.Pow):
            if isinstance(right, (int, float)) and abs(right) > 256:
                raise _reject(node, "exponent larger than 256")
            if isinstance(left, int) and isinstance(right, int) and right > 0 \
                    and left.bit_length() * right > MAX_INT_BITS:
                raise _reject(node, f"power larger than {MAX_INT_BITS} bits")
        if isinstance(node.op, ast.Mult):
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > MAX_SEQUENCE:
                    raise _reject(node, f"repetition longer than {MAX_SEQUENCE:,} items")
        return self._bounded(_BINOPS[type(node.op)](left, right))

    def _UnaryOp(self, node):
        return _UNARY[type(node.op)](self.eval(node.operand))

    def _Compare(self, node):
        left = self.eval(node.left)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.eval(comparator)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True

    def _IfExp(self, node):
        return self.eval(node.body) if self.eval(node.test) else self.eval(node.orelse)

    def _List(self, node):
        return self._bounded([self.eval(e) for e in node.elts])

    def _Tuple(self, node):
        return tuple(self.eval(e) for e in node.elts)

    def _Set(self, node):
        return {self.eval(e) for e in node.elts}

    def _Dict(self, node):
        if any(k is None for k in node.keys):
            raise _reject(node, "** in dict displays is not allowed")
        return {self.eval(k): self.eval(v) for k, v in zip(node.keys, node.values)}

    def _Subscript(self, node):
        return self.eval(node.value)[self.eval(node.slice)]

    def _Slice(self, node):
        return slice(*(self.eval(p) if p is not None else None
                       for p in (node.lower, node.upper, node.step)))

    def _JoinedStr(self, node):
        return self._bounded("".join(str(self.eval(v)) for v in node.values))

    def _FormattedValue(self, node):
        if node.format_spec is not None:
            raise _reject(node, "format specifications are not allowed")
        value = self.eval(node.value)
        return repr(value) if node.conversion == ord("r") else str(value)

    def _Attribute(self, node):
        owner = self.eval(node.value)
        if isinstance(node.value, ast.Name) and node.value.id in self.facts:
            allowed = getattr(owner, "FACT_NAMES", None)
            if allowed is not None and node.attr not in allowed:
                raise EvaluationError(f"{node.value.id} has no fact {node.attr!r}")
        elif not isinstance(owner, (str, dict, list, tuple)):
            raise _reject(node, f"attribute {node.attr!r} on {type(owner).__name__}")
        return getattr(owner, node.attr)

    def _Call(self, node):
        func = self.eval(node.func)
        is_method = isinstance(node.func, ast.Attribute)
        if not is_method and func not in SAFE_BUILTINS.values():
            raise _reject(node, "only built-in functions and facts can be called")
        args = [self.eval(a) for a in node.args]
        kwargs = {k.arg: self.eval(k.value) for k in node.keywords}
        return self._bounded(func(*args, **kwargs))

    def _comprehension(self, generators: list[ast.comprehension], emit: Callable) -> None:
        def loop(index: int) -> None:
            if index == len(generators):
                emit()
                return
            gen = generators[index]
            if gen.is_async:
                raise _reject(gen.target, "async comprehensions are not allowed")
            for item in self.eval(gen.iter):
                self.tick()
                self.assign(gen.target, item)
                if all(self.eval(cond) for cond in gen.ifs):
                    loop(index + 1)

        self.scopes.append({})
        try:
            loop(0)
        finally:
            self.scopes.pop()

    def _ListComp(self, node):
        out: list = []
        self._comprehension(node.generators, lambda: out.append(self.eval(node.elt)))
        return self._bounded(out)

    def _GeneratorExp(self, node):
        return self._ListComp(node)  # materialised: the budget bounds it anyway

    def _SetComp(self, node):
        return set(self._ListComp(node))

    def _DictComp(self, node):
        out: dict = {}
        self._comprehension(node.generators,
                            lambda: out.__setitem__(self.eval(node.key), self.eval(node.value)))
        return out

    # -- statements ---------------------------------------------------------------------
    def run(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self.tick()
            if isinstance(statement, ast.Assign):
                value = self.eval(statement.value)
                for target in statement.targets:
                    self.assign(target, value)
            elif isinstance(statement, ast.AugAssign):
                current = self.eval(ast.Name(id=statement.target.id, ctx=ast.Load())) \
                    if isinstance(statement.target, ast.Name) else self.eval(statement.target)
                fake = ast.BinOp(left=ast.Constant(current), op=statement.op,
                                 right=ast.Constant(self.eval(statement.value)))
                ast.copy_location(fake, statement)
                self.assign(statement.target, self._BinOp(fake))
            elif isinstance(statement, ast.Expr):
                self.eval(statement.value)
            elif isinstance(statement, ast.If):
                self.run(statement.body if self.eval(statement.test) else statement.orelse)
            elif isinstance(statement, ast.For):
                for item in self.eval(statement.iter):
                    self.tick()
                    self.assign(statement.target, item)
                    self.run(statement.body)
                else:
                    self.run(statement.orelse)
            elif not isinstance(statement, ast.Pass):
                raise _reject(statement, f"{type(statement).__name__} is not allowed")


def evaluate(source: str, names: Mapping[str, Any] | None = None,
             facts: Mapping[str, Any] | None = None) -> Any:
    """Evaluate an expression over ``names`` (task data) and ``facts`` (e.g. ``vault``).

    >>> evaluate("n > 1 and 'a' in tags", {"n": 2, "tags": ["a"]})
    True
    >>> evaluate("__import__('os')")
    Traceback (most recent call last):
    ...
    metis_bpmn.sandbox.interpreter.Rejected: name '__import__' is not allowed (column 1)
    """
    facts = dict(facts or {})
    tree = check_expression(source, facts)
    return _Interpreter(names or {}, facts).eval(tree)


def execute(source: str, names: dict[str, Any], facts: Mapping[str, Any] | None = None) -> None:
    """Run a script, updating ``names`` in place with what it assigns."""
    facts = dict(facts or {})
    tree = check_script(source, facts)
    interpreter = _Interpreter(names, facts)
    interpreter.run(tree.body)
    names.clear()
    names.update(interpreter.scopes[0])
