"""Run a metis-bpmn command on hostile input the way an attacker's victim would: in a fresh
process with an address-space limit, a wall-clock limit, a canary in the environment, and a
record of every file that appeared outside the places the command may write."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MEMORY_LIMIT = 1 << 30  # 1 GiB of address space
TIME_LIMIT = 5.0
CANARY = "metis-canary-9f3b"
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    new_files: list[str]


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _files(folder: Path) -> set[str]:
    return {str(p) for p in folder.rglob("*")} if folder.exists() else set()


def run(args: list[str], *, cwd: Path, allowed: tuple[Path, ...] = (), stdin: bytes = b"",
        env: dict | None = None) -> Outcome:
    """Run ``metis-bpmn ARGS`` in ``cwd``; files may appear only under ``allowed``."""
    before = _files(cwd)
    command = [sys.executable, "-c", "from metis_bpmn.cli import main; main()", *args]
    environment = {**os.environ, "CANARY_SECRET": CANARY, "PYTHONPATH": str(ROOT),
                   "METIS_USER": "tester", **(env or {})}
    process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, preexec_fn=_limit, env=environment,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(stdin, timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the command and any worker it started
        process.communicate()
        raise AssertionError(f"metis-bpmn {' '.join(args)[:200]} ran past {TIME_LIMIT} s")
    done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    new = sorted(p for p in _files(cwd) - before
                 if not any(Path(p).is_relative_to(a) for a in allowed))
    return Outcome(done.returncode, done.stdout.decode("utf-8", "replace"),
                   done.stderr.decode("utf-8", "replace"), new)


def assert_safe(outcome: Outcome, *, codes: tuple[int, ...] = (0, 1, 2)) -> None:
    """No traceback, no internal error, a documented exit code, no stray file, no canary."""
    text = outcome.stdout + outcome.stderr
    assert "Traceback" not in text, text[-3000:]
    assert "internal error" not in text, text[-3000:]
    assert outcome.code in codes, (outcome.code, text[-3000:])
    assert CANARY not in text, "the environment leaked into the output"
    assert not outcome.new_files, outcome.new_files
