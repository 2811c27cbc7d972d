"""Connections at their DI waypoints: sequence flows (default and conditional markers),
message flows (envelope when a message is named), associations and data associations."""

from __future__ import annotations

from ..model.elements import Edge
from . import icons
from .geometry import midpoint, path, place
from .style import FILL, STROKE, colour, tag

_ARROW = [(1, 5), (11, 10), (1, 15)]
_OPEN_ARROW = [(1, 5), (1, 2), (8, 5), (1, 8)]
_SLASH = [(6, 4), (10, 16)]
_DIAMOND = [(0, 10), (8, 6), (16, 10), (8, 14)]


def _direction(a, b):
    return (b[0] - a[0], b[1] - a[1])


def _end(points):
    return points[-1], _direction(points[-2], points[-1])


def _start(points):
    return points[0], _direction(points[0], points[1])


def sequence_flow(edge: Edge, *, default: bool, conditional: bool) -> str:
    points = edge.waypoints
    stroke = colour(edge.stroke, STROKE)
    out = [tag("path", d=path(points), fill="none", stroke=stroke, stroke_width=2,
               stroke_linejoin="round", stroke_linecap="round")]
    at, direction = _end(points)
    out.append(tag("path", d=path(place(_ARROW, at, direction, (11, 10), 1), closed=True),
                   fill=stroke, stroke=stroke, stroke_width=1, stroke_linejoin="round"))
    at, direction = _start(points)
    if default:
        out.append(tag("path", d=path(place(_SLASH, at, direction, (0, 10), 1)), stroke=stroke,
                       stroke_width=2, stroke_linecap="round"))
    elif conditional:
        out.append(tag("path", d=path(place(_DIAMOND, at, direction, (-1, 10), 1), closed=True),
                       fill=colour(edge.fill, FILL), stroke=stroke, stroke_width=2,
                       stroke_linejoin="round"))
    return "".join(out)


def message_flow(edge: Edge, *, has_message: bool) -> str:
    points = edge.waypoints
    stroke = colour(edge.stroke, STROKE)
    fill = colour(edge.fill, FILL)
    out = [tag("path", d=path(points), fill="none", stroke=stroke, stroke_width=1.5,
               stroke_dasharray="10, 11", stroke_linecap="round")]
    out.append(tag("circle", cx=points[0][0], cy=points[0][1], r=5.25, fill=fill, stroke=stroke,
                   stroke_width=1.5))
    at, direction = _end(points)
    out.append(tag("path", d=path(place(_OPEN_ARROW, at, direction, (8.5, 5), 1.5), closed=True),
                   fill=fill, stroke=stroke, stroke_width=1.5, stroke_linejoin="round"))
    if has_message:
        (mx, my), _ = midpoint(points)
        initiating = edge.message_visible_kind != "non_initiating"
        out.append(icons.event_icon(("message",), False, mx, my, 18, not initiating, stroke,
                                    fill))
    return "".join(out)


def association(edge: Edge, *, direction: str) -> str:
    points = edge.waypoints
    stroke = colour(edge.stroke, STROKE)
    out = [tag("path", d=path(points), fill="none", stroke=stroke, stroke_width=2,
               stroke_dasharray="0, 5", stroke_linecap="round")]
    heads = []
    if direction in ("One", "Both"):
        heads.append(_end(points))
    if direction == "Both":
        at, (dx, dy) = _start(points)
        heads.append((at, (-dx, -dy)))
    for at, towards in heads:
        out.append(tag("path", d=path(place(_ARROW, at, towards, (11, 10), 0.75)), fill="none",
                       stroke=stroke, stroke_width=1.5, stroke_linecap="round"))
    return "".join(out)


def waypoints_ok(edge: Edge) -> bool:
    return len(edge.waypoints) >= 2 and any(a != b for a, b in zip(edge.waypoints, edge.waypoints[1:]))


