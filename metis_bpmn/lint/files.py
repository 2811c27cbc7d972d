"""Turn command-line paths into the BPMN sources to validate."""

from __future__ import annotations

import fnmatch
import os
import sys
from pathlib import Path

from ..errors import UserError
from .runner import Source

BPMN_SUFFIXES = (".bpmn", ".bpmn20.xml", ".bpmn2")
_SKIP_DIRS = frozenset({".git", "node_modules", ".metis", "__pycache__", ".venv", "venv"})


def display_name(path: Path, cwd: Path) -> str:
    """Relative to the working directory when inside it, always with forward slashes."""
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _excluded(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(Path(name).name, p) for p in patterns)


def collect(paths: list[str], *, exclude: tuple[str, ...] = (), cwd: Path | None = None,
            stdin_name: str = "<stdin>") -> list[Source]:
    """Files as given, folders searched recursively for BPMN files, ``-`` for stdin.

    A path that does not exist, or a folder without any BPMN file, is a usage error: silence
    would let a typo pass CI. The result is sorted and without duplicates.
    """
    cwd = cwd or Path.cwd()
    sources: dict[str, Source] = {}
    for raw in paths:
        if raw == "-":
            sources[stdin_name] = Source(stdin_name, data=sys.stdin.buffer.read())
            continue
        path = Path(raw)
        if path.is_file():
            name = display_name(path, cwd)
            sources.setdefault(name, Source(name, path))
        elif path.is_dir():
            found = 0
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
                for file in sorted(names):
                    if file.lower().endswith(BPMN_SUFFIXES):
                        full = Path(folder) / file
                        name = display_name(full, cwd)
                        if not _excluded(name, exclude):
                            sources.setdefault(name, Source(name, full))
                            found += 1
            if not found:
                raise UserError(f"{raw}: no BPMN files (*.bpmn, *.bpmn20.xml) in this folder")
        elif path.exists():
            raise UserError(f"{raw}: not a regular file or folder")
        else:
            raise UserError(f"{raw}: no such file or folder")
    return [sources[k] for k in sorted(sources)]
