"""A progress bar on stderr for long runs, shown only to a person at a terminal."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator

MIN_FILES = 20  # below this a run is over before a bar would help
_REFRESH_EVERY = 0.1  # seconds; redrawing per file would cost more than checking small files


@contextmanager
def progress_bar(total: int, *, enabled: bool = True) -> Iterator[Callable[[int], None] | None]:
    """Yield ``advance(done)`` while a bar is drawn on stderr, or None when there is no bar:
    stderr is not a terminal, ``total`` is small, or ``enabled`` is False.

    The bar refreshes only when ``advance`` is called (no refresh thread), so worker
    processes can be forked safely while it is shown.
    """
    if not (enabled and total > MIN_FILES and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("validating"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True,
                  auto_refresh=False, redirect_stdout=False, redirect_stderr=False) as bar:
        task = bar.add_task("validate", total=total)
        last = 0.0

        def advance(done: int) -> None:
            nonlocal last
            bar.update(task, completed=done)
            now = time.monotonic()
            if now - last >= _REFRESH_EVERY or done == total:
                bar.refresh()
                last = now

        yield advance
