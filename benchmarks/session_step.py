"""Session speed: start + step + save of the Metis processes in-process, and the round trip
of one `metis-bpmn session step` command (a fresh Python process, as a user runs it).

    python benchmarks/session_step.py [--steps 20]

Targets: median under 20 ms per in-process step; under 0.5 s per CLI round trip.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from metis_bpmn.engine.session import Session  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="metis-session-bench-"))
    try:
        vault = work / "vault"
        shutil.copytree(ROOT / "examples" / "vault", vault, ignore=shutil.ignore_patterns(".metis"))
        process = ROOT / "processes" / "rule-evolution.bpmn"
        starts, steps = [], []
        plan = [("Task_propose", {}), ("Task_define_measure", {}),
                ("Task_approve", {"rule_approved": True}), ("Task_enforce", {}),
                ("Task_measure", {"compliance": 0.5}), ("Task_review", {"verdict": "revise"})]
        for _ in range(max(1, args.steps // len(plan))):
            begin = time.perf_counter()
            session = Session.start(vault, process)
            starts.append(time.perf_counter() - begin)
            for task, data in plan:
                begin = time.perf_counter()
                Session.open(vault, session.id).step(task, data=data)
                steps.append(time.perf_counter() - begin)
        print(f"in-process: start median {statistics.median(starts) * 1000:.1f} ms; "
              f"open + step + save median {statistics.median(steps) * 1000:.1f} ms "
              f"(n={len(steps)}, max {max(steps) * 1000:.1f} ms)   target < 20 ms")
        rounds = []
        for task, data in plan[:4]:
            command = [sys.executable, "-m", "metis_bpmn", "session", "step", session.id,
                       "--vault", str(vault), "--task", task, "--format", "json"]
            command += [f"--set={k}={str(v).lower()}" for k, v in data.items()]
            begin = time.perf_counter()
            subprocess.run(command, check=False, capture_output=True, cwd=ROOT)
            rounds.append(time.perf_counter() - begin)
        print(f"CLI `session step` round trip: median {statistics.median(rounds):.2f} s "
              f"(n={len(rounds)})   target < 0.5 s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
