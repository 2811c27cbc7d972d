"""Token-based replay of traces on a labelled Petri net, as pm4py defines it.

The method is Berti and van der Aalst's "Reviving Token-based Replay" (ATAED 2019), which
pm4py implements: fire each event's transition; when it is not enabled, first fire silent
transitions along the shortest silent paths from marked places to the places that lack a
token, and if that does not enable it either, count the missing tokens and add them. After
the trace, silent transitions that lead to the final marking fire, then the final marking
is consumed: what it lacks is missing, what is left over is remaining. A trace's fitness
is ``(1 - missing/consumed) / 2 + (1 - remaining/produced) / 2``; a log's is the same over
the summed counts. Silent paths, their order (shortest first, then by place name) and the
bounded search (recursion depth 2) are pm4py's, so the figures agree with
``pm4py.fitness_token_based_replay`` on the same net and log.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from .petri import Net, Transition

_DEPTH = 2  # recursion depth when enabling silent transitions (pm4py's)
_ROUNDS = 5  # attempts to reach the final marking through silent transitions (pm4py's)
_MAX_PATH = 51  # longest silent path considered (pm4py's recursion limit 50, plus one)


@dataclass(frozen=True)
class Missing:
    """A step that happened without being enabled: the places that lacked a token, and the
    places that held tokens just before (for explanations)."""

    index: int
    transition: Transition
    places: tuple[str, ...]
    marked: tuple[str, ...]


@dataclass(frozen=True)
class TraceResult:
    missing: int
    consumed: int
    remaining: int
    produced: int
    deviations: tuple[Missing, ...] = ()
    left: Mapping[str, int] = field(default_factory=dict)  # remaining tokens by place
    unknown: tuple[int, ...] = ()  # events whose activity the net does not have
    ended: bool = False  # the final marking was reached: the case is over

    @property
    def fitness(self) -> float:
        return fitness(self.missing, self.consumed, self.remaining, self.produced)


def fitness(missing: int, consumed: int, remaining: int, produced: int) -> float:
    if consumed <= 0 or produced <= 0:
        return 1.0
    return 0.5 * (1 - missing / consumed) + 0.5 * (1 - remaining / produced)


def log_fitness(results: Iterable[TraceResult]) -> float | None:
    """pm4py's ``log_fitness``: the formula over the counts summed over traces."""
    results = list(results)
    if not results:
        return None
    total = [sum(getattr(r, k) for r in results)
             for k in ("missing", "consumed", "remaining", "produced")]
    if total[1] <= 0 or total[3] <= 0:
        return 0.0  # pm4py's value for a log that moved no token
    return fitness(*total)


def silent_paths(net: Net) -> dict[str, dict[str, tuple[Transition, ...]]]:
    """For each place, the shortest sequence of silent transitions to each place it can
    put a token into (itself included, through a cycle)."""
    takes: dict[str, list[Transition]] = {}
    for t in sorted(net.transitions, key=lambda t: t.name):
        if t.label is None:
            for p in dict.fromkeys(t.inputs):
                takes.setdefault(p, []).append(t)
    paths: dict[str, dict[str, tuple[Transition, ...]]] = {}
    for start in net.places:
        found: dict[str, tuple[Transition, ...]] = {}
        queue = deque([(start, ())])
        while queue:
            place, path = queue.popleft()
            if len(path) >= _MAX_PATH:
                continue
            for t in takes.get(place, ()):
                for p2 in t.outputs:
                    if p2 not in found:
                        found[p2] = path + (t,)
                        queue.append((p2, found[p2]))
        paths[start] = found
    return paths


class Replayer:
    """Replays traces (sequences of activity labels) on one net."""

    def __init__(self, net: Net) -> None:
        self.net = net
        self.by_label = net.by_label()
        self.pre = {t.name: Counter(t.inputs) for t in net.transitions}
        self.post = {t.name: Counter(t.outputs) for t in net.transitions}
        self.paths = silent_paths(net)

    # -- the token game -------------------------------------------------------------------
    def _enabled(self, t: Transition, marking: dict[str, int]) -> bool:
        return all(marking.get(p, 0) >= n for p, n in self.pre[t.name].items())

    def _fire(self, t: Transition, marking: dict[str, int], counts: list[int]) -> None:
        for p, n in self.pre[t.name].items():
            left = marking[p] - n
            if left:
                marking[p] = left
            else:
                del marking[p]
        for p, n in self.post[t.name].items():
            marking[p] = marking.get(p, 0) + n
        counts[0] += len(t.inputs)
        counts[1] += len(t.outputs)

    def _groups(self, marking, targets) -> list[tuple[Transition, ...]]:
        """Silent paths from every marked place to every target, shortest first."""
        found = []
        for p1 in sorted(marking):
            reach = self.paths.get(p1, {})
            for p2 in sorted(targets):
                if p2 in reach:
                    found.append(reach[p2])
        return sorted(found, key=len)

    def _enable(self, t, marking, counts, depth: int, visited: set) -> None:
        """Fire silent transitions that may enable ``t`` (pm4py's bounded search)."""
        if depth >= _DEPTH or t.name in visited:
            return
        visited.add(t.name)
        lacking = {p for p, n in self.pre[t.name].items() if marking.get(p, 0) < n}
        groups = self._groups(marking, lacking)
        if not groups:
            return
        self._walk(t, groups, marking, counts, visited)
        if self._enabled(t, marking):
            return
        for group in self._groups(marking, lacking):
            for t4 in group:
                if t4 is t or t4.name in visited:
                    continue
                if not self._enabled(t4, marking):
                    self._enable(t4, marking, counts, depth + 1, visited)
                if self._enabled(t4, marking):
                    self._fire(t4, marking, counts)
                    visited.add(t4.name)

    def _walk(self, t, groups, marking, counts, visited) -> None:
        """Fire the enabled silent transitions of the paths, a path at a time, round robin,
        until ``t`` is enabled or a pass changes nothing."""
        done = [0] * len(groups)
        turn = 0
        while True:
            group = turn % len(groups)
            changed = False
            while done[group] < len(groups[group]):
                t3 = groups[group][done[group]]
                if t3 is not t and t3.name not in visited and self._enabled(t3, marking):
                    self._fire(t3, marking, counts)
                    visited.add(t3.name)
                    changed = True
                done[group] += 1
                if self._enabled(t, marking):
                    break
            if self._enabled(t, marking) or not changed:
                return
            turn += 1

    def _to_final(self, marking, counts) -> None:
        final = self.net.final
        reached = lambda: all(marking.get(p, 0) > 0 for p in final)  # noqa: E731
        for _ in range(_ROUNDS):
            if reached():
                return
            for group in self._groups(marking, final):
                for t in group:
                    if self._enabled(t, marking):
                        self._fire(t, marking, counts)
                if reached():
                    break
        if reached() or len(final) != 1:
            return
        (sink,) = final
        routes = sorted((self.paths[p][sink] for p in list(marking)
                         if sink in self.paths.get(p, {})), key=len)
        for _ in range(_ROUNDS):
            for route in routes:
                for t in route:
                    if not self._enabled(t, marking):
                        break
                    self._fire(t, marking, counts)

    # -- a trace ------------------------------------------------------------------------
    def trace(self, labels: Sequence[str]) -> TraceResult:
        marking = dict(self.net.initial)
        counts = [0, sum(self.net.initial.values())]  # consumed, produced
        missing = 0
        deviations: list[Missing] = []
        unknown: list[int] = []
        for index, label in enumerate(labels):
            t = self.by_label.get(label)
            if t is None:
                unknown.append(index)
                continue
            if not self._enabled(t, marking):
                self._enable(t, marking, counts, 0, set())
            if not self._enabled(t, marking):
                lacking = [p for p, n in self.pre[t.name].items() if marking.get(p, 0) < n]
                deviations.append(Missing(index, t, tuple(lacking), tuple(marking)))
                for p in lacking:  # pm4py adds the arc's weight, counts the shortfall
                    missing += self.pre[t.name][p] - marking.get(p, 0)
                    marking[p] = marking.get(p, 0) + self.pre[t.name][p]
            self._fire(t, marking, counts)
        self._to_final(marking, counts)
        final = self.net.final
        short = sum(max(0, n - marking.get(p, 0)) for p, n in final.items())
        left = {p: n - final.get(p, 0) for p, n in marking.items() if n > final.get(p, 0)}
        consumed = counts[0] + sum(final.values())
        return TraceResult(missing + short, consumed, sum(left.values()), counts[1],
                           tuple(deviations), left, tuple(unknown), short == 0)
