"""A killed validate leaves no worker behind (they used to check files for nobody, for an
hour, after the parent was killed by a timeout)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

SLOW = ('<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/'
        '20100524/MODEL" id="D" targetNamespace="t"><bpmn:process id="P">'
        '<bpmn:startEvent id="s"/>' + "".join(
            f'<bpmn:parallelGateway id="g{i}"/><bpmn:task id="a{i}"/><bpmn:task id="b{i}"/>'
            f'<bpmn:exclusiveGateway id="j{i}"/>' for i in range(400)) +
        '</bpmn:process></bpmn:definitions>')


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def test_workers_die_with_their_parent(tmp_path) -> None:
    for i in range(4):
        (tmp_path / f"m{i}.bpmn").write_text(SLOW)
    parent = subprocess.Popen([sys.executable, "-c", "from metis_bpmn.cli import main; main()",
                               "validate", str(tmp_path), "--jobs", "2"],
                              env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2 and parent.poll() is None:
        workers = _children(parent.pid)
        time.sleep(0.05)
    if len(workers) < 2:
        parent.kill()
        return  # finished before its workers could be seen: nothing to test on this machine
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    time.sleep(0.5)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and (Path(f"/proc/{w}") / "stat").read_text().split()[2] != "Z"]
    assert not alive, f"workers {alive} outlived their parent"
