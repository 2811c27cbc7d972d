"""Where a session's process file is, without ever reading outside the vault or project.

A session records its process file as a path relative to the vault or to the project (the
folder the command runs in), plus the file's sha256. The bytes it runs are the pinned copy
kept in the vault by hash; the recorded path is only used to notice that the file changed
(for ``migrate``) and is resolved strictly: no absolute paths, no ``..``, no symlink out of
its base, regular files only, with a size cap. A file that moved is found by its hash in
``processes/`` folders.
"""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path, PurePosixPath

from ..errors import UserError
from ..fsio import read_capped
from .store import MAX_PROCESS_BYTES

_SEARCHED = 200  # files hashed at most when looking for a moved process file


def record_path(process_file: Path, vault: Path) -> tuple[str, str]:
    """(relative path, base) to record for a process file given on the command line."""
    resolved = process_file.resolve()
    for base, root in (("vault", vault.resolve()), ("project", Path.cwd().resolve())):
        if resolved.is_relative_to(root):
            return resolved.relative_to(root).as_posix(), base
    return process_file.name, "project"  # outside both: found again by its hash only


def _bases(vault: Path, base: str) -> list[Path]:
    order = [vault, Path.cwd()] if base == "vault" else [Path.cwd(), vault]
    return [b.resolve() for b in order]


def recorded_file(process: dict, vault: Path) -> Path | None:
    """The recorded process file, if it is a regular file inside its base; else None."""
    rel = PurePosixPath(str(process.get("file", "")))
    if not rel.parts or rel.is_absolute() or ".." in rel.parts or "\\" in str(rel):
        return None
    for root in _bases(vault, str(process.get("base", "vault"))):
        try:
            resolved = (root / rel).resolve(strict=True)
        except (OSError, RuntimeError):  # missing, or a symlink loop
            continue
        if resolved.is_relative_to(root) and resolved.is_file():
            return resolved
    return None


def read_process(path: Path) -> bytes:
    try:
        return read_capped(path, MAX_PROCESS_BYTES)
    except OSError as exc:
        raise UserError(f"cannot read process file {path}: {exc.strerror or exc}")


def find_by_hash(digest: str, vault: Path) -> tuple[Path, bytes] | None:
    """A process file with this sha256 in a ``processes/`` folder of the vault or project."""
    candidates = itertools.chain.from_iterable(
        sorted((root / "processes").glob(pattern))
        for root in _bases(vault, "vault") for pattern in ("*.bpmn", "*/*.bpmn"))
    for path in itertools.islice(candidates, _SEARCHED):
        try:
            data = read_capped(path, MAX_PROCESS_BYTES)
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == digest:
            return path, data
    return None
