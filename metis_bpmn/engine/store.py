"""Session persistence in the vault: ``.metis/sessions/<id>.json`` plus an append-only
``<id>.events.jsonl`` log of who did what when.

Writes are atomic (temporary file, fsync, rename, fsync of the folder), so a process killed
mid-write leaves the previous state readable. An exclusive lock file serialises concurrent
commands on one instance. JSON is written without key sorting: SpiffWorkflow 3.2.0 restores
child task data as deltas in mapping order (see :mod:`.serialize`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import secrets
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ..errors import UserError

SESSIONS = Path(".metis") / "sessions"
FORMAT = 1
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
LOCK_TIMEOUT = 10.0


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Store:
    def __init__(self, vault: Path) -> None:
        self.vault = vault
        self.folder = vault / SESSIONS

    def _path(self, session_id: str, suffix: str) -> Path:
        if not _ID.match(session_id):
            raise UserError(f"invalid session id {session_id!r}")
        return self.folder / f"{session_id}{suffix}"

    def new_id(self, stem: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:40] or "session"
        day = datetime.now(timezone.utc).strftime("%Y%m%d")
        while True:
            candidate = f"{base}-{day}-{secrets.token_hex(2)}"
            if not self._path(candidate, ".json").exists():
                return candidate

    @contextlib.contextmanager
    def lock(self, session_id: str) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(session_id, ".lock")
        with open(path, "a+") as handle:
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
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def exists(self, session_id: str) -> bool:
        return self._path(session_id, ".json").is_file()

    def read(self, session_id: str) -> dict:
        path = self._path(session_id, ".json")
        if not path.is_file():
            raise UserError(f"no session {session_id!r} in {self.folder}")
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise UserError(f"session file {path} is not UTF-8 text; it is corrupt")
        except json.JSONDecodeError as exc:
            raise UserError(f"session file {path} is corrupt (invalid JSON at line {exc.lineno}, "
                            f"column {exc.colno}); its event log {path.stem}.events.jsonl "
                            "still records what happened")
        if not isinstance(document, dict) or document.get("format") != FORMAT \
                or not isinstance(document.get("state"), dict):
            raise UserError(f"session file {path} is corrupt or from another version "
                            f"(expected format {FORMAT})")
        return document

    def write(self, session_id: str, document: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(session_id, ".json")
        text = json.dumps(document, ensure_ascii=False, indent=1)  # never sort_keys
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{session_id}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        folder = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)

    def log(self, session_id: str, event: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": now(), **event}, ensure_ascii=False) + "\n"
        fd = os.open(self._path(session_id, ".events.jsonl"),
                     os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def events(self, session_id: str) -> list[dict]:
        path = self._path(session_id, ".events.jsonl")
        if not path.exists():
            return []
        events = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a torn last line from a killed process; earlier lines stand
        return events

    def ids(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.json") if _ID.match(p.stem))
