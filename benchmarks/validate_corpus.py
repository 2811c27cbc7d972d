"""Wall time of validating the shared corpus next to bpmnlint's CLI on the same files, as
ratios measured in one run, and the model build next to a raw lxml parse.

Each tool runs as a user would run it, as a subprocess: ``python -m metis_bpmn validate
<corpus> -f json -p PROFILE --jobs N`` for the ``recommended`` profile (structure,
soundness, gates) and ``bpmnlint:recommended`` (bpmnlint's rule set alone), at ``--jobs 1``
and at the default (all cores); and ``bpmnlint <every file>`` with ``{"extends":
"bpmnlint:recommended"}``. All get the same files (the ones metis-bpmn's file search finds).
Each round runs bpmnlint, then the four metis-bpmn runs; the median of ``--repeat`` rounds
counts, so a machine that gets busier slows both alike. Times include process start-up.

The model build is timed in this process (CPU time, best of three): ``lxml`` parsing every
file with the loader's hardened parser, then ``load_bytes`` (parse, hostile-input checks and
the typed model) on the same bytes. Then the ``recommended`` run is split into phases, in
this process, one worker's CPU time: building the models, the soundness analysis, the other
rules (with locating findings), and writing the JSON report.

bpmnlint is not a dependency; install it once outside the repository and point to it::

    mkdir -p /tmp/bpmnlint-bench && cd /tmp/bpmnlint-bench && npm install bpmnlint@11.15.0
    python benchmarks/validate_corpus.py --bpmnlint /tmp/bpmnlint-bench/node_modules/.bin/bpmnlint

(or set ``BPMNLINT``; the processes test installs it in ``~/.cache/metis-bpmn/bpmnlint``).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from metis_bpmn.lint.config import Config  # noqa: E402
from metis_bpmn.lint.files import collect  # noqa: E402
from metis_bpmn.lint.runner import lint_loaded  # noqa: E402
from metis_bpmn.model import parse  # noqa: E402
from metis_bpmn.report import FileReport  # noqa: E402
from metis_bpmn.report import json as json_report  # noqa: E402
from metis_bpmn.soundness.analyse import analyse  # noqa: E402

DEFAULT_BPMNLINT = Path.home() / ".cache/metis-bpmn/bpmnlint/node_modules/.bin/bpmnlint"


def _wall(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - start
    if run.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({run.returncode}):\n{run.stderr[-2000:]}")
    return seconds


def _cpu_best(work) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def model_build(files: list[Path]) -> tuple[float, float]:
    datas = [(str(f), f.read_bytes()) for f in files]

    def raw():
        for _, data in datas:
            try:
                etree.fromstring(data, parse._parser())
            except etree.XMLSyntaxError:
                pass

    def ours():
        for name, data in datas:
            parse.load_bytes(data, name)
    return _cpu_best(raw), _cpu_best(ours)


def phases(files: list[Path]) -> dict[str, float]:
    """CPU seconds of each phase of a ``recommended`` run over ``files``, in this process,
    file by file as a worker goes (the analysis is run once on its own to time it, then
    again inside the rules, and subtracted)."""
    config = Config.from_profile("recommended")
    gc.set_threshold(50_000, 20, 100)  # as the workers set it
    spent = dict.fromkeys(("model build (read + load_file)", "soundness analysis",
                           "other rules, locating findings", "JSON report"), 0.0)
    reports = []
    for file in files:
        start = time.process_time()
        load = parse.load_file(file, display=str(file))
        loaded = time.process_time()
        if load.document is not None:
            analyse(load.document)
        analysed = time.process_time()
        reports.append(FileReport(load.file, tuple(lint_loaded(load, config))))
        linted = time.process_time()
        spent["model build (read + load_file)"] += loaded - start
        spent["soundness analysis"] += analysed - loaded
        spent["other rules, locating findings"] += (linted - analysed) - (analysed - loaded)
    start = time.process_time()
    json_report.render(reports)
    spent["JSON report"] = time.process_time() - start
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get(
        "METIS_BPMN_CORPORA", ROOT.parent / "shared" / "corpora")))
    parser.add_argument("--bpmnlint", default=os.environ.get("BPMNLINT", str(DEFAULT_BPMNLINT)),
                        help="path of the bpmnlint CLI (node_modules/.bin/bpmnlint)")
    parser.add_argument("--repeat", type=int, default=2, help="alternating rounds; medians shown")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        raise SystemExit(f"corpus not found at {args.corpora} (use --corpora)")
    if not Path(args.bpmnlint).exists():
        raise SystemExit(f"bpmnlint not found at {args.bpmnlint}: install it (see --help)")
    corpora = args.corpora.resolve()
    files = [s.path for s in collect([str(corpora)], cwd=corpora)]
    print(f"corpus: {corpora} ({len(files)} BPMN files), {os.cpu_count()} cores, "
          f"median of {args.repeat} alternating round(s)")

    commands = {}
    for profile in ("recommended", "bpmnlint:recommended"):
        for jobs in ("1", None):
            name = f"metis-bpmn {profile} " + (f"--jobs {jobs}" if jobs else "(default jobs)")
            commands[name] = [sys.executable, "-m", "metis_bpmn", "validate", str(corpora),
                              "-f", "json", "-p", profile] + (["--jobs", jobs] if jobs else [])
    peer = "bpmnlint 11.15 CLI (bpmnlint:recommended)"
    times: dict[str, list[float]] = {name: [] for name in [*commands, peer]}
    with tempfile.TemporaryDirectory() as scratch:
        Path(scratch, ".bpmnlintrc").write_text('{"extends": "bpmnlint:recommended"}')
        for _ in range(args.repeat):
            times[peer].append(_wall([args.bpmnlint, *map(str, files)], Path(scratch)))
            for name, command in commands.items():
                times[name].append(_wall(command, corpora))
    base = statistics.median(times[peer])
    width = max(map(len, times))
    print(f"{'tool':<{width}}  {'wall s':>7}  {'/ bpmnlint':>10}")
    for name, seconds in times.items():
        middle = statistics.median(seconds)
        print(f"{name:<{width}}  {middle:7.2f}  {middle / base:10.2f}")

    raw, ours = model_build(files)
    print(f"model build: lxml parse {raw:.2f} s CPU, load_bytes {ours:.2f} s CPU, "
          f"ratio {ours / raw:.1f}x")
    split = phases(files)
    print("recommended, one process, CPU s: " + ", ".join(
        f"{name} {seconds:.2f}" for name, seconds in split.items()))


if __name__ == "__main__":
    main()
