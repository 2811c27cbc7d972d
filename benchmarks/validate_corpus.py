"""Wall time of validating the whole shared corpus: metis-bpmn with 1 and 2 workers, and the
bpmnlint CLI on the same files, measured in the same run.

Each tool runs as a user would run it, as a subprocess: ``python -m metis_bpmn validate
<corpus> -f json --jobs N`` and ``bpmnlint <every file>`` (with ``{"extends":
"bpmnlint:recommended"}``). Both get the same files: the ones metis-bpmn's own file search
finds. Times include process start-up; outputs are parsed only to print the finding counts.

bpmnlint is not a dependency; install it once outside the repository and point to it::

    mkdir -p /tmp/bpmnlint-bench && cd /tmp/bpmnlint-bench && npm install bpmnlint@11.15.0
    python benchmarks/validate_corpus.py --bpmnlint /tmp/bpmnlint-bench/node_modules/.bin/bpmnlint

(or set ``BPMNLINT``). Without it, only metis-bpmn is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from metis_bpmn.lint.files import collect  # noqa: E402

INSTALL = ("bpmnlint not found. Install it outside the repository, e.g.\n"
           "  mkdir -p /tmp/bpmnlint-bench && cd /tmp/bpmnlint-bench && npm install bpmnlint@11.15.0\n"
           "then pass --bpmnlint /tmp/bpmnlint-bench/node_modules/.bin/bpmnlint (or set BPMNLINT).")


def _time(command: list[str], cwd: Path, repeat: int) -> tuple[float, subprocess.CompletedProcess]:
    times, run = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        run = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        times.append(time.perf_counter() - start)
        if run.returncode not in (0, 1):
            raise SystemExit(f"{command[0]} failed ({run.returncode}):\n{run.stderr[-2000:]}")
    assert run is not None
    return statistics.median(times), run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get(
        "METIS_BPMN_CORPORA", ROOT.parent / "shared" / "corpora")))
    parser.add_argument("--bpmnlint", default=os.environ.get("BPMNLINT"),
                        help="path of the bpmnlint CLI (node_modules/.bin/bpmnlint)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool; the median is shown")
    parser.add_argument("--profile", default="recommended", help="metis-bpmn profile")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        raise SystemExit(f"corpus not found at {args.corpora} (use --corpora)")
    corpora = args.corpora.resolve()
    files = [str(s.path) for s in collect([str(corpora)], cwd=corpora)]
    print(f"corpus: {corpora} ({len(files)} BPMN files), {os.cpu_count()} cores, "
          f"median of {args.repeat} run(s)")

    rows = []
    for jobs in (1, 2):
        seconds, run = _time([sys.executable, "-m", "metis_bpmn", "validate", str(corpora),
                              "-f", "json", "-p", args.profile, "--jobs", str(jobs)],
                             corpora, args.repeat)
        summary = json.loads(run.stdout)["summary"]
        rows.append((f"metis-bpmn --jobs {jobs} ({args.profile})", seconds,
                     f"{summary['errors']} errors, {summary['warnings']} warnings"))

    bpmnlint = args.bpmnlint
    if bpmnlint and Path(bpmnlint).exists():
        with tempfile.TemporaryDirectory() as scratch:
            Path(scratch, ".bpmnlintrc").write_text('{"extends": "bpmnlint:recommended"}')
            seconds, run = _time([bpmnlint, *files], Path(scratch), args.repeat)
        totals = re.search(r"(\d+) problems? \((\d+) errors?, (\d+) warnings?\)", run.stdout)
        found = f"{totals.group(2)} errors, {totals.group(3)} warnings" if totals else "no problems"
        rows.append(("bpmnlint 11.15 CLI (bpmnlint:recommended)", seconds, found))
    else:
        print(INSTALL, file=sys.stderr)

    width = max(len(name) for name, _, _ in rows)
    base = rows[0][1]
    print(f"{'tool':<{width}}  {'wall s':>7}  {'vs -j1':>6}  findings")
    for name, seconds, found in rows:
        print(f"{name:<{width}}  {seconds:7.2f}  {seconds / base:6.2f}  {found}")
    if len(rows) == 3:
        print(f"bpmnlint / metis-bpmn -j1 = {rows[2][1] / rows[0][1]:.2f}; "
              f"bpmnlint / metis-bpmn -j2 = {rows[2][1] / rows[1][1]:.2f}; "
              f"-j1 / -j2 = {rows[0][1] / rows[1][1]:.2f}")
    print("Rule sets differ: metis-bpmn runs the rules this build has; bpmnlint runs its own "
          "recommended set.")


if __name__ == "__main__":
    main()
