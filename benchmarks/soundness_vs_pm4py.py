"""Soundness checking speed and verdicts, side by side with pm4py, in one run.

    python benchmarks/soundness_vs_pm4py.py [--timeout 30] [--no-pm4py] [--corpus]

Models: k parallel branches of m tasks (k up to 20), nested XOR/AND blocks of 100 to 10,000
nodes, random unstructured models (seeded). For each: our verdict and time (parse excluded:
the analysis a `validate` run adds), pm4py's `check_soundness` verdict and time in a
subprocess with a timeout (pm4py is a bench-only dependency: pip install pm4py). With
--corpus, also every file of ../shared/corpora: median, 95th percentile and maximum.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metis_bpmn.model.parse import load_bytes, load_file  # noqa: E402
from metis_bpmn.soundness.analyse import analyse  # noqa: E402

HEAD = ('<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/'
        'spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:bench"><bpmn:process id="P" '
        'isExecutable="false">')
TAIL = "</bpmn:process></bpmn:definitions>"


class Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.nodes = 0

    def node(self, tag: str) -> str:
        self.n += 1
        self.nodes += 1
        nid = f"n{self.n}"
        self.parts.append(f'<bpmn:{tag} id="{nid}" name="{nid}"/>')
        return nid

    def flow(self, a: str, b: str) -> None:
        self.n += 1
        self.parts.append(f'<bpmn:sequenceFlow id="f{self.n}" sourceRef="{a}" targetRef="{b}"/>')

    def xml(self) -> bytes:
        return (HEAD + "".join(self.parts) + TAIL).encode()


def parallel(k: int, m: int) -> bytes:
    b = Builder()
    start, split, join, end = b.node("startEvent"), b.node("parallelGateway"), \
        b.node("parallelGateway"), b.node("endEvent")
    b.flow(start, split)
    for _ in range(k):
        previous = split
        for _ in range(m):
            task = b.node("task")
            b.flow(previous, task)
            previous = task
        b.flow(previous, join)
    b.flow(join, end)
    return b.xml()


def blocks(target: int, seed: int = 1) -> bytes:
    """Nested XOR/AND blocks and XOR loops until about ``target`` nodes."""
    rng = random.Random(seed)
    b = Builder()

    def fragment(depth: int) -> tuple[str, str]:
        if depth > 4 or b.nodes > target or rng.random() < 0.3:
            task = b.node("task")
            return task, task
        kind = rng.choice(["exclusiveGateway", "parallelGateway", "loop", "seq"])
        if kind == "seq":
            first, last = fragment(depth + 1)
            for _ in range(rng.randint(1, 3)):
                head, tail = fragment(depth + 1)
                b.flow(last, head)
                last = tail
            return first, last
        if kind == "loop":
            merge, split = b.node("exclusiveGateway"), b.node("exclusiveGateway")
            head, tail = fragment(depth + 1)
            b.flow(merge, head)
            b.flow(tail, split)
            b.flow(split, merge)
            return merge, split
        split, join = b.node(kind), b.node(kind)
        for _ in range(rng.randint(2, 3)):
            head, tail = fragment(depth + 1)
            b.flow(split, head)
            b.flow(tail, join)
        return split, join

    start = b.node("startEvent")
    last = start
    while b.nodes < target:
        head, tail = fragment(0)
        b.flow(last, head)
        last = tail
    b.flow(last, b.node("endEvent"))
    return b.xml()


def unstructured(n: int, seed: int) -> bytes:
    """Random gateways and tasks with random forward edges (often unsound)."""
    rng = random.Random(seed)
    b = Builder()
    nodes = [b.node("startEvent")]
    for _ in range(n):
        nodes.append(b.node(rng.choice(["task", "task", "exclusiveGateway", "parallelGateway"])))
    end = b.node("endEvent")
    for i in range(1, len(nodes)):
        b.flow(nodes[rng.randrange(0, i)], nodes[i])
    for node in nodes[1:]:
        if rng.random() < 0.3:
            b.flow(node, end)
    b.flow(nodes[-1], end)
    return b.xml()


def ours(data: bytes) -> tuple[bool | None, float]:
    document = load_bytes(data).document
    start = time.perf_counter()
    results = analyse(document)
    elapsed = time.perf_counter() - start
    if any(r.result.defects for r in results):  # a counterexample decides, budget or not
        return False, elapsed
    if any(not r.result.complete for r in results):
        return None, elapsed
    return True, elapsed


PM4PY = """
import sys, time, pm4py
bpmn = pm4py.read_bpmn(sys.argv[1])
net, im, fm = pm4py.convert_to_petri_net(bpmn)
start = time.perf_counter()
sound = pm4py.check_soundness(net, im, fm, print_diagnostics=False)[0]
print(sound, time.perf_counter() - start)
"""


def pm4py_check(data: bytes, timeout: float) -> tuple[bool | None, float | None]:
    with tempfile.NamedTemporaryFile(suffix=".bpmn", delete=False) as handle:
        handle.write(data)
    try:
        out = subprocess.run([sys.executable, "-c", PM4PY, handle.name], capture_output=True,
                             text=True, timeout=timeout)
        sound, seconds = out.stdout.strip().splitlines()[-1].split()
        return sound == "True", float(seconds)
    except subprocess.TimeoutExpired:
        return None, None
    except (ValueError, IndexError):
        return None, -1.0
    finally:
        Path(handle.name).unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--no-pm4py", action="store_true")
    parser.add_argument("--corpus", action="store_true")
    args = parser.parse_args()
    models = [(f"par {k}x{m}", parallel(k, m)) for k, m in
              [(2, 5), (4, 5), (8, 1), (10, 5), (16, 5), (20, 1), (20, 5)]]
    models += [(f"blocks ~{n}", blocks(n)) for n in (100, 1000, 10_000)]
    models += [(f"random {n} #{s}", unstructured(n, s)) for n in (20, 60) for s in (1, 2)]
    print(f"{'model':16} {'nodes':>6} {'ours':>8} {'ms':>9} {'pm4py':>8} {'s':>9} {'ratio':>9}")
    for name, data in models:
        nodes = data.count(b"<bpmn:") - data.count(b"sequenceFlow") - 2
        verdict, seconds = ours(data)
        peer, peer_s = (None, None) if args.no_pm4py else pm4py_check(data, args.timeout)
        shown = {True: "sound", False: "unsound", None: "undecided"}
        peer_text = "-" if args.no_pm4py else ("timeout" if peer_s is None else
                                                ("error" if peer_s < 0 else shown[peer]))
        ratio = f"{peer_s / seconds:,.2f}x" if peer_s and peer_s > 0 and seconds > 0 else "-"
        print(f"{name:16} {nodes:6} {shown[verdict]:>8} {seconds * 1000:9.1f} {peer_text:>8} "
              f"{(f'{peer_s:.2f}' if peer_s and peer_s > 0 else '-'):>9} {ratio:>9}")
    if args.corpus:
        root = Path(__file__).resolve().parents[2] / "shared" / "corpora"
        times = []
        with open(root / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                document = load_file(root / row["corpus"] / row["path"]).document
                if document is None:
                    continue
                start = time.perf_counter()
                analyse(document)
                times.append((time.perf_counter() - start, row["path"]))
        times.sort()
        values = [t for t, _ in times]
        print(f"corpus: {len(values)} files analysed; median {statistics.median(values) * 1000:.2f} ms, "
              f"p95 {values[int(len(values) * 0.95)] * 1000:.2f} ms, max {values[-1] * 1000:.1f} ms "
              f"({times[-1][1]})")


if __name__ == "__main__":
    main()
