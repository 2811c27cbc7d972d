"""Cycles and backward reachability over a successor map (any hashable states): pure
functions the soundness detectors use on the state space."""

from __future__ import annotations

from collections import deque
from typing import Hashable, Iterable, Mapping, Sequence


def backward_closure(predecessors: Mapping[Hashable, Iterable[Hashable]],
                     seeds: Iterable[Hashable]) -> set:
    """The seeds and every state from which a seed can be reached.

    >>> sorted(backward_closure({"c": ["b"], "b": ["a"], "x": ["y"]}, ["c"]))
    ['a', 'b', 'c']
    """
    closed = set(seeds)
    queue = deque(closed)
    while queue:
        state = queue.popleft()
        for previous in predecessors.get(state, ()):
            if previous not in closed:
                closed.add(previous)
                queue.append(previous)
    return closed


def first_on_cycle(order: Sequence[Hashable],
                   successors: Mapping[Hashable, Sequence[Hashable]]):
    """The earliest state of ``order`` that lies on a cycle (a strongly connected component
    of two or more states, or a self-loop), or None. Tarjan's algorithm, iteratively.

    >>> first_on_cycle(["a", "b", "c", "d"], {"a": ["b"], "b": ["c"], "c": ["b"], "d": []})
    'b'
    >>> first_on_cycle(["a", "b"], {"a": ["b"]}) is None
    True
    """
    rank = {state: i for i, state in enumerate(order)}
    on_cycle = set()
    index: dict = {}
    low: dict = {}
    stack: list = []
    on_stack: set = set()
    counter = 0
    for root in order:
        if root in index:
            continue
        work = [(root, iter(successors.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            state, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child == state:
                    on_cycle.add(state)
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors.get(child, ()))))
                elif child in on_stack:
                    low[state] = min(low[state], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[state])
            if low[state] == index[state]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == state:
                        break
                if len(component) > 1:
                    on_cycle.update(component)
    return min(on_cycle, key=rank.__getitem__, default=None)
