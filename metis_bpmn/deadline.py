"""A wall-clock limit for one command's work (a session step, one file's render), so no
input can hang a command: past the limit the work stops with a clear error and, since every
write is atomic, nothing half-done is left behind.

It uses a real-time interval timer, so it works in the main thread only (where commands run);
elsewhere it does nothing. C code that never returns to Python (a rasteriser) is bounded by
input limits instead.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator

from .errors import UserError


class DeadlineExceeded(UserError):
    """The work took longer than its limit."""


@contextlib.contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Stop the enclosed work after ``seconds`` (0 or less: no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum, _frame):
        raise DeadlineExceeded(f"{what} took longer than {seconds:g} s and was stopped; "
                               "nothing was changed (raise `timeout` in the configuration "
                               "if the input is really this large)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
