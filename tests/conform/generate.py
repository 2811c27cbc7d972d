"""Generated logs for replay tests and the benchmark: runs of a net (random choices at
every step), with noise (steps dropped, repeated from elsewhere, swapped)."""

from __future__ import annotations

import random
from collections import Counter

from metis_bpmn.conform.petri import Net


def run(net: Net, rng: random.Random, limit: int = 60) -> list[str]:
    """The visible labels of one random firing sequence, until nothing is enabled."""
    marking = Counter(net.initial)
    labels: list[str] = []
    for _ in range(limit * 4):
        enabled = [t for t in net.transitions
                   if all(marking[p] >= n for p, n in Counter(t.inputs).items())]
        if not enabled or len(labels) >= limit:
            break
        t = rng.choice(enabled)
        marking.subtract(t.inputs)
        marking.update(t.outputs)
        if t.label is not None:
            labels.append(t.label)
    return labels


def noisy(trace: list[str], labels: list[str], rng: random.Random) -> list[str]:
    trace = list(trace)
    for _ in range(rng.randint(0, 3)):
        roll = rng.random()
        if roll < 0.3 and trace:
            del trace[rng.randrange(len(trace))]
        elif roll < 0.6:
            trace.insert(rng.randint(0, len(trace)), rng.choice(labels))
        elif len(trace) > 1:
            i = rng.randrange(len(trace) - 1)
            trace[i], trace[i + 1] = trace[i + 1], trace[i]
    return trace


def log(net: Net, seed: int, traces: int) -> list[list[str]]:
    """Fitting runs, noisy runs and random sequences, a third each."""
    rng = random.Random(seed)
    labels = sorted(net.by_label())
    found = []
    for number in range(traces):
        if number % 3 == 0:
            found.append([rng.choice(labels) for _ in range(rng.randint(0, 12))])
        else:
            trace = run(net, rng)
            found.append(noisy(trace, labels, rng) if number % 3 == 2 else trace)
    return found


def events(net: Net, seed: int, count: int) -> list[list[str]]:
    """Fitting and noisy traces until ``count`` events in all."""
    rng = random.Random(seed)
    labels = sorted(net.by_label())
    found, total = [], 0
    while total < count:
        trace = run(net, rng)
        trace = noisy(trace, labels, rng) if rng.random() < 0.5 else trace
        trace = trace[:count - total]
        found.append(trace)
        total += len(trace)
    return found
