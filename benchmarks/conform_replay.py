"""Token replay of 10,000 generated events, next to pm4py's token replay in one run.

    python benchmarks/conform_replay.py [--events 10000] [--process processes/consolidation.bpmn] [--no-pm4py]

The log: random runs of the process's vault net (the one `conform` replays) with noise
(steps dropped, inserted, swapped), until the event count. Both replays get the same net
and traces; the script prints their times and log fitness (pm4py is optional:
pip install pm4py).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from metis_bpmn.conform.check import check  # noqa: E402
from metis_bpmn.conform.replay import Replayer, log_fitness  # noqa: E402
from tests.conform import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--process", type=Path, default=ROOT / "processes" / "consolidation.bpmn")
    parser.add_argument("--no-pm4py", action="store_true")
    args = parser.parse_args()

    result = check(args.process, ROOT / "examples" / "vault")
    net = result.nets[0]
    traces = generate.events(net, seed=1, count=args.events)
    started = time.perf_counter()
    replayer = Replayer(net)
    ours = log_fitness(replayer.trace(t) for t in traces)
    mine = time.perf_counter() - started
    print(f"{args.events:,} events in {len(traces):,} traces on {args.process.name} "
          f"({len(net.transitions)} transitions, {len(net.places)} places)")
    print(f"metis-bpmn replay: {mine:.3f} s, log fitness {ours:.6f}")
    if args.no_pm4py:
        return
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import pm4py
    except ImportError:
        print("pm4py: not installed (pip install pm4py)")
        return
    from tests.conform.pm4py_bridge import event_log, petri_net
    log, (pn, im, fm) = event_log(traces), petri_net(net)
    started = time.perf_counter()
    theirs = pm4py.fitness_token_based_replay(log, pn, im, fm)["log_fitness"]
    print(f"pm4py {pm4py.__version__} token replay: {time.perf_counter() - started:.3f} s, "
          f"log fitness {theirs:.6f} ({'equal' if abs(theirs - ours) < 1e-12 else 'DIFFERENT'})")


if __name__ == "__main__":
    main()
