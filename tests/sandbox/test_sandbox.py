"""The restricted evaluator: what it allows, and hostile input it refuses without running."""

from __future__ import annotations

import pytest

from metis_bpmn.sandbox import (
    EvaluationError, Rejected, SandboxError, check_expression, evaluate, execute, names_read,
)


class Facts:
    FACT_NAMES = frozenset({"status", "status_at_least"})

    def __init__(self) -> None:
        self.calls: list = []

    def status(self, area):
        self.calls.append(area)
        return {"Chat 8": "FIRST PASS"}.get(area)

    def status_at_least(self, area, level):
        return self.status(area) == level

    def secret(self):  # public but not a listed fact
        raise AssertionError("must never be called")


@pytest.mark.parametrize("source,expected", [
    ("1 + 2 * 3", 7), ("n >= 2 and not done", True), ("'x' in tags", True),
    ("tags[0].upper()", "X"), ("len([t for t in tags if t != 'y'])", 1),
    ("{'a': 1}.get('a')", 1), ("f'{n}-{tags[0]}'", "2-x"), ("n if n > 1 else 0", 2),
    ("all(v > 0 for v in [1, 2])", True), ("max(1, 2) ** 2", 4), ("sorted({3, 1})", [1, 3]),
    ("1 < n < 3", True), ("tags[-1:]", ["y"]), ("None is None", True),
])
def test_allowed_forms(source, expected) -> None:
    assert evaluate(source, {"n": 2, "done": False, "tags": ["x", "y"]}) == expected


def test_facts_are_callable_only_through_their_listed_methods() -> None:
    facts = Facts()
    assert evaluate("vault.status('Chat 8') == 'FIRST PASS'", {}, {"vault": facts}) is True
    assert facts.calls == ["Chat 8"]
    with pytest.raises(Rejected, match="vault has no fact 'secret'"):
        evaluate("vault.secret()", {}, {"vault": facts})


@pytest.mark.parametrize("source", [
    "__import__('os').system('touch /tmp/pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "x.__dict__", "(lambda: 1)()", "9 ** 9 ** 9", "'a' * 10 ** 10", "[1] * 10 ** 7",
    "2 ** 100000", "sum(i for i in range(10**6) for j in range(10**6))",
    "(y := 1)", "{**x}", "f'{x:>{10**9}}'", "import os", "vault.status.__globals__",
])
def test_hostile_input_is_refused_without_running(source) -> None:
    with pytest.raises((Rejected, EvaluationError)):
        evaluate(source, {"x": {}}, {"vault": Facts()})


@pytest.mark.parametrize("name", ["open", "eval", "exec", "getattr", "compile", "globals",
                                  "type", "vars", "breakpoint", "input"])
def test_dangerous_builtins_do_not_exist(name) -> None:
    with pytest.raises((EvaluationError, Rejected)):
        evaluate(f"{name}('x')")


def test_rejected_before_any_fact_is_called() -> None:
    facts = Facts()
    with pytest.raises(Rejected):
        evaluate("vault.status('a') or ().__class__", {}, {"vault": facts})
    assert facts.calls == []


def test_scripts_assign_and_loop() -> None:
    data = {"n": 1}
    execute("n += 2\nif n > 2:\n    m = [i * 2 for i in range(3)]\nfor k in [1, 2]:\n"
            "    n = n + k\nd = {}\nd['k'] = 1", data)
    assert data == {"n": 6, "m": [0, 2, 4], "k": 2, "d": {"k": 1}}


@pytest.mark.parametrize("script", ["while True:\n    pass", "def f():\n    pass",
                                    "import os", "vault = 1", "class A: pass",
                                    "with open('x') as f:\n    pass"])
def test_scripts_refuse_dangerous_statements(script) -> None:
    with pytest.raises(Rejected):
        execute(script, {}, {"vault": Facts()})


def test_syntax_errors_are_rejections() -> None:
    with pytest.raises(Rejected, match="syntax error"):
        check_expression("a ==")


def test_names_read() -> None:
    assert names_read("[x for x in items if x > limit] and vault.ok()") == {
        "items", "limit", "vault"}


# -- the closed world (issue 21): no rebinding, no reachable objects, no format ------------

CANARY = "{0.__class__.__init__.__globals__[dataclass].__globals__[sys].modules[os].environ[HOME]}"


@pytest.mark.parametrize("source", [
    f"int([vault.format(v) for v in [vault] for vault in ['{CANARY}']][0])",
    "[vault.mro() for vault in [str]][0][1]",
    "[len for len in [1]]", "[x.format(1) for x in ['{0}']]", "'{0.__class__}'.format(1)",
    "'{}'.format_map({})", "str.mro()", "vault", "[vault][0].status('a')", "str",
    "tags.copy()", "{'a': 1}.items", "True.real",
    "[None for None in [1]]", "'%s' % 1", "f'{1:>10}'",
])
def test_closed_world(source) -> None:
    with pytest.raises(Rejected):
        evaluate(source, {"tags": ["a"]}, {"vault": Facts()})


@pytest.mark.parametrize("script", [
    "vault = 1", "len = 1", "for str in [1]:\n    pass", "x, max = 1, 2", "True = 1",
    "x = [vault for vault in [1]]",
])
def test_scripts_cannot_rebind_facts_or_builtins(script) -> None:
    with pytest.raises(Rejected):
        execute(script, {}, {"vault": Facts()})


def test_errors_never_echo_values() -> None:
    secret = "s3cr3t-value"
    for source in ("int(x)", "d['missing' + x]", "x + 1", "[1][int(len(x))]"):
        with pytest.raises(EvaluationError) as caught:
            evaluate(source, {"x": secret, "d": {}})
        assert secret not in str(caught.value), source
        assert "`" in str(caught.value)  # the source text, which the file already shows


def test_foreign_objects_in_data_are_refused() -> None:
    with pytest.raises(Rejected, match="type"):
        evaluate("x", {"x": object()})

    class Text(str):
        pass
    with pytest.raises(Rejected):
        evaluate("x.upper()", {"x": Text("a")})


# -- CPU and memory bombs (issues 14 and 21): refused before they run -----------------------

@pytest.mark.parametrize("source", [
    "sum(range(10**9))", "max(range(10**9))", "list(range(10**7))", "sum(range(10**15))",
    "('a'*99999).replace('a', 'a'*99999)", "'x' in range(10**18)",
    "sum([[1]*100000]*100000, [])", "''.join([('a'*100000)]*100000)", "'%*d' % (10**9, 1)",
    "sorted(set(range(10**8)))", "[[1]*100000 for i in range(20000)]",
    "[x == y for x in [['a'*90000]*20] for y in [['a'*90000]*20] for i in range(100)]",
    "str([['a'*50000]*50000])", "len(str(10**4000) * 10**6)",
    "[i for i in range(100000) for j in range(100000)]",
    "len([1] * 10**5 + [1] * 10**5)", "{i: i for i in range(10**6)}",
])
def test_bombs_are_refused_quickly(source) -> None:
    import time
    started = time.monotonic()
    with pytest.raises(SandboxError):
        evaluate(source, {})
    assert time.monotonic() - started < 2.0


def test_scripts_results_are_plain_data() -> None:
    data: dict = {}
    execute("a = (1, 2)\nb = {3, 1}\nc = range(3)\nd = {'k': (1,)}", data)
    assert data == {"a": [1, 2], "b": [1, 3], "c": [0, 1, 2], "d": {"k": [1]}}


@pytest.mark.parametrize("depth", [70, 500, 5000])
def test_deep_nesting_is_refused_not_a_crash(depth) -> None:
    sources = ["not " * depth + "x", "[" * depth + "]" * depth, "-" * depth + "1",
               "a" + ".b()" * depth, "x" + " + x" * depth]
    if depth > 200:  # parentheses make no tree nodes; Python's parser stops them at 200
        sources.append("(" * depth + "1" + ")" * depth)
    for source in sources:
        with pytest.raises(Rejected):
            evaluate(source, {"x": 1})
