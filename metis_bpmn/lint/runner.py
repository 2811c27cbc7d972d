"""Run the configured rules over loaded files, isolating rule crashes, hangs and dead workers.

Many files are checked by worker processes, one file per task, each with a deadline: a worker
that is still busy when its file's time is up is killed and replaced, and the file gets an
``analysis-timeout`` finding. A thread or ``ProcessPoolExecutor`` cannot do that (neither can
stop a task that never returns).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..gates.policies import forget_policy_files
from ..model.parse import LoadResult, load_bytes, load_file, problem
from .config import Config
from .context import FileContext, RuleContext
from ..finding import RULE_ERROR, Finding, Severity
from .registry import all_rules

TIMEOUT_RULE = "analysis-timeout"


@dataclass(frozen=True, slots=True)
class Source:
    """One input: a file on disk, or bytes read from stdin (``path`` is None)."""

    display: str
    path: Path | None = None
    data: bytes | None = None


def lint_loaded(load: LoadResult, config: Config) -> list[Finding]:
    """All findings for one loaded file, sorted, each defect once (the same rule, element and
    message twice, e.g. one deadlock reached by two runs, is reported once). A crashing rule
    yields a ``rule-error``."""
    shared = FileContext(load, config.settings)
    findings: list[Finding] = []
    seen: set[tuple] = set()
    for rule, name, severity, options in _plan(config):
        if rule.needs_document and load.document is None:
            continue
        ctx = RuleContext(shared, name, severity, options)
        try:
            for finding in rule.check(ctx):
                key = (finding.rule, finding.element_id, finding.message)
                if finding.element_id is None or key not in seen:
                    seen.add(key)
                    findings.append(finding)
        except Exception as exc:  # a broken rule must not stop the run or hide other rules
            where = traceback.extract_tb(exc.__traceback__)[-1]
            findings.append(Finding(
                rule=RULE_ERROR, severity=Severity.ERROR, file=load.file, line=None,
                message=f"Rule {name} crashed: {type(exc).__name__}: {exc} "
                        f"({Path(where.filename).name}:{where.lineno})"))
    return sorted(findings, key=Finding.sort_key)  # one key per finding, not two per comparison


_last_plan: tuple = ((), [])  # (what the plan was made from, the plan)


def _plan(config: Config) -> list[tuple]:
    """Each rule that is on, with its name, severity and options (the rule's defaults under
    the configured ones): worked out once per configuration, not once per file. The plan is
    checked against the settings and rules it was made from, so one changed in place (a test
    swapping a rule) is seen; the check is a lookup per rule."""
    global _last_plan
    rules = all_rules()
    made_from, plan = _last_plan
    if len(made_from) == len(config.rules) and all(
            config.rules.get(name) is setting and rules.get(name) is rule
            for name, setting, rule in made_from):
        return plan
    made_from = tuple((name, setting, rules[name]) for name, setting in config.rules.items())
    plan = [(rule, name, setting.severity, {**rule.options, **setting.options})
            for name, setting, rule in made_from]
    _last_plan = (made_from, plan)  # one assignment: another thread sees the old or the new
    return plan


def lint_source(source: Source, config: Config) -> list[Finding]:
    if source.path is None:
        load = load_bytes(source.data or b"", source.display, max_bytes=config.max_file_size)
    else:
        load = load_file(source.path, display=source.display, max_bytes=config.max_file_size)
    return lint_loaded(load, config)


def timed_out(source: Source, config: Config) -> list[Finding]:
    """The findings for a file whose checks were stopped at the deadline.

    They come from the ``analysis-timeout`` rule, so its configured severity (or "off") applies.
    """
    stopped = problem(TIMEOUT_RULE, f"Checking took longer than {config.timeout:g} s and was "
                                    "stopped; the file was not fully checked")
    return lint_loaded(LoadResult(source.display, None, (stopped,)), config)


def _worker_died(source: Source, exitcode: int | None) -> list[Finding]:
    return [Finding(rule=RULE_ERROR, severity=Severity.ERROR, file=source.display,
                    message=f"Checking this file killed its worker process (exit code {exitcode}); "
                            "it was not checked")]


Progress = Callable[[int], None]

# What a pipe to a dead worker raises: EOFError, or (with data unread on either side)
# ConnectionResetError or BrokenPipeError, both OSErrors.
_GONE = (EOFError, OSError)


def lint_sources(sources: Sequence[Source], config: Config, *, jobs: int | None = None,
                 on_done: Progress | None = None) -> Iterator[tuple[Source, list[Finding]]]:
    """Lint many sources and yield them in input order.

    ``jobs`` worker processes (default: all cores) check the files, each within
    ``config.timeout`` seconds. Without a timeout and with one job, files are checked in this
    process. ``on_done(n)`` is called with the number of files finished so far.
    """
    jobs = max(1, jobs or os.cpu_count() or 1)
    if not sources:
        return
    forget_policy_files()
    if jobs == 1 and not config.timeout:
        for done, source in enumerate(sources, 1):
            findings = lint_source(source, config)
            if on_done:
                on_done(done)
            yield source, findings
        return
    yield from _pooled(sources, config, min(jobs, len(sources)), on_done)


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the parent dies (a killed ``validate`` must
    not leave workers checking files for nobody)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before we asked
        os._exit(0)


def _serve(conn: Connection, config: Config, sources: Sequence[Source]) -> None:
    """Worker loop: receive the index of a source, send back ``(index, findings, error)``.
    (The worker has the sources from its start, inherited with fork, sent once with spawn:
    a task is a number, not a pickled path, and no large send can meet a large result.)"""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # A model is hundreds of thousands of small acyclic objects: collecting the youngest
    # generation every 700 allocations finds nothing and costs about a tenth of the run.
    gc.set_threshold(50_000, 20, 100)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        try:
            conn.send((task, lint_source(sources[task], config), None))
        except Exception as exc:  # e.g. an unreadable file: the parent raises it as it would
            conn.send((task, None, exc))


def _context():
    # fork is cheapest and the parent runs no threads at that point; elsewhere use spawn.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


class _Worker:
    """One worker process and the files it has been given, oldest (being checked) first.

    A worker holds up to :data:`_DEPTH` files so that it never waits for the parent between
    two files. Only the oldest is being checked; its deadline starts when it is given to an
    idle worker, or when the result of the file before it arrives.
    """

    def __init__(self, context, config: Config, sources: Sequence[Source]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, config, sources),
                                       daemon=True)
        self.process.start()
        child.close()
        self.tasks: deque[int] = deque()
        self.deadline = float("inf")
        self.gone = False

    def give(self, index: int, timeout: float) -> bool:
        """Send a file to check; False if the process is gone (reading its pipe tells why)."""
        try:
            self.conn.send(index)
        except _GONE:
            self.gone = True
            return False
        if not self.tasks:
            self.deadline = time.monotonic() + timeout if timeout else float("inf")
        self.tasks.append(index)
        return True

    def done(self, timeout: float) -> int:
        """The oldest file is finished; the next one starts its clock."""
        index = self.tasks.popleft()
        self.deadline = time.monotonic() + timeout if self.tasks and timeout else float("inf")
        return index

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


_DEPTH = 2  # files in flight per worker: hides the round trip to the parent (~25% on -j1)


def _pooled(sources: Sequence[Source], config: Config, jobs: int, on_done: Progress | None
            ) -> Iterator[tuple[Source, list[Finding]]]:
    context = _context()
    todo = deque(range(len(sources)))
    finished: dict[int, list[Finding]] = {}
    workers: list[_Worker] = []
    emitted = 0

    def feed(worker: _Worker) -> None:
        while todo and len(worker.tasks) < _DEPTH:
            if not worker.give(todo[0], config.timeout):
                return
            todo.popleft()

    def finish(index: int, findings: list[Finding]) -> None:
        finished[index] = findings
        if on_done:
            on_done(len(finished) + emitted)

    def replace(worker: _Worker, findings: list[Finding]) -> None:
        """The worker's current file ends with ``findings``; the rest go to a fresh worker."""
        finish(worker.tasks.popleft(), findings)
        retire(worker)

    def retire(worker: _Worker) -> None:
        """The files queued in the worker go back to the front of the line, to a fresh one."""
        todo.extendleft(reversed(worker.tasks))
        worker.kill()
        workers.remove(worker)
        fresh = _Worker(context, config, sources)
        workers.append(fresh)
        feed(fresh)

    try:
        for _ in range(jobs):
            workers.append(_Worker(context, config, sources))
            feed(workers[-1])
        while emitted < len(sources):
            # A worker found gone while idle is read too: its end of file replaces it.
            busy = [w for w in workers if w.tasks or w.gone]
            soonest = min(w.deadline for w in busy)
            wait_for = None if soonest == float("inf") else max(0.0, soonest - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=wait_for)
            for worker in [w for w in busy if w.conn in ready]:
                try:
                    _, findings, error = worker.conn.recv()
                except _GONE:  # the process died: a crash in C code, the OOM killer, a kill
                    worker.process.join()
                    if worker.tasks:
                        current = sources[worker.tasks[0]]
                        replace(worker, _worker_died(current, worker.process.exitcode))
                    else:  # it died between two files: nothing to blame
                        retire(worker)
                    continue
                if error is not None:
                    raise error
                late = time.monotonic() > worker.deadline  # the deadline holds even for a
                index = worker.done(config.timeout)        # result that arrives just after it
                finish(index, timed_out(sources[index], config) if late else findings)
                feed(worker)
            now = time.monotonic()
            for worker in [w for w in workers if w.tasks and w.deadline <= now]:
                replace(worker, timed_out(sources[worker.tasks[0]], config))
            while emitted in finished:
                yield sources[emitted], finished.pop(emitted)
                emitted += 1
    finally:
        for worker in workers:
            if worker.tasks:  # still busy: only on an error or Ctrl-C
                worker.kill()
            else:
                worker.stop()

