"""Session persistence in the vault: ``.metis/sessions/<id>.json`` (the instance), an
append-only ``<id>.events.jsonl`` log of who did what when, and ``.metis/processes/<sha256>.bpmn``,
the exact process file each session runs (found by its hash, so a session survives its
repository moving and its process file being edited).

Everything here is untrusted on read: a vault is a shared repository. Files are read with a
size cap, JSON with bounded numbers and nesting, records against a declared shape.

State and log are one durable unit: a step first appends its log line with the next sequence
number, then atomically replaces the instance, whose ``log`` field says how many lines are
committed. A line past that number is from a step that was killed before it saved, and is
ignored (a later step reuses its number; the last line with a number wins).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import secrets
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from ..errors import UserError
from ..fsio import NO_FOLLOW, TooLarge, atomic_write, load_json, read_capped, within
from ..schema import Boolean, Field, ListOf, MapOf, Number, Obj, Text, problems

SESSIONS = Path(".metis") / "sessions"
PROCESSES = Path(".metis") / "processes"
FORMAT = 2
ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,79}"
_ID = re.compile(ID_PATTERN)
_SHA = r"[0-9a-f]{64}"
LOCK_TIMEOUT = 10.0
MAX_INSTANCE_BYTES = 64 << 20
MAX_LOG_BYTES = 64 << 20
MAX_PROCESS_BYTES = 10 << 20

RECORD = Obj({
    "format": Field(Number(integer=True)),
    "id": Field(Text(pattern=ID_PATTERN)),
    "created": Field(Text(max_length=64)),
    "updated": Field(Text(max_length=64)),
    "label": Field(Text(nullable=True, max_length=200), required=False),
    "by": Field(Text(max_length=200), required=False),
    "process": Field(Obj({
        "file": Field(Text(max_length=4096, pattern=r"(?!/)(?!.*(?:^|/)\.\.(?:/|$))[^\\\x00]+",
                           describe="a path inside the vault or project")),
        "base": Field(Text(choices=("vault", "project"))),
        "id": Field(Text(max_length=1000)),
        "name": Field(Text(nullable=True, max_length=10_000)),
        "sha256": Field(Text(pattern=_SHA)),
        "calls": Field(MapOf(Obj({"file": Field(Text(max_length=4096)),
                                  "sha256": Field(Text(pattern=_SHA))}),
                             key_pattern=r"[^\x00]{1,1000}"), required=False),
    })),
    "engine": Field(MapOf(Text(max_length=100))),
    "allow_scripts": Field(Boolean()),
    "aborted": Field(Boolean()),
    "status": Field(Text(nullable=True, max_length=64)),
    "log": Field(Number(integer=True, minimum=0)),
    "errors": Field(MapOf(Text(max_length=20_000)), required=False),
    "uncaught": Field(ListOf(Text(max_length=20_000), max_items=1000), required=False),
    "facts_at": Field(Text(nullable=True, max_length=64), required=False),
    "next": Field(Text(nullable=True, max_length=20_000), required=False),
    "state": Field(Obj({}, extra=True)),
})
EVENT = Obj({"seq": Field(Number(integer=True, minimum=1), required=False),
             "at": Field(Text(max_length=64), required=False),
             "event": Field(Text(max_length=64))}, extra=True)


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _read(path: Path, limit: int, what: str) -> bytes:
    try:
        return read_capped(path, limit, follow_links=False)
    except TooLarge:
        raise UserError(f"{what} is over {limit >> 20} MB; it is not a session file "
                        "this tool wrote")
    except OSError as exc:
        raise UserError(f"cannot read {what}: {exc.strerror or exc}")


def _open_own(path: Path, flags: int) -> int:
    """Open a file this tool writes, never through a link: one planted in its place (to
    ~/.bashrc, say) would have a step append its log line there."""
    try:
        return os.open(path, flags | NO_FOLLOW, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UserError(f"{path} is a symbolic link; a session file never is (refused)")
        raise


class Store:
    def __init__(self, vault: Path) -> None:
        self.vault = vault
        self.folder = vault / SESSIONS

    def inside(self, folder: Path) -> Path:
        """``folder`` (under ``.metis``), refused when it is a link out of the vault: the
        session would be read from and written to wherever it points."""
        if not within(self.vault, folder):
            raise UserError(f"{folder} leads out of the vault (a symbolic link); refused")
        return folder

    def _path(self, session_id: str, suffix: str) -> Path:
        if not isinstance(session_id, str) or not _ID.fullmatch(session_id):
            raise UserError(f"invalid session id {str(session_id)[:80]!r}")
        return self.inside(self.folder) / f"{session_id}{suffix}"

    def new_id(self, stem: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:40] or "session"
        day = datetime.now(timezone.utc).strftime("%Y%m%d")
        while True:
            candidate = f"{base}-{day}-{secrets.token_hex(2)}"
            if not self._path(candidate, ".json").exists():
                return candidate

    @contextlib.contextmanager
    def lock(self, session_id: str) -> Iterator[None]:
        self.inside(self.folder).mkdir(parents=True, exist_ok=True)
        path = self._path(session_id, ".lock")
        with os.fdopen(_open_own(path, os.O_RDWR | os.O_CREAT), "rb+", buffering=0) as handle:
            deadline = time.monotonic() + LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() > deadline:
                        raise UserError(f"session {session_id} is busy (another command holds "
                                        f"{path}); try again")
                    time.sleep(0.05)
            try:
                self._sweep(session_id)
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _sweep(self, session_id: str) -> None:
        """Temporary files of writes that were killed: under the lock, nobody else writes."""
        for stale in self.folder.glob(f".{session_id}.json.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def exists(self, session_id: str) -> bool:
        return self._path(session_id, ".json").is_file()

    def read_raw(self, session_id: str) -> Any:
        """The instance file as JSON, unchecked (for ``migrate`` of older formats)."""
        path = self._path(session_id, ".json")
        if not path.is_file():
            raise UserError(f"no session {session_id!r} in {self.folder}")
        return load_json(_read(path, MAX_INSTANCE_BYTES, f"session file {path}"),
                         f"session file {path}")

    def read(self, session_id: str) -> dict:
        path = self._path(session_id, ".json")
        record = self.read_raw(session_id)
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            found = record.get("format") if isinstance(record, dict) else None
            raise UserError(
                f"session file {path} is corrupt or from another version (format "
                f"{str(found)[:20]}, this release reads {FORMAT}); `metis-bpmn session migrate "
                f"{session_id} --vault {self.vault}` rebuilds it from its event log")
        found = problems(RECORD, record)
        if record.get("id") != session_id:
            found.append(f"id: {str(record.get('id'))[:80]!r} is not the file's name")
        if found:
            raise UserError(f"session file {path} is corrupt: " + "; ".join(found[:5]))
        return record

    def write(self, session_id: str, record: dict) -> None:
        self.inside(self.folder).mkdir(parents=True, exist_ok=True)
        text = json.dumps(record, ensure_ascii=False, indent=1)  # never sort_keys
        atomic_write(self._path(session_id, ".json"), text.encode("utf-8"), sweep_after=0)

    def log(self, session_id: str, seq: int, event: dict) -> None:
        """Append event number ``seq``; it counts once the instance records ``log >= seq``."""
        self.inside(self.folder).mkdir(parents=True, exist_ok=True)
        line = json.dumps({"seq": seq, "at": now(), **event}, ensure_ascii=False) + "\n"
        fd = _open_own(self._path(session_id, ".events.jsonl"),
                       os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def events(self, session_id: str, committed: int | None = None) -> list[dict]:
        """The log's events in order; with ``committed``, only the first ``committed`` (lines
        of killed steps left out). Lines that are not events are skipped."""
        path = self._path(session_id, ".events.jsonl")
        if not path.exists():
            return []
        text = _read(path, MAX_LOG_BYTES, f"event log {path}").decode("utf-8", "replace")
        by_seq: dict[int, dict] = {}
        unnumbered: list[dict] = []
        for line in text.splitlines():
            try:
                event = load_json(line.encode("utf-8"), "event")
            except UserError:
                continue  # a torn last line from a killed process; earlier lines stand
            if problems(EVENT, event):
                continue
            if "seq" in event:
                by_seq[event["seq"]] = event
            else:
                unnumbered.append(event)  # written before events were numbered
        ordered = unnumbered + [by_seq[n] for n in sorted(by_seq)]
        if committed is None:
            return ordered
        return [e for e in ordered if e.get("seq", 0) <= committed]

    def ids(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.json") if _ID.fullmatch(p.stem))

    # -- the process files sessions run, by content -----------------------------------------
    def keep_process(self, data: bytes) -> str:
        """Keep an exact copy of a process file; returns its sha256."""
        digest = hashlib.sha256(data).hexdigest()
        folder = self.inside(self.vault / PROCESSES)
        path = folder / f"{digest}.bpmn"
        if self.pinned_process(digest) is None:
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
        return digest

    def pinned_process(self, digest: str) -> bytes | None:
        """The kept copy of the process file with this sha256, if it is intact."""
        if not re.fullmatch(_SHA, digest):
            return None
        path = self.inside(self.vault / PROCESSES) / f"{digest}.bpmn"
        try:
            data = read_capped(path, MAX_PROCESS_BYTES, follow_links=False)
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == digest else None
