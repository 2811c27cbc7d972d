"""No function is longer than 80 lines (decorators and docstring included), in the package,
its tests and its benchmarks: a longer one does several things and should be split, as the
style guide asks."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

LIMIT = 80


def test_no_function_exceeds_80_lines() -> None:
    long = []
    paths = [p for folder in ("metis_bpmn", "tests", "benchmarks", "scripts")
             for p in (ROOT / folder).rglob("*.py")]
    for path in sorted(paths):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if node.end_lineno - first + 1 > LIMIT:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} "
                                f"({node.end_lineno - first + 1} lines)")
    assert not long, "\n".join(long)
