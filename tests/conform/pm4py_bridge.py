"""Our nets and traces as pm4py objects (pm4py is a test-only dependency)."""

from __future__ import annotations

import contextlib
import io
from collections import Counter

import pytest

from metis_bpmn.conform.petri import Net


def pm4py_or_skip():
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # pm4py prints a banner on import
            import pm4py
    except ImportError:
        pytest.skip("pm4py is not installed (pip install -e '.[conform-test]'): the agreement "
                    "with pm4py's token-based replay is not checked")
    return pm4py


def petri_net(net: Net):
    """The same net for pm4py: the same place and transition names, labels and weights."""
    from pm4py.objects.petri_net.obj import Marking, PetriNet
    from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to
    result = PetriNet("metis")
    places = {name: PetriNet.Place(name) for name in net.places}
    result.places.update(places.values())
    for t in net.transitions:
        transition = PetriNet.Transition(t.name, t.label)
        result.transitions.add(transition)
        for place, weight in Counter(t.inputs).items():
            add_arc_from_to(places[place], transition, result, weight=weight)
        for place, weight in Counter(t.outputs).items():
            add_arc_from_to(transition, places[place], result, weight=weight)
    return (result, Marking({places[p]: n for p, n in net.initial.items()}),
            Marking({places[p]: n for p, n in net.final.items()}))


def event_log(traces: list[list[str]]):
    from pm4py.objects.log.obj import Event, EventLog, Trace
    return EventLog([Trace([Event({"concept:name": a}) for a in trace],
                           attributes={"concept:name": f"case {i}"})
                     for i, trace in enumerate(traces)])
