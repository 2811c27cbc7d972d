"""The tree-walking interpreter: expressions (conditions) and small scripts.

Allowed: literals, names, arithmetic, comparisons, boolean logic, ``x if c else y``,
subscripts and slices, list/tuple/set/dict displays, comprehensions, f-strings without
format specs, the built-ins of :mod:`.builtins` (``len``, ``min``, ``max``, ``sum``, ``any``,
``all``, ``sorted``, ``abs``, ``round``, ``str``, ``int``, ``float``, ``bool``, ``list``,
``set``, ``tuple``, ``dict``, ``range``), a few methods per type, and calls to the facts
(``vault.status("Chat 8")``). Scripts may also assign, augment, ``if`` and ``for``.
Everything else is refused by :mod:`.checker` before running; every operation is priced on
the :class:`~.limits.Meter` before it runs.
"""

from __future__ import annotations

import ast
import operator
from typing import Any, Callable, Mapping

from .builtins import BUILTINS, ITERABLE, METHODS, items
from .checker import CONSTANTS, EXPRESSION_NODES, SCRIPT_NODES, check, parse
from .errors import EvaluationError, Rejected, SandboxError
from .limits import MAX_INT_BITS, Meter

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
_SEQUENCES = (str, list, tuple)
# What a Python error inside an allowed form means, without the error's own text (which
# may quote a value).
_MEANING = {
    ZeroDivisionError: "division by zero", KeyError: "key not found",
    IndexError: "index out of range", TypeError: "a value of the wrong type",
    ValueError: "an invalid value", OverflowError: "a number too large",
}


def _snippet(source: str, node: ast.AST) -> str:
    text = ast.get_source_segment(source, node) or type(node).__name__
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _facts_offered(facts: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    return {name: frozenset(getattr(obj, "FACT_NAMES", ())) for name, obj in facts.items()}


class _Interpreter:
    def __init__(self, source: str, names: Mapping[str, Any], facts: Mapping[str, Any]) -> None:
        self.source = source
        self.scopes: list[dict[str, Any]] = [dict(names)]
        self.facts = facts
        self.meter = Meter()
        self._dispatch: dict[type, Callable] = {
            cls: getattr(self, f"_{cls.__name__}") for cls in EXPRESSION_NODES
            if hasattr(self, f"_{cls.__name__}")}

    # -- names ------------------------------------------------------------------------------
    def lookup(self, node: ast.Name) -> Any:
        for scope in reversed(self.scopes):
            if node.id in scope:
                return self.meter.admit(scope[node.id])
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        raise EvaluationError(f"name {node.id!r} is not defined")

    def assign(self, target: ast.AST, value: Any) -> None:
        if isinstance(target, ast.Name):
            self.scopes[-1][target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = list(items(self.meter, value, "unpacking"))
            if len(values) != len(target.elts):
                raise EvaluationError("cannot unpack: wrong number of values")
            for element, item in zip(target.elts, values):
                self.assign(element, item)
        elif isinstance(target, ast.Subscript):
            container = self.eval(target.value)
            if type(container) not in (list, dict):
                raise EvaluationError("only list and dict items can be assigned")
            key = self.eval(target.slice)
            self.meter.charge_deep(key)
            self.meter.allocate(1)
            container[key] = value
        else:
            raise Rejected(f"cannot assign to {type(target).__name__}")

    # -- expressions ------------------------------------------------------------------------
    def eval(self, node: ast.AST) -> Any:
        self.meter.step()
        method = self._dispatch.get(type(node))
        if method is None:
            raise Rejected(f"{type(node).__name__} is not allowed")
        try:
            return method(node)
        except SandboxError:
            raise
        except RecursionError:
            raise Rejected("expression nested too deeply") from None
        except Exception as exc:  # a Python error inside an allowed form
            meaning = next((m for cls, m in _MEANING.items() if isinstance(exc, cls)),
                           type(exc).__name__)
            raise EvaluationError(f"{meaning} in `{_snippet(self.source, node)}`") from None

    def _Expression(self, node):
        return self.eval(node.body)

    def _Constant(self, node):
        return self.meter.admit(node.value)

    def _Name(self, node):
        return self.lookup(node)

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
        return self.binop(node.op, self.eval(node.left), self.eval(node.right), node)

    def binop(self, op: ast.operator, left: Any, right: Any, node: ast.AST) -> Any:
        meter = self.meter
        if isinstance(op, ast.Mod) and isinstance(left, str):
            raise Rejected("%-formatting is not allowed; use an f-string")
        if isinstance(op, ast.Pow):
            if isinstance(right, (int, float)) and abs(right) > 256:
                raise Rejected("exponent larger than 256")
            if isinstance(left, int) and isinstance(right, int) and right > 0 \
                    and left.bit_length() * right > MAX_INT_BITS:
                raise Rejected(f"power larger than {MAX_INT_BITS} bits")
        if isinstance(op, ast.Mult):
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, _SEQUENCES) and isinstance(times, int):
                    meter.allocate(len(seq) * max(times, 0))
        if isinstance(op, ast.Add) and isinstance(left, _SEQUENCES) \
                and isinstance(right, _SEQUENCES):
            meter.allocate(len(left) + len(right))
        if isinstance(left, (set, frozenset)) or isinstance(right, (set, frozenset)):
            meter.charge_deep(left, right)
        return meter.admit(_BINOPS[type(op)](left, right))

    def _UnaryOp(self, node):
        return self.meter.admit(_UNARY[type(node.op)](self.eval(node.operand)))

    def _Compare(self, node):
        left = self.eval(node.left)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.eval(comparator)
            if not isinstance(op, (ast.Is, ast.IsNot)):
                if isinstance(op, (ast.In, ast.NotIn)) and not isinstance(right, ITERABLE):
                    raise EvaluationError(f"`in` needs a list, text or range in "
                                          f"`{_snippet(self.source, node)}`")
                self.meter.charge_deep(left, right)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True

    def _IfExp(self, node):
        return self.eval(node.body) if self.eval(node.test) else self.eval(node.orelse)

    def _List(self, node):
        self.meter.allocate(len(node.elts))
        return [self.eval(e) for e in node.elts]

    def _Tuple(self, node):
        self.meter.allocate(len(node.elts))
        return tuple(self.eval(e) for e in node.elts)

    def _Set(self, node):
        values = self._List(node)
        self.meter.charge_deep(values)
        return set(values)

    def _Dict(self, node):
        self.meter.allocate(len(node.keys))
        out = {}
        for key_node, value_node in zip(node.keys, node.values):
            key = self.eval(key_node)
            self.meter.charge_deep(key)
            out[key] = self.eval(value_node)
        return out

    def _Subscript(self, node):
        container, key = self.eval(node.value), self.eval(node.slice)
        if not isinstance(container, (str, list, tuple, dict, range)):
            raise EvaluationError(f"{type(container).__name__} cannot be indexed in "
                                  f"`{_snippet(self.source, node)}`")
        if isinstance(key, slice):
            self.meter.allocate(len(range(len(container))[key]))
        else:
            self.meter.charge_deep(key)
        return self.meter.admit(container[key])

    def _Slice(self, node):
        parts = [self.eval(p) if p is not None else None
                 for p in (node.lower, node.upper, node.step)]
        if not all(p is None or isinstance(p, int) for p in parts):
            raise EvaluationError("slice bounds must be integers")
        return slice(*parts)

    def _JoinedStr(self, node):
        parts = [self.eval(v) for v in node.values]
        self.meter.allocate(sum(len(p) for p in parts))
        return "".join(parts)

    def _FormattedValue(self, node):
        value = self.eval(node.value)
        text = BUILTINS["str"](self.meter, (value,), {})
        return repr(text) if node.conversion == ord("r") and isinstance(value, str) else text

    def _Call(self, node):
        args = tuple(self.eval(a) for a in node.args)
        kwargs = {k.arg: self.eval(k.value) for k in node.keywords}
        func = node.func
        if isinstance(func, ast.Name):
            return self.meter.admit(BUILTINS[func.id](self.meter, args, kwargs))
        if isinstance(func.value, ast.Name) and func.value.id in self.facts:
            return self.meter.admit(self._fact(func.value.id, func.attr, args, kwargs))
        owner = self.eval(func.value)
        method = METHODS.get(type(owner), {}).get(func.attr)
        if method is None:
            raise EvaluationError(f"{type(owner).__name__} has no method {func.attr!r} in "
                                  f"`{_snippet(self.source, node)}`")
        return self.meter.admit(method(self.meter, owner, args, kwargs))

    def _fact(self, name: str, fact: str, args: tuple, kwargs: dict) -> Any:
        owner = self.facts[name]
        if fact not in getattr(owner, "FACT_NAMES", ()):
            raise Rejected(f"{name} has no fact {fact!r}")
        for value in (*args, *kwargs.values()):
            self.meter.charge_deep(value)
        return getattr(owner, fact)(*args, **kwargs)

    def _comprehension(self, generators: list[ast.comprehension], emit: Callable) -> None:
        def loop(index: int) -> None:
            if index == len(generators):
                emit()
                return
            gen = generators[index]
            for item in items(self.meter, self.eval(gen.iter), "a comprehension"):
                self.meter.step()
                self.assign(gen.target, item)
                if all(self.eval(cond) for cond in gen.ifs):
                    loop(index + 1)

        self.scopes.append({})
        try:
            loop(0)
        finally:
            self.scopes.pop()

    def _collect(self, node) -> list:
        out: list = []

        def emit() -> None:
            self.meter.allocate(1)
            out.append(self.eval(node.elt))

        self._comprehension(node.generators, emit)
        return out

    def _ListComp(self, node):
        return self._collect(node)

    def _GeneratorExp(self, node):
        return self._collect(node)  # materialised: built-ins never receive generators

    def _SetComp(self, node):
        values = self._collect(node)
        self.meter.charge_deep(values)
        return set(values)

    def _DictComp(self, node):
        out: dict = {}

        def emit() -> None:
            key = self.eval(node.key)
            self.meter.charge_deep(key)
            self.meter.allocate(1)
            out[key] = self.eval(node.value)

        self._comprehension(node.generators, emit)
        return out

    # -- statements -------------------------------------------------------------------------
    def run(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self.meter.step()
            if isinstance(statement, ast.Assign):
                value = self.eval(statement.value)
                for target in statement.targets:
                    self.assign(target, value)
            elif isinstance(statement, ast.AugAssign):
                target = statement.target
                current = self.lookup(target) if isinstance(target, ast.Name) \
                    else self.eval(target)
                value = self.eval(statement.value)
                self.assign(target, self._guarded(
                    lambda: self.binop(statement.op, current, value, statement), statement))
            elif isinstance(statement, ast.Expr):
                self.eval(statement.value)
            elif isinstance(statement, ast.If):
                self.run(statement.body if self.eval(statement.test) else statement.orelse)
            elif isinstance(statement, ast.For):
                for item in items(self.meter, self.eval(statement.iter), "a for loop"):
                    self.meter.step()
                    self.assign(statement.target, item)
                    self.run(statement.body)
                else:
                    self.run(statement.orelse)
            elif not isinstance(statement, ast.Pass):
                raise Rejected(f"{type(statement).__name__} is not allowed")

    def _guarded(self, compute: Callable, node: ast.AST) -> Any:
        try:
            return compute()
        except SandboxError:
            raise
        except Exception:
            raise EvaluationError(f"a value of the wrong type in "
                                  f"`{_snippet(self.source, node)}`") from None


def _plain(value: Any) -> Any:
    """Script results as the values task data can keep (JSON-like)."""
    if isinstance(value, (tuple, set, frozenset, range)):
        value = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else list(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def evaluate(source: str, names: Mapping[str, Any] | None = None,
             facts: Mapping[str, Any] | None = None) -> Any:
    """Evaluate an expression over ``names`` (task data) and ``facts`` (e.g. ``vault``).

    >>> evaluate("n > 1 and 'a' in tags", {"n": 2, "tags": ["a"]})
    True
    >>> evaluate("__import__('os')")
    Traceback (most recent call last):
    ...
    metis_bpmn.sandbox.errors.Rejected: name '__import__' is not allowed (column 1)
    """
    facts = dict(facts or {})
    tree = parse(source, "eval")
    check(tree, EXPRESSION_NODES, _facts_offered(facts))
    return _Interpreter(source, names or {}, facts).eval(tree)


def execute(source: str, names: dict[str, Any], facts: Mapping[str, Any] | None = None) -> None:
    """Run a script, updating ``names`` in place with what it assigns."""
    facts = dict(facts or {})
    tree = parse(source, "exec")
    check(tree, SCRIPT_NODES, _facts_offered(facts))
    interpreter = _Interpreter(source, names, facts)
    interpreter.run(tree.body)  # type: ignore[attr-defined]
    names.clear()
    names.update({k: _plain(v) for k, v in interpreter.scopes[0].items()})
