"""The closed world of callables: a few built-in functions and, per type, a few methods.

Each is a wrapper that checks its arguments' types and prices the call on the meter before
the real function runs, so ``sum(range(10**9))`` or ``'a'.replace('a', 'a' * 99999)`` is
refused instead of running for minutes. Nothing returns an object outside the allowed value
types (no views, iterators, bound methods or classes).
"""

from __future__ import annotations

import math
from typing import Any, Callable

from .errors import EvaluationError, Rejected
from .limits import MAX_SEQUENCE, Meter, weight

ITERABLE = (str, list, tuple, dict, set, frozenset, range)
NUMBER = (int, float)


def items(meter: Meter, value: object, what: str) -> Any:
    """An iterable argument, priced by its length (generators are never passed: the
    interpreter materialises comprehensions)."""
    if not isinstance(value, ITERABLE):
        raise EvaluationError(f"{what} needs a list, text or range, not {type(value).__name__}")
    meter.charge(len(value))
    return value


def _one(args: tuple, name: str) -> object:
    if len(args) != 1:
        raise EvaluationError(f"{name}() takes one argument")
    return args[0]


def _no_kwargs(name: str, kwargs: dict, allowed: tuple[str, ...] = ()) -> None:
    unknown = sorted(set(kwargs) - set(allowed))
    if unknown:
        raise EvaluationError(f"{name}() has no argument {unknown[0]!r}")


def _len(meter, args, kwargs):
    _no_kwargs("len", kwargs)
    value = _one(args, "len")
    if not isinstance(value, ITERABLE):
        raise EvaluationError(f"len() of {type(value).__name__}")
    return len(value)


def _extreme(function: Callable) -> Callable:
    def call(meter, args, kwargs):
        _no_kwargs(function.__name__, kwargs, ("default",))
        values = items(meter, args[0], f"{function.__name__}()") if len(args) == 1 else args
        meter.charge_deep(values)
        return function(values, **kwargs)
    return call


def _sum(meter, args, kwargs):
    _no_kwargs("sum", kwargs)
    if not 1 <= len(args) <= 2:
        raise EvaluationError("sum() takes a list and an optional start number")
    values = items(meter, args[0], "sum()")
    start = args[1] if len(args) == 2 else 0
    if not all(isinstance(v, NUMBER) for v in (start, *values)):
        raise EvaluationError("sum() adds numbers only")
    return sum(values, start)


def _truth(function: Callable) -> Callable:
    def call(meter, args, kwargs):
        _no_kwargs(function.__name__, kwargs)
        return function(items(meter, _one(args, function.__name__), f"{function.__name__}()"))
    return call


def _sorted(meter, args, kwargs):
    _no_kwargs("sorted", kwargs, ("reverse",))
    values = items(meter, _one(args, "sorted"), "sorted()")
    meter.allocate(len(values))
    meter.charge(len(values) * max(1, int(math.log2(len(values) + 1))))
    meter.charge_deep(values)
    return sorted(values, reverse=bool(kwargs.get("reverse", False)))


def _number(function: Callable) -> Callable:
    def call(meter, args, kwargs):
        _no_kwargs(function.__name__, kwargs)
        if not args or not all(isinstance(a, NUMBER) for a in args):
            raise EvaluationError(f"{function.__name__}() takes numbers")
        if function is round and len(args) == 2 and abs(args[1]) > 400:
            raise Rejected("round() to more than 400 digits")
        return function(*args)
    return call


def _str(meter, args, kwargs):
    _no_kwargs("str", kwargs)
    if not args:
        return ""
    value = _one(args, "str")
    meter.charge_deep(value)
    if isinstance(value, str):
        return value
    if weight(value, MAX_SEQUENCE) > MAX_SEQUENCE // 4:  # repr spends ~4 characters an item
        raise Rejected(f"str() would be longer than {MAX_SEQUENCE:,} characters")
    return str(value)


def _convert(function: Callable) -> Callable:
    def call(meter, args, kwargs):
        _no_kwargs(function.__name__, kwargs)
        if not args:
            return function()
        value = _one(args, function.__name__)
        if not isinstance(value, (str, *NUMBER)) or isinstance(value, str) and len(value) > 1000:
            raise EvaluationError(f"{function.__name__}() of {type(value).__name__}")
        return function(value)
    return call


def _bool(meter, args, kwargs):
    _no_kwargs("bool", kwargs)
    return bool(args[0]) if args else False


def _collection(function: Callable) -> Callable:
    def call(meter, args, kwargs):
        _no_kwargs(function.__name__, kwargs)
        if not args:
            return function()
        values = items(meter, _one(args, function.__name__), f"{function.__name__}()")
        meter.allocate(len(values))
        if function in (set, frozenset):
            meter.charge_deep(values)  # hashing walks each item
        return function(values)
    return call


def _dict(meter, args, kwargs):
    if len(args) > 1:
        raise EvaluationError("dict() takes at most one argument")
    pairs = items(meter, args[0], "dict()") if args else ()
    meter.allocate(len(pairs) + len(kwargs))
    meter.charge_deep(pairs)
    return dict(pairs, **kwargs)


def _range(meter, args, kwargs):
    _no_kwargs("range", kwargs)
    if not 1 <= len(args) <= 3 or not all(isinstance(a, int) for a in args):
        raise EvaluationError("range() takes one to three integers")
    result = range(*args)
    if len(result) > MAX_SEQUENCE:
        raise Rejected(f"range() of more than {MAX_SEQUENCE:,} numbers")
    return result


BUILTINS: dict[str, Callable[[Meter, tuple, dict], Any]] = {
    "len": _len, "min": _extreme(min), "max": _extreme(max), "sum": _sum,
    "any": _truth(any), "all": _truth(all), "sorted": _sorted, "abs": _number(abs),
    "round": _number(round), "str": _str, "int": _convert(int), "float": _convert(float),
    "bool": _bool, "list": _collection(list), "set": _collection(set),
    "tuple": _collection(tuple), "dict": _dict, "range": _range,
}


# -- methods -------------------------------------------------------------------------------

def _text_args(name: str, args: tuple, count: int) -> None:
    if len(args) > count or not all(isinstance(a, str) for a in args):
        raise EvaluationError(f"str.{name}() takes up to {count} text arguments")


def _replace(meter, text: str, args, kwargs):
    _no_kwargs("replace", kwargs)
    if len(args) != 2 or not all(isinstance(a, str) for a in args):
        raise EvaluationError("str.replace() takes two text arguments")
    old, new = args
    meter.charge(len(text) + len(old))
    hits = len(text) + 1 if not old else text.count(old)
    meter.allocate(len(text) + hits * (len(new) - len(old)))
    return text.replace(old, new)


def _join(meter, text: str, args, kwargs):
    _no_kwargs("join", kwargs)
    parts = items(meter, _one(args, "join"), "str.join()")
    if not all(isinstance(p, str) for p in parts):
        raise EvaluationError("str.join() joins text only")
    meter.allocate(sum(len(p) for p in parts) + len(text) * max(len(parts) - 1, 0))
    return text.join(parts)


def _split(meter, text: str, args, kwargs):
    _no_kwargs("split", kwargs)
    _text_args("split", args, 1)
    meter.charge(len(text))
    meter.allocate(text.count(args[0]) + 1 if args and args[0] else len(text) // 2 + 1)
    return text.split(*args)


def _same_size(name: str) -> Callable:
    def call(meter, text: str, args, kwargs):
        _no_kwargs(name, kwargs)
        _text_args(name, args, 1)
        meter.allocate(len(text) * (3 if name in ("upper", "lower", "title") else 1))
        return getattr(text, name)(*args)
    return call


def _search(name: str) -> Callable:
    def call(meter, owner, args, kwargs):
        _no_kwargs(name, kwargs)
        if not args or len(args) > 1:
            raise EvaluationError(f"{name}() takes one argument")
        if isinstance(owner, str):
            prefixes = args[0] if isinstance(args[0], tuple) else (args[0],)
            if not all(isinstance(p, str) for p in prefixes):
                raise EvaluationError(f"str.{name}() takes text")
            meter.charge(len(owner) + sum(len(p) for p in prefixes))
        else:
            meter.charge_deep(owner, args[0])
        return getattr(owner, name)(*args)
    return call


def _get(meter, mapping: dict, args, kwargs):
    _no_kwargs("get", kwargs)
    if not 1 <= len(args) <= 2:
        raise EvaluationError("dict.get() takes a key and an optional default")
    meter.charge_deep(args[0])
    return mapping.get(*args)


def _view(name: str) -> Callable:
    def call(meter, mapping: dict, args, kwargs):
        if args or kwargs:
            raise EvaluationError(f"dict.{name}() takes no arguments")
        meter.allocate(len(mapping))
        return list(getattr(mapping, name)())  # a list, never a live view object
    return call


_STRIP = {n: _same_size(n) for n in ("lower", "upper", "title", "strip", "lstrip", "rstrip")}
_SEARCH = {n: _search(n) for n in ("startswith", "endswith", "count", "index", "find")}

METHODS: dict[type, dict[str, Callable]] = {
    str: {**_STRIP, **_SEARCH, "replace": _replace, "join": _join, "split": _split},
    dict: {"get": _get, "keys": _view("keys"), "values": _view("values"),
           "items": _view("items")},
    list: {"count": _SEARCH["count"], "index": _SEARCH["index"]},
    tuple: {"count": _SEARCH["count"], "index": _SEARCH["index"]},
}
METHOD_NAMES = frozenset(name for table in METHODS.values() for name in table)
