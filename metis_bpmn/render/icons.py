"""Notation icons, drawn for this project from the BPMN 2.0 specification's figures (not
bpmn-js's path data). Event icons are centred on the event and scaled to its radius; task
icons sit at the task's top-left corner; activity markers at its bottom centre."""

from __future__ import annotations

import math

from .geometry import path
from .style import num, tag


def _poly(points, stroke, fill, width=1.0, cx=0.0, cy=0.0, s=1.0) -> str:
    return tag("path", d=path([(cx + x * s, cy + y * s) for x, y in points], closed=True),
               fill=fill, stroke=stroke, stroke_width=width, stroke_linejoin="round")


def event_icon(kinds: tuple[str, ...], parallel: bool, cx: float, cy: float, r: float,
               filled: bool, stroke: str, fill: str) -> str:
    """The icon of an event's definitions: one kind, or multiple / parallel multiple."""
    if not kinds:
        return ""
    s = r / 18
    ink, paper = (stroke, stroke) if filled else (stroke, fill)
    kind = kinds[0] if len(kinds) == 1 else ("parallelMultiple" if parallel else "multiple")
    if kind == "message":
        w, h = 20 * s, 14 * s
        x, y = cx - w / 2, cy - h / 2
        flap = "white" if filled else stroke
        return (tag("rect", x=x, y=y, width=w, height=h, fill=paper, stroke=ink, stroke_width=1)
                + tag("path", d=path([(x, y), (cx, cy + 1 * s), (x + w, y)]), fill="none",
                      stroke=flap, stroke_width=1))
    if kind == "timer":
        radius = 11 * s
        out = [tag("circle", cx=cx, cy=cy, r=radius, fill=fill, stroke=stroke, stroke_width=2)]
        for i in range(12):
            a = i * math.pi / 6
            inner = radius * (0.72 if i % 3 == 0 else 0.82)
            out.append(tag("path", d=path([(cx + inner * math.cos(a), cy + inner * math.sin(a)),
                                           (cx + radius * math.cos(a), cy + radius * math.sin(a))]),
                           stroke=stroke, stroke_width=1))
        out.append(tag("path", d=path([(cx + 6 * s, cy - 4 * s), (cx, cy), (cx + 2 * s, cy - 8 * s)]),
                       fill="none", stroke=stroke, stroke_width=1))
        return "".join(out)
    if kind == "conditional":
        x, y, w, h = cx - 7 * s, cy - 9 * s, 14 * s, 18 * s
        lines = "".join(tag("path", d=path([(x + 2.5 * s, y + t * s), (x + w - 2.5 * s, y + t * s)]),
                            stroke=stroke, stroke_width=1) for t in (4, 8, 12, 15))
        return tag("rect", x=x, y=y, width=w, height=h, fill=fill, stroke=stroke,
                   stroke_width=1) + lines
    if kind == "signal":
        return _poly([(0, -11), (10, 7), (-10, 7)], ink, paper, 1, cx, cy, s)
    if kind == "escalation":
        return _poly([(0, -11), (8, 9), (0, 2), (-8, 9)], ink, paper, 1, cx, cy, s)
    if kind == "error":
        return _poly([(-9, 9), (-4, -9), (2, 0), (9, -9), (4, 9), (-2, 0)], ink, paper, 1, cx, cy, s)
    if kind == "cancel":
        arm = [(-9, -6), (-6, -9), (0, -3), (6, -9), (9, -6), (3, 0), (9, 6), (6, 9), (0, 3),
               (-6, 9), (-9, 6), (-3, 0)]
        return _poly(arm, ink, paper, 1, cx, cy, s)
    if kind == "compensate":
        return (_poly([(-10, 0), (0, -7), (0, 7)], ink, paper, 1, cx, cy, s)
                + _poly([(0, 0), (10, -7), (10, 7)], ink, paper, 1, cx, cy, s))
    if kind == "link":
        return _poly([(-9, -4), (2, -4), (2, -9), (10, 0), (2, 9), (2, 4), (-9, 4)],
                     ink, paper, 1, cx, cy, s)
    if kind == "terminate":
        return tag("circle", cx=cx, cy=cy, r=max(r - 8, 1), fill=stroke, stroke=stroke,
                   stroke_width=4)
    if kind == "multiple":
        points = [(10 * math.sin(i * 2 * math.pi / 5), -10 * math.cos(i * 2 * math.pi / 5))
                  for i in range(5)]
        return _poly(points, ink, paper, 1, cx, cy, s)
    if kind == "parallelMultiple":
        return _poly([(-2.5, -10), (2.5, -10), (2.5, -2.5), (10, -2.5), (10, 2.5), (2.5, 2.5),
                      (2.5, 10), (-2.5, 10), (-2.5, 2.5), (-10, 2.5), (-10, -2.5), (-2.5, -2.5)],
                     ink, fill, 1, cx, cy, s)
    return ""


def task_icon(tag_name: str, x: float, y: float, stroke: str, fill: str,
              instantiate: bool = False) -> str:
    """The small icon in a task's top-left corner that says what kind of task it is."""
    if tag_name in ("sendTask", "receiveTask"):
        filled = tag_name == "sendTask"
        ex, ey, w, h = x + 8, y + 8, 21, 14
        out = ""
        if instantiate:
            out = tag("circle", cx=ex + w / 2, cy=ey + h / 2, r=12, fill="none", stroke=stroke,
                      stroke_width=1)
        return out + (tag("rect", x=ex, y=ey, width=w, height=h, fill=stroke if filled else fill,
                          stroke=stroke, stroke_width=1)
                      + tag("path", d=path([(ex, ey), (ex + w / 2, ey + 7), (ex + w, ey)]),
                            fill="none", stroke="white" if filled else stroke, stroke_width=1))
    if tag_name == "userTask":
        return (tag("circle", cx=x + 18, cy=y + 12, r=4.5, fill=fill, stroke=stroke, stroke_width=1)
                + tag("path", d=f"M{num(x + 9)},{num(y + 27)}C{num(x + 9)},{num(y + 18)} "
                                f"{num(x + 27)},{num(y + 18)} {num(x + 27)},{num(y + 27)}Z",
                      fill=fill, stroke=stroke, stroke_width=1))
    if tag_name == "manualTask":
        return tag("path", d=path([(x + 8, y + 22), (x + 8, y + 14), (x + 14, y + 9), (x + 26, y + 9),
                                   (x + 26, y + 12), (x + 18, y + 12), (x + 27, y + 15),
                                   (x + 27, y + 18), (x + 25, y + 22)], closed=True),
                   fill=fill, stroke=stroke, stroke_width=1)
    if tag_name == "serviceTask":
        return _gear(x + 15, y + 16, 6, stroke, fill) + _gear(x + 21, y + 22, 6, stroke, fill)
    if tag_name == "scriptTask":
        return tag("path", d=f"M{num(x + 12)},{num(y + 9)}h12c-4,4 -4,8 0,12s4,8 0,12h-12"
                             f"c4,-4 4,-8 0,-12s-4,-8 0,-12Z", fill=fill, stroke=stroke,
                   stroke_width=1) + "".join(
            tag("path", d=path([(x + 14 + d, y + 14 + t), (x + 21 + d, y + 14 + t)]),
                stroke=stroke, stroke_width=1) for d, t in ((0, 0), (1, 5), (0, 10)))
    if tag_name == "businessRuleTask":
        bx, by = x + 8, y + 8
        return (tag("rect", x=bx, y=by, width=17, height=12, fill=fill, stroke=stroke, stroke_width=1)
                + tag("rect", x=bx, y=by, width=17, height=4, fill=stroke, stroke=stroke,
                      stroke_width=1)
                + tag("path", d=path([(bx, by + 8), (bx + 17, by + 8)]), stroke=stroke, stroke_width=1)
                + tag("path", d=path([(bx + 5, by + 4), (bx + 5, by + 12)]), stroke=stroke,
                      stroke_width=1))
    return ""


def _gear(cx: float, cy: float, r: float, stroke: str, fill: str) -> str:
    points = []
    for i in range(16):
        a = i * math.pi / 8
        radius = r if i % 2 == 0 else r * 0.72
        points.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    return (tag("path", d=path(points, closed=True), fill=fill, stroke=stroke, stroke_width=1)
            + tag("circle", cx=cx, cy=cy, r=r * 0.3, fill=fill, stroke=stroke, stroke_width=1))


def activity_markers(markers: list[str], cx: float, bottom: float, stroke: str, fill: str) -> str:
    """Bottom-centre markers (loop, multi-instance, compensation, ad-hoc, collapsed [+]),
    side by side around the centre."""
    width, gap = 14, 4
    left = cx - (len(markers) * width + (len(markers) - 1) * gap) / 2
    out = []
    for i, marker in enumerate(markers):
        x, y = left + i * (width + gap), bottom - 20
        if marker == "collapsed":
            out.append(tag("rect", x=x, y=y, width=14, height=14, fill=fill, stroke=stroke,
                           stroke_width=1.5)
                       + tag("path", d=f"M{num(x + 7)},{num(y + 3)}v8M{num(x + 3)},{num(y + 7)}h8",
                             stroke=stroke, stroke_width=1.5))
        elif marker == "parallel":
            out.append("".join(tag("path", d=f"M{num(x + d)},{num(y + 1)}v12", stroke=stroke,
                                   stroke_width=2) for d in (3, 7, 11)))
        elif marker == "sequential":
            out.append("".join(tag("path", d=f"M{num(x + 1)},{num(y + d)}h12", stroke=stroke,
                                   stroke_width=2) for d in (3, 7, 11)))
        elif marker == "loop":
            out.append(tag("path", d=f"M{num(x + 3)},{num(y + 11)}A5.5,5.5 0 1 1 {num(x + 11)},"
                                     f"{num(y + 11)}", fill="none", stroke=stroke, stroke_width=1.5)
                       + _poly([(0, 0), (4, -1), (2, 3)], stroke, stroke, 1, x + 10, y + 9))
        elif marker == "compensation":
            out.append(_poly([(0, 7), (7, 2), (7, 12)], stroke, fill, 1, x, y)
                       + _poly([(7, 7), (14, 2), (14, 12)], stroke, fill, 1, x, y))
        elif marker == "adhoc":
            out.append(tag("path", d=f"M{num(x)},{num(y + 8)}c3,-5 5,-5 7,0s4,5 7,0",
                           fill="none", stroke=stroke, stroke_width=1.5))
    return "".join(out)
