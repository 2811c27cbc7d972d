"""Every runnable example in the docs runs, and prints what the docs show.

Runnable examples are fenced blocks whose info string is ``console test`` in any
``docs/**/*.md`` or the README (other ``console`` blocks are illustrations and are not run). In a block,
lines starting with ``$ `` are commands; the lines after a command, up to the next command,
are its expected output (stdout and stderr together). In expected output, ``{version}``
stands for the metis-bpmn version, ``{any}`` for any text within a line (a temporary path),
and a line ``...`` for any number of lines.

A block's commands run in order, in one ``bash`` process (so ``echo $?`` shows the previous
command's exit code), in a fresh temporary folder holding a copy of ``docs/examples/`` (and, for a block whose commands name them, of the
repository's ``processes/`` and ``examples/``: the bundled processes and example vault), with
``metis-bpmn`` on PATH running this source tree and ``NO_COLOR`` set.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from metis_bpmn import __version__
from tests.conftest import ROOT

DOCS = ROOT / "docs"
MARKER = "console test"
_FENCE = re.compile(r"^```[ \t]*(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_SEPARATOR = "@@metis-bpmn-docs-example-{}@@"


@dataclass(frozen=True)
class Example:
    file: Path
    line: int
    commands: tuple[tuple[str, tuple[str, ...]], ...]  # (command, expected output lines)


def examples(docs: Path = DOCS) -> list[Example]:
    found = []
    for path in [ROOT / "README.md", *sorted(docs.rglob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            if match.group("info").strip() != MARKER:
                continue
            commands: list[tuple[str, list[str]]] = []
            for line in match.group("body").splitlines():
                if line.startswith("$ "):
                    commands.append((line[2:], []))
                elif commands:
                    commands[-1][1].append(line)
                elif line.strip():
                    raise ValueError(f"{path}: output before the first command: {line!r}")
            found.append(Example(path, text.count("\n", 0, match.start()) + 1,
                                 tuple((c, tuple(out)) for c, out in commands)))
    return found


def matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """Line-by-line comparison; ``...`` matches any number of lines.

    >>> matches(("a", "...", "d"), ["a", "b", "c", "d"]), matches(("a",), ["b"])
    (True, False)
    >>> matches(("note: {any}: done",), ["note: /tmp/x: done"])
    True
    """
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    pattern = (re.escape(head).replace(re.escape("{version}"), re.escape(__version__))
               .replace(re.escape("{any}"), ".*"))
    return bool(actual) and re.fullmatch(pattern, actual[0]) is not None and matches(rest, actual[1:])


def _run(example: Example, workdir: Path) -> list[list[str]]:
    shutil.copytree(DOCS / "examples", workdir, dirs_exist_ok=True)
    for bundled in ("processes", "examples"):
        if any(f"{bundled}/" in command for command, _ in example.commands):
            shutil.copytree(ROOT / bundled, workdir / bundled)
    bin_dir = workdir.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    launcher = bin_dir / "metis-bpmn"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m metis_bpmn "$@"\n')
    launcher.chmod(0o755)
    # The separator line must not reset $?, so ``echo $?`` sees the previous command's status.
    script = "\n".join(f"__rc=$?; echo '{_SEPARATOR.format(i)}'; (exit $__rc)\n{command}"
                       for i, (command, _) in enumerate(example.commands))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("METIS_BPMN", "FORCE_COLOR"))}
    env.update({"PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "NO_COLOR": "1",
                "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "COLUMNS": "100"})
    result = subprocess.run(["bash", "-c", script], cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            timeout=300)
    outputs: list[list[str]] = []
    for line in result.stdout.splitlines():
        if line == _SEPARATOR.format(len(outputs)):
            outputs.append([])
        else:
            outputs[-1].append(line.rstrip())
    return outputs


EXAMPLES = examples()


def test_there_are_runnable_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("example", EXAMPLES,
                         ids=[f"{e.file.relative_to(ROOT).as_posix()}:{e.line}" for e in EXAMPLES])
def test_docs_example(example: Example, tmp_path: Path) -> None:
    outputs = _run(example, tmp_path / "work")
    assert len(outputs) == len(example.commands)
    for (command, expected), actual in zip(example.commands, outputs):
        assert matches(tuple(e.rstrip() for e in expected), actual), (
            f"{example.file.name}:{example.line}: $ {command}\n--- expected\n"
            + "\n".join(expected) + "\n--- actual\n" + "\n".join(actual))
