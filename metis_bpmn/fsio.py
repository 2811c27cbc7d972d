"""File I/O every command shares: one atomic write, and capped reads of untrusted files.

An atomic write goes to a temporary sibling, is flushed to disk, gets the permissions a
normal ``open()`` would give (the umask, not the temporary file's 0600), replaces the target
in one rename and makes the rename itself durable (fsync of the folder). A killed writer
leaves only a ``.<name>.*.tmp`` sibling, which the next write of the same file sweeps away.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any, Iterator

from .errors import UserError

_UMASK: int | None = None
_MAX_DIGITS = 400
MAX_CONFIG_BYTES = 1 << 20  # a configuration or policy file; real ones are kilobytes


def umask() -> int:
    """The process umask (read once: reading it means setting it)."""
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


def _sweep(path: Path, older_than: float) -> None:
    """Remove temporary siblings of ``path`` left by killed writers."""
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError):
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                if stale.lstat().st_mtime <= cutoff:
                    stale.unlink()


def atomic_write(path: Path, data: bytes, *, sweep_after: float = 60.0) -> None:
    """Replace ``path`` with ``data`` atomically and durably.

    ``sweep_after``: temporary siblings older than this many seconds are removed first (0
    when the caller holds a lock that excludes other writers of ``path``).
    """
    path = Path(path)
    _sweep(path, sweep_after)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), 0o666 & ~umask())
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


class NotARegularFile(OSError):
    """A path that is a device, a FIFO, a folder... where a file was expected."""


class TooLarge(OSError):
    """A file over the size the caller accepts; ``size``: its size, when it was known."""

    def __init__(self, message: str, size: int | None = None) -> None:
        super().__init__(message)
        self.size = size


# Where the system has it: opening a link fails (ELOOP) instead of opening what it names.
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_capped(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Devices (``/dev/zero``),
    FIFOs and folders are refused before anything is read; so are larger files, and with
    ``follow_links=False`` a symbolic link (a file the tool wrote itself is never one)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_links else NO_FOLLOW)
    try:
        fd = os.open(path, flags)  # (O_NONBLOCK: a FIFO must not block the open)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:
            raise NotARegularFile(f"{path} is a symbolic link")
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(f"{path} is not a regular file")
        if info.st_size > limit:
            raise TooLarge(f"{path} is {info.st_size:,} bytes, over the limit of {limit:,} bytes",
                           info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while we read it
        raise TooLarge(f"{path} is over the limit of {limit:,} bytes")
    return data


def _int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise ValueError(f"a number with more than {_MAX_DIGITS} digits")
    return int(text)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def load_json(data: bytes, what: str) -> Any:
    """Parse untrusted JSON: UTF-8, no huge numbers, no NaN, bounded nesting."""
    try:
        return json.loads(data.decode("utf-8"), parse_int=_int, parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise UserError(f"{what} is not UTF-8 text; it is corrupt")
    except json.JSONDecodeError as exc:
        raise UserError(f"{what} is corrupt (invalid JSON at line {exc.lineno}, column "
                        f"{exc.colno})")
    except ValueError as exc:
        raise UserError(f"{what} is corrupt ({exc})")
    except RecursionError:
        raise UserError(f"{what} is corrupt (nested too deeply)")


def read_config(path: Path, limit: int = MAX_CONFIG_BYTES) -> str:
    """The text of an untrusted configuration file (a configuration, a policy, a vault's
    settings): a regular file of at most ``limit`` bytes, UTF-8. Every failure is a
    :class:`UserError` that names the file."""
    try:
        return read_capped(path, limit).decode("utf-8")
    except (NotARegularFile, TooLarge) as exc:  # (their message starts with the path)
        raise UserError(str(exc))
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        raise UserError(f"cannot read {path}: it is not UTF-8 text")


def load_toml(path: Path, limit: int = MAX_CONFIG_BYTES) -> dict:
    """An untrusted TOML file (see :func:`read_config`), nested no deeper than the parser
    can go."""
    text = read_config(path, limit)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: invalid TOML: {exc}")
    except RecursionError:  # (tomllib recurses per nesting level: hostile input, not a crash)
        raise UserError(f"{path}: invalid TOML: nested too deeply")


def within(root: Path, path: Path) -> bool:
    """Whether ``path``, with every link on its way followed, is ``root`` or inside it (a
    folder of the vault that is a link out of it is not)."""
    real_root, real = os.path.realpath(root), os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def walk(top: Path | str) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(top)``: top-down (prune ``dirs`` in place), not into linked folders, unreadable
    folders passed over, but without recursion. Python 3.11's ``os.walk`` recurses once per
    level, so a shared repository's folder nested 1,500 deep raised RecursionError."""
    stack = [os.fspath(top)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        dirs, names, linked = [], [], set()
        for entry in entries:
            try:
                is_dir = entry.is_dir()
                if is_dir and entry.is_symlink():
                    linked.add(entry.name)
            except OSError:
                is_dir = False
            (dirs if is_dir else names).append(entry.name)
        yield folder, dirs, names
        stack.extend(os.path.join(folder, d) for d in reversed(dirs) if d not in linked)
