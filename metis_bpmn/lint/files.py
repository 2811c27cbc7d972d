"""Turn command-line paths into the BPMN sources to validate."""

from __future__ import annotations

import fnmatch
import os
import stat
import sys
from pathlib import Path

from ..errors import UserError
from ..fsio import walk, within
from .runner import Source

BPMN_SUFFIXES = (".bpmn", ".bpmn20.xml", ".bpmn2")
_SKIP_DIRS = frozenset({".git", "node_modules", ".metis", "__pycache__", ".venv", "venv"})


def display_name(path: Path, cwd: Path) -> str:
    """Relative to the working directory when inside it, always with forward slashes."""
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _names_in(top: Path, cwd: Path):
    """``(path, display name)`` of every BPMN file under ``top``, folders and files sorted;
    a FIFO, socket or device with a BPMN name (or a link to one) is passed over, and so is
    a link that leads out of both ``top`` and the working directory (a shared repository's
    link to ``~/.ssh/...`` must not be read).
    The walk does not enter linked folders, so only the top and a linked file need
    resolving: :func:`display_name` per file resolved every folder on its way again."""
    # Without a trailing separator (the root folder has one), so "below" starts with one.
    real_top, real_cwd = os.path.realpath(top).rstrip(os.sep), str(cwd.resolve())
    given = str(top).rstrip(os.sep)
    for folder, dirs, names in walk(top):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        below = folder[len(given):].rstrip(os.sep)  # ("/" when walking the root itself)
        for file in sorted(names):
            if not file.lower().endswith(BPMN_SUFFIXES):
                continue
            full = Path(folder) / file
            try:
                if not stat.S_ISREG(os.stat(full).st_mode):
                    continue  # a FIFO or device named like one: nothing to read (it would
                    # wait for a writer, or never end)
            except OSError:
                pass  # a dangling link: checking it says so
            real = real_top + below + os.sep + file
            if os.path.islink(full):
                if not (within(Path(real_top), full) or within(Path(real_cwd), full)):
                    continue
                yield full, display_name(full, cwd)
            elif real.startswith(real_cwd + os.sep) or real_cwd == os.sep:
                yield full, real[len(real_cwd.rstrip(os.sep)) + 1:].replace(os.sep, "/")
            else:
                yield full, full.as_posix()


def _excluded(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(Path(name).name, p) for p in patterns)


def collect(paths: list[str], *, exclude: tuple[str, ...] = (), cwd: Path | None = None,
            stdin_name: str = "<stdin>", max_bytes: int | None = None) -> list[Source]:
    """Files as given, folders searched recursively for BPMN files, ``-`` for stdin (of
    which at most one byte over ``max_bytes`` is read: enough to report it as oversized).

    A path that does not exist, or a folder without any BPMN file, is a usage error: silence
    would let a typo pass CI. The result is sorted and without duplicates.
    """
    cwd = cwd or Path.cwd()
    sources: dict[str, Source] = {}
    for raw in paths:
        if raw == "-":
            stream = sys.stdin.buffer
            data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
            sources[stdin_name] = Source(stdin_name, data=data)
            continue
        path = Path(raw)
        if path.is_file():
            name = display_name(path, cwd)
            sources.setdefault(name, Source(name, path))
        elif path.is_dir():
            found = 0
            for full, name in _names_in(path, cwd):
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
