"""The event log as OCEL 2.0 JSON: one object type, ``case``; each event relates to its case.

OCEL needs a time on every event: an event with no known time takes the time of the event
before it in its case (the Unix epoch for the first), so the order is kept.
"""

from __future__ import annotations

import json
from typing import Mapping, Sequence

from .mapping import Event
from .xes import timestamp

_EPOCH = "1970-01-01T00:00:00+00:00"
_ATTRIBUTES = ("element", "source", "by")


def render(cases: Mapping[str, Sequence[Event]]) -> str:
    activities = sorted({e.activity for events in cases.values() for e in events})
    document = {
        "objectTypes": [{"name": "case", "attributes": []}],
        "eventTypes": [{"name": a, "attributes": [{"name": k, "type": "string"}
                                                  for k in _ATTRIBUTES]} for a in activities],
        "objects": [{"id": case, "type": "case"} for case in cases],
        "events": [],
    }
    number = 0
    for case, events in cases.items():
        time = _EPOCH
        for event in events:
            number += 1
            time = timestamp(event.time) or time
            document["events"].append({
                "id": f"e{number}", "type": event.activity, "time": time,
                "attributes": [{"name": k, "value": getattr(event, k)} for k in _ATTRIBUTES],
                "relationships": [{"objectId": case, "qualifier": "case"}],
            })
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"
