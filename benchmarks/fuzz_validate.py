"""Longer fuzzing run than CI's: mutated corpus files through every rule.

    python benchmarks/fuzz_validate.py [--examples 2000] [--timeout 20]

Each example runs in-process with a per-example alarm; prints examples/s and any crash,
rule error or hang it finds. Exits 1 on any.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))

from metis_bpmn.lint.config import Config  # noqa: E402
from metis_bpmn.lint.runner import lint_loaded  # noqa: E402
from metis_bpmn.model.parse import load_bytes  # noqa: E402
from tests.fuzz.mutations import mutated_bpmn, seed_files  # noqa: E402


class Hang(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--timeout", type=int, default=20)
    args = parser.parse_args()
    config = Config.from_profile("all")
    problems: list[str] = []
    count = [0]

    def on_alarm(*_):
        raise Hang()

    signal.signal(signal.SIGALRM, on_alarm)

    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mutated_bpmn(seed_files(2000)))
    def run(data: bytes) -> None:
        count[0] += 1
        signal.alarm(args.timeout)
        try:
            findings = lint_loaded(load_bytes(data, "fuzz.bpmn"), config)
            problems.extend(f.message for f in findings if f.rule == "rule-error")
        except Hang:
            problems.append(f"hang over {args.timeout}s on {len(data)} bytes")
        except Exception as exc:  # what we are looking for
            problems.append(f"crash: {type(exc).__name__}: {exc}")
        finally:
            signal.alarm(0)

    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    print(f"{count[0]} examples in {elapsed:.1f} s ({count[0] / elapsed:.1f}/s); "
          f"{len(problems)} problems")
    for problem in problems[:20]:
        print("  ", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
