"""What the vault shows happened: observations, and the times they carry.

An observation is one fact with a time and a source: an area's status in a chat-plan table
(of a handoff note, the Level-0 README or a commit of it), a note of some kind (an
implementation spec...), or a step a session logged. Mapping turns observations into the
events of one process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

UNKNOWN = ""  # no time: sorts after every known time (the vault as it is now)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_TEXT = 1000  # untrusted text kept in events (names, authors, paths)


@dataclass(frozen=True, slots=True)
class Observation:
    time: str  # ``YYYY-MM-DD``, ``YYYY-MM-DDTHH:MM:SSZ`` (UTC) or UNKNOWN
    kind: str  # "status", "note" or "step"
    subject: str  # area label, note path, or element id
    value: str  # status, note kind, or task name
    source: str  # the note, ``commit <sha>``, or the session's event log
    by: str = ""
    case: str = ""  # the session id of a step
    order: int = 0  # position within its source

    def key(self) -> tuple:
        return (time_key(self.time), self.source, self.order)


def clip(value: object) -> str:
    return str(value)[:_MAX_TEXT]


def time_key(time: str) -> str:
    """Sortable: known times in order (a day before its own times), unknown last."""
    return time or "~"


def normalise_time(value: object) -> str:
    """A date or a date-time as the log stores it, UNKNOWN when it is neither.

    >>> normalise_time("2026-02-24"), normalise_time("2026-02-24T10:00:00+02:00")
    ('2026-02-24', '2026-02-24T08:00:00Z')
    >>> normalise_time("yesterday"), normalise_time(None)
    ('', '')
    """
    text = str(value).strip()[:64] if value is not None else ""
    if _DATE.fullmatch(text):
        try:
            datetime.strptime(text, "%Y-%m-%d")
            return text
        except ValueError:
            return UNKNOWN
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return UNKNOWN
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_timestamp(seconds: int) -> str:
    """A commit time (seconds since the epoch) in UTC."""
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def shown(time: str) -> str:
    """A time as messages show it: the day, or the day and minute in UTC."""
    if not time:
        return "time unknown"
    return time if len(time) == 10 else f"{time[:10]} {time[11:16]} UTC"
